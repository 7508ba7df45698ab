package dev.mirrorsync.core;

import dev.mirrorsync.core.spi.PushResult;
import dev.mirrorsync.core.spi.RefUpdate;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries one branch's plan out through the SPIs: every push leased, a backup ref before any overwrite, and
 * a fresh observation and plan whenever a push is rejected because a tip moved (bounded by the retry policy).
 */
final class SyncExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(SyncExecutor.class);

    private final Retrier retrier;
    private final BranchObserver observer;
    private final BranchWriter writer;
    private final Explanations explanations;

    SyncExecutor(Retrier retrier, BranchObserver observer, BranchWriter writer, Explanations explanations) {
        this.retrier = retrier;
        this.observer = observer;
        this.writer = writer;
        this.explanations = explanations;
    }

    /** Observes, plans and (unless dry or not permitted) acts on one branch, starting from listed tips. */
    BranchReport sync(String branch, Optional<CommitId> privateTip, Optional<CommitId> publicTip, SyncRequest request) {
        return sync(branch, privateTip, publicTip, request, 1, "", Optional.empty());
    }

    /** As {@link #sync(String, Optional, Optional, SyncRequest)}, from an observation already made (not made again). */
    BranchReport sync(Observation seen, SyncRequest request) {
        return sync(seen.branch(), seen.privateTip(), seen.publicTip(), request, 1, "", Optional.of(seen));
    }

    /**
     * As {@link #sync(String, Optional, Optional, SyncRequest)}, for a branch whose earlier rounds were spent elsewhere
     * (a batched push that was refused): {@code firstRound} counts them against the re-plan bound.
     */
    BranchReport sync(
            String branch,
            Optional<CommitId> privateTip,
            Optional<CommitId> publicTip,
            SyncRequest request,
            int firstRound,
            String earlierRejection) {
        return sync(branch, privateTip, publicTip, request, firstRound, earlierRejection, Optional.empty());
    }

    private BranchReport sync(
            String branch,
            Optional<CommitId> privateTip,
            Optional<CommitId> publicTip,
            SyncRequest request,
            int firstRound,
            String earlierRejection,
            Optional<Observation> observed) {
        Optional<CommitId> p = privateTip;
        Optional<CommitId> q = publicTip;
        String lastRejection = earlierRejection;
        Optional<Observation> given = observed;
        for (int round = firstRound; round <= retrier.policy().maxReplans(); round++) {
            Observation seen = given.isPresent() ? given.get() : observer.observe(branch, p, q);
            given = Optional.empty();
            Plan plan = SyncPlanner.plan(seen, request);
            BranchReport.Builder report = observer.describe(seen, plan);
            Optional<Outcome> settled = settledWithoutPush(plan, request);
            if (settled.isPresent()) {
                BranchReport done = finish(
                        report, seen, plan, settled.get(), seen.privateTip(), seen.publicTip(), Optional.empty());
                boolean inSync = settled.get() == Outcome.UP_TO_DATE && !request.dryRun();
                return inSync
                        ? writer.withWatermark(done, seen, seen.privateTip().orElseThrow())
                        : done;
            }
            Attempt attempt = execute(seen, plan);
            if (attempt.succeeded()) {
                CommitId agreed = attempt.privateAfter().orElseThrow();
                BranchReport synced = finish(
                        report,
                        seen,
                        plan,
                        Outcome.SYNCED,
                        attempt.privateAfter(),
                        attempt.publicAfter(),
                        attempt.backupRef());
                return writer.withWatermark(synced, seen, agreed);
            }
            Map<Side, Optional<CommitId>> now = observer.refresh(branch);
            lastRejection = attempt.rejection();
            if (seen.sameTips(now.get(Side.PRIVATE), now.get(Side.PUBLIC))) {
                return refused(branch, report, plan, now, attempt.backupRef(), lastRejection);
            }
            LOG.info("{}: a tip moved while syncing ({}); observing again", branch, lastRejection);
            p = now.get(Side.PRIVATE);
            q = now.get(Side.PUBLIC);
        }
        // The last round's listing after its rejected push is the one this report is made from: no second listing.
        Observation last = observer.observe(branch, p, q);
        return observer.describe(last, SyncPlanner.plan(last, request))
                .outcome(Outcome.FAILED)
                .privateAfter(last.privateTip())
                .publicAfter(last.publicTip())
                .failure(MirrorSyncException.Reason.CONCURRENT_UPDATE)
                .message(branch + " kept moving while mirror-sync tried to sync it (" + lastRejection
                        + "); nothing was overwritten. Run again when pushes settle.")
                .build();
    }

    /** Nothing moved, yet the push was rejected: the remote refused on its own terms (protection, hook, permission). */
    static BranchReport refused(
            String branch,
            BranchReport.Builder report,
            Plan plan,
            Map<Side, Optional<CommitId>> now,
            Optional<String> backupRef,
            String rejection) {
        return report.outcome(Outcome.FAILED)
                .privateAfter(now.get(Side.PRIVATE))
                .publicAfter(now.get(Side.PUBLIC))
                .backupRef(backupRef)
                .failure(MirrorSyncException.Reason.PERMISSION)
                .message(Explanations.rejected(branch, plan, rejection))
                .build();
    }

    Optional<Outcome> settledWithoutPush(Plan plan, SyncRequest request) {
        if (plan.state() == SyncState.BOTH_MISSING) {
            return Optional.of(Outcome.FAILED);
        }
        if (plan.action() == SyncAction.NONE) {
            return Optional.of(Outcome.UP_TO_DATE);
        }
        if (plan.action() == SyncAction.REPORT) {
            return Optional.of(Outcome.NEEDS_HUMAN);
        }
        if (!plan.permitted()) {
            return Optional.of(Outcome.PENDING);
        }
        if (request.dryRun()) {
            return Optional.of(Outcome.WOULD_SYNC);
        }
        return Optional.empty();
    }

    BranchReport finish(
            BranchReport.Builder report,
            Observation seen,
            Plan plan,
            Outcome outcome,
            Optional<CommitId> privateAfter,
            Optional<CommitId> publicAfter,
            Optional<String> backupRef) {
        report.outcome(outcome)
                .privateAfter(privateAfter)
                .publicAfter(publicAfter)
                .backupRef(backupRef);
        if (plan.state() == SyncState.BOTH_MISSING) {
            report.failure(MirrorSyncException.Reason.NOT_FOUND);
        }
        BranchReport draft = report.message("").build();
        return BranchReport.builder()
                .from(draft)
                .message(explanations.of(draft))
                .build();
    }

    private Attempt execute(Observation seen, Plan plan) {
        String ref = BranchNames.ref(seen.branch());
        return switch (plan.action()) {
            case CREATE_PUBLIC ->
                push(Side.PUBLIC, RefUpdate.create(ref, seen.privateTip().orElseThrow()), seen, Optional.empty());
            case CREATE_PRIVATE ->
                push(Side.PRIVATE, RefUpdate.create(ref, seen.publicTip().orElseThrow()), seen, Optional.empty());
            case FAST_FORWARD_PUBLIC ->
                push(
                        Side.PUBLIC,
                        RefUpdate.fastForward(
                                ref,
                                seen.publicTip().orElseThrow(),
                                seen.privateTip().orElseThrow()),
                        seen,
                        Optional.empty());
            case FAST_FORWARD_PRIVATE ->
                push(
                        Side.PRIVATE,
                        RefUpdate.fastForward(
                                ref,
                                seen.privateTip().orElseThrow(),
                                seen.publicTip().orElseThrow()),
                        seen,
                        Optional.empty());
            case OVERWRITE_PUBLIC -> overwrite(Side.PUBLIC, seen);
            case OVERWRITE_PRIVATE -> overwrite(Side.PRIVATE, seen);
            case NONE, REPORT, MERGE ->
                throw new IllegalStateException("not an executable sync action: " + plan.action());
        };
    }

    /** Backs up the losing tip on its own side, and only then moves the branch there, leased on that tip. */
    private Attempt overwrite(Side loser, Observation seen) {
        CommitId losing = seen.tip(loser).orElseThrow();
        CommitId winning = seen.tip(loser.other()).orElseThrow();
        Optional<String> backup = writer.writeBackup(loser, seen.branch(), losing);
        if (backup.isEmpty()) {
            return Attempt.rejected("could not write a backup ref of " + losing.abbreviated() + " on " + loser.label());
        }
        return push(loser, RefUpdate.overwrite(BranchNames.ref(seen.branch()), losing, winning), seen, backup);
    }

    private Attempt push(Side target, RefUpdate update, Observation seen, Optional<String> backup) {
        PushResult result = writer.pushTo(target, update);
        if (!result.isSuccess()) {
            return new Attempt(
                    false,
                    Optional.empty(),
                    Optional.empty(),
                    backup,
                    result.status() + result.message().map(m -> ": " + m).orElse(""));
        }
        Optional<CommitId> after = Optional.of(update.newId());
        return target == Side.PUBLIC
                ? new Attempt(true, seen.privateTip(), after, backup, "")
                : new Attempt(true, after, seen.publicTip(), backup, "");
    }

    /** One push attempt's result: the tips after it when it succeeded, or why it was rejected. */
    private record Attempt(
            boolean succeeded,
            Optional<CommitId> privateAfter,
            Optional<CommitId> publicAfter,
            Optional<String> backupRef,
            String rejection) {
        static Attempt rejected(String why) {
            return new Attempt(false, Optional.empty(), Optional.empty(), Optional.empty(), why);
        }
    }
}
