package dev.mirrorsync.core;

import dev.mirrorsync.core.spi.GitBackend;
import dev.mirrorsync.core.spi.PushResult;
import dev.mirrorsync.core.spi.RefUpdate;
import dev.mirrorsync.core.spi.SyncStateStore;
import java.time.Clock;
import java.util.List;
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
    /** Commits listed per side in a report; the total is always exact. */
    static final int LISTED_COMMITS = 50;
    private static final int BACKUP_NAME_ATTEMPTS = 5;

    private final GitBackend backend;
    private final SyncStateStore store;
    private final Retrier retrier;
    private final Clock clock;
    private final MirrorPair pair;
    private final BranchObserver observer;

    SyncExecutor(GitBackend backend, SyncStateStore store, Retrier retrier, Clock clock, MirrorPair pair) {
        this.backend = backend;
        this.store = store;
        this.retrier = retrier;
        this.clock = clock;
        this.pair = pair;
        this.observer = new BranchObserver(backend, store, retrier, pair);
    }

    MirrorPair pair() {
        return pair;
    }

    BranchObserver observer() {
        return observer;
    }

    /** Observes, plans and (unless dry or not permitted) acts on one branch, starting from listed tips. */
    BranchReport sync(String branch, Optional<CommitId> privateTip, Optional<CommitId> publicTip, SyncRequest request) {
        Optional<CommitId> p = privateTip;
        Optional<CommitId> q = publicTip;
        String lastRejection = "";
        for (int round = 1; round <= retrier.policy().maxReplans(); round++) {
            Observation seen = observer.observe(branch, p, q);
            Plan plan = SyncPlanner.plan(seen, request);
            BranchReport.Builder report = describe(seen, plan);
            Optional<Outcome> settled = settledWithoutPush(plan, request);
            if (settled.isPresent()) {
                BranchReport done = finish(report, seen, plan, settled.get(), seen.privateTip(), seen.publicTip(), Optional.empty());
                boolean inSync = settled.get() == Outcome.UP_TO_DATE && !request.dryRun();
                return inSync ? withWatermark(done, seen, seen.privateTip().orElseThrow()) : done;
            }
            Attempt attempt = execute(seen, plan);
            if (attempt.succeeded()) {
                CommitId agreed = attempt.privateAfter().orElseThrow();
                BranchReport synced = finish(report, seen, plan, Outcome.SYNCED, attempt.privateAfter(), attempt.publicAfter(), attempt.backupRef());
                return withWatermark(synced, seen, agreed);
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
        Map<Side, Optional<CommitId>> now = observer.refresh(branch);
        Observation last = observer.observe(branch, now.get(Side.PRIVATE), now.get(Side.PUBLIC));
        return describe(last, SyncPlanner.plan(last, request))
                .outcome(Outcome.FAILED)
                .privateAfter(last.privateTip())
                .publicAfter(last.publicTip())
                .failure(MirrorSyncException.Reason.CONCURRENT_UPDATE)
                .message(branch + " kept moving while mirror-sync tried to sync it (" + lastRejection
                        + "); nothing was overwritten. Run again when pushes settle.")
                .build();
    }

    /** Nothing moved, yet the push was rejected: the remote refused on its own terms (protection, hook, permission). */
    static BranchReport refused(String branch, BranchReport.Builder report, Plan plan, Map<Side, Optional<CommitId>> now,
            Optional<String> backupRef, String rejection) {
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

    BranchReport.Builder describe(Observation seen, Plan plan) {
        BranchReport.Builder report = BranchReport.builder()
                .branch(seen.branch())
                .state(plan.state())
                .action(plan.action())
                .privateBefore(seen.privateTip())
                .publicBefore(seen.publicTip())
                .watermark(seen.watermark());
        if (plan.state() != SyncState.IN_SYNC && plan.state() != SyncState.BOTH_MISSING) {
            report.mergeBase(seen.mergeBase())
                    .onlyOnPrivate(observer.commitsOnlyIn(seen.privateTip(), seen.publicTip(), LISTED_COMMITS))
                    .onlyOnPublic(observer.commitsOnlyIn(seen.publicTip(), seen.privateTip(), LISTED_COMMITS));
        }
        return report;
    }

    BranchReport finish(BranchReport.Builder report, Observation seen, Plan plan, Outcome outcome,
            Optional<CommitId> privateAfter, Optional<CommitId> publicAfter, Optional<String> backupRef) {
        report.outcome(outcome).privateAfter(privateAfter).publicAfter(publicAfter).backupRef(backupRef);
        if (plan.state() == SyncState.BOTH_MISSING) {
            report.failure(MirrorSyncException.Reason.NOT_FOUND);
        }
        BranchReport draft = report.message("").build();
        return BranchReport.builder().from(draft).message(Explanations.of(draft)).build();
    }

    /**
     * Moves the watermark after a branch moved. The branch did move, so a failure here does not turn the report
     * into a failed sync: it is attached to it (reason and message), and the next run writes the watermark again.
     */
    BranchReport withWatermark(BranchReport synced, Observation seen, CommitId agreed) {
        try {
            refreshWatermark(seen, agreed);
            return synced;
        } catch (MirrorSyncException e) {
            return watermarkFailed(synced, e);
        }
    }

    /** The report of a branch that moved, with the failure of its watermark write attached. */
    static BranchReport watermarkFailed(BranchReport synced, MirrorSyncException e) {
        return BranchReport.builder()
                .from(synced)
                .failure(e.reason())
                .message(synced.message() + "; but the watermark could not be written: " + e.getMessage())
                .build();
    }

    /** Moves the watermark to the commit both sides now share; a lost race here only means another run did it. */
    private void refreshWatermark(Observation seen, CommitId agreed) {
        if (seen.watermark().equals(Optional.of(agreed))) {
            return;
        }
        if (seen.privateTip().equals(seen.publicTip())) {
            // Found in sync, so nothing was fetched; a ref store pushes the tip, whose objects must then be local.
            retrier.run("fetching " + seen.branch(), () -> backend.fetch(pair.privateRepo(), List.of(BranchNames.ref(seen.branch()))));
        }
        boolean written = retrier.call("writing the watermark of " + seen.branch(),
                () -> store.compareAndSet(pair, seen.branch(), seen.watermark(), agreed));
        if (!written) {
            LOG.info("{}: the watermark was moved by another run; leaving it", seen.branch());
        }
    }

    private Attempt execute(Observation seen, Plan plan) {
        String ref = BranchNames.ref(seen.branch());
        return switch (plan.action()) {
            case CREATE_PUBLIC -> push(Side.PUBLIC, RefUpdate.create(ref, seen.privateTip().orElseThrow()), seen, Optional.empty());
            case CREATE_PRIVATE -> push(Side.PRIVATE, RefUpdate.create(ref, seen.publicTip().orElseThrow()), seen, Optional.empty());
            case FAST_FORWARD_PUBLIC -> push(Side.PUBLIC,
                    RefUpdate.fastForward(ref, seen.publicTip().orElseThrow(), seen.privateTip().orElseThrow()), seen, Optional.empty());
            case FAST_FORWARD_PRIVATE -> push(Side.PRIVATE,
                    RefUpdate.fastForward(ref, seen.privateTip().orElseThrow(), seen.publicTip().orElseThrow()), seen, Optional.empty());
            case OVERWRITE_PUBLIC -> overwrite(Side.PUBLIC, seen);
            case OVERWRITE_PRIVATE -> overwrite(Side.PRIVATE, seen);
            case NONE, REPORT, MERGE -> throw new IllegalStateException("not an executable sync action: " + plan.action());
        };
    }

    /** Backs up the losing tip on its own side, and only then moves the branch there, leased on that tip. */
    private Attempt overwrite(Side loser, Observation seen) {
        CommitId losing = seen.tip(loser).orElseThrow();
        CommitId winning = seen.tip(loser.other()).orElseThrow();
        Optional<String> backup = writeBackup(loser, seen.branch(), losing);
        if (backup.isEmpty()) {
            return Attempt.rejected("could not write a backup ref of " + losing.abbreviated() + " on " + loser.label());
        }
        return push(loser, RefUpdate.overwrite(BranchNames.ref(seen.branch()), losing, winning), seen, backup);
    }

    Optional<String> writeBackup(Side side, String branch, CommitId commit) {
        RepoLocation repo = pair.repo(side);
        for (int attempt = 1; attempt <= BACKUP_NAME_ATTEMPTS; attempt++) {
            String name = BackupRefs.name(branch, clock.instant(), attempt);
            PushResult result = retrier.call("writing backup ref " + name, () -> backend.push(repo, RefUpdate.create(name, commit)));
            if (result.isSuccess()) {
                return Optional.of(name);
            }
            CommitId existing = retrier.call("listing " + name, () -> backend.listRefs(repo, List.of(name))).get(name);
            if (commit.equals(existing)) {
                return Optional.of(name);
            }
            if (existing == null) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** One leased push to one side, transient faults retried. */
    PushResult pushTo(Side target, RefUpdate update) {
        RepoLocation repo = pair.repo(target);
        return retrier.call("pushing " + update.refName() + " to " + repo.url(), () -> backend.push(repo, update));
    }

    private Attempt push(Side target, RefUpdate update, Observation seen, Optional<String> backup) {
        PushResult result = pushTo(target, update);
        if (!result.isSuccess()) {
            return new Attempt(false, Optional.empty(), Optional.empty(), backup,
                    result.status() + result.message().map(m -> ": " + m).orElse(""));
        }
        Optional<CommitId> after = Optional.of(update.newId());
        return target == Side.PUBLIC
                ? new Attempt(true, seen.privateTip(), after, backup, "")
                : new Attempt(true, after, seen.publicTip(), backup, "");
    }

    /** One push attempt's result: the tips after it when it succeeded, or why it was rejected. */
    private record Attempt(boolean succeeded, Optional<CommitId> privateAfter, Optional<CommitId> publicAfter,
            Optional<String> backupRef, String rejection) {
        static Attempt rejected(String why) {
            return new Attempt(false, Optional.empty(), Optional.empty(), Optional.empty(), why);
        }
    }
}
