package dev.mirrorsync.core;

import dev.mirrorsync.core.spi.CodeHost;
import dev.mirrorsync.core.spi.GitBackend;
import dev.mirrorsync.core.spi.IssueRef;
import dev.mirrorsync.core.spi.IssueTracker;
import dev.mirrorsync.core.spi.MergeRequest;
import dev.mirrorsync.core.spi.MergeResult;
import dev.mirrorsync.core.spi.PushResult;
import dev.mirrorsync.core.spi.RefUpdate;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Ends a divergence the way a human chose: a clean in-memory merge pushed to both sides, or one side preferred
 * after a backup ref of the other. It acts on the tips it observed and does not re-plan: when a tip moved since,
 * the lease refuses the push and the report says so, for the human to look again.
 */
final class Resolver {
    private final GitBackend backend;
    private final Retrier retrier;
    private final MirrorPair pair;
    private final BranchObserver observer;
    private final BranchWriter writer;
    private final SyncExecutor executor;
    private final Optional<IssueTracker> tracker;
    private final Spelling spelling;

    /** {@code executor} only syncs a branch that turns out not to need resolving; the writes go through {@code writer}. */
    Resolver(
            GitBackend backend,
            Retrier retrier,
            MirrorPair pair,
            BranchObserver observer,
            BranchWriter writer,
            SyncExecutor executor,
            Optional<IssueTracker> tracker,
            Spelling spelling) {
        this.backend = backend;
        this.retrier = retrier;
        this.pair = pair;
        this.observer = observer;
        this.writer = writer;
        this.executor = executor;
        this.tracker = tracker;
        this.spelling = spelling;
    }

    BranchReport resolve(String branch, Optional<CommitId> p, Optional<CommitId> q, ResolveRequest request) {
        Observation seen = observer.observe(branch, p, q);
        SyncState state = SyncPlanner.state(seen);
        return switch (state) {
            case BOTH_MISSING, IN_SYNC, PRIVATE_MISSING, PUBLIC_MISSING, PRIVATE_AHEAD, PUBLIC_AHEAD -> {
                // Nothing diverged: a plain two-way sync is the whole resolution.
                SyncRequest sync =
                        SyncRequest.builder().dryRun(request.dryRun()).build();
                yield executor.sync(branch, p, q, sync);
            }
            case DIVERGED -> act(seen, state, request);
            case UNRELATED, PRIVATE_REWRITTEN, PUBLIC_REWRITTEN ->
                request.acceptRewrite() ? act(seen, state, request) : refuse(seen, state, request);
        };
    }

    /**
     * What resolves a branch left for a human, as the issue advises it: a merge when it diverged; otherwise the side
     * to prefer, with {@link ResolveRequest#acceptRewrite()}. A rewritten side is adopted, but a deleted one is restored
     * from the other side, since preferring a deleted side is refused ({@link #prefer}: mirror-sync never deletes a
     * branch). A branch in any other state is simply synced by {@code resolve}, whatever the strategy.
     */
    static ResolveRequest resolution(BranchReport r) {
        SyncState state = r.state().orElseThrow();
        ResolveStrategy strategy = switch (state) {
            case DIVERGED, BOTH_MISSING, IN_SYNC, PRIVATE_MISSING, PUBLIC_MISSING, PRIVATE_AHEAD, PUBLIC_AHEAD ->
                ResolveStrategy.MERGE;
            case UNRELATED -> ResolveStrategy.PREFER_PRIVATE;
            case PRIVATE_REWRITTEN ->
                r.privateBefore().isPresent() ? ResolveStrategy.PREFER_PRIVATE : ResolveStrategy.PREFER_PUBLIC;
            case PUBLIC_REWRITTEN ->
                r.publicBefore().isPresent() ? ResolveStrategy.PREFER_PUBLIC : ResolveStrategy.PREFER_PRIVATE;
        };
        boolean rewrite = state == SyncState.UNRELATED
                || state == SyncState.PRIVATE_REWRITTEN
                || state == SyncState.PUBLIC_REWRITTEN;
        return ResolveRequest.builder()
                .strategy(strategy)
                .acceptRewrite(rewrite)
                .build();
    }

    private BranchReport act(Observation seen, SyncState state, ResolveRequest request) {
        return switch (request.strategy()) {
            case MERGE -> merge(seen, state, request);
            case PREFER_PRIVATE -> prefer(Side.PRIVATE, seen, state, request);
            case PREFER_PUBLIC -> prefer(Side.PUBLIC, seen, state, request);
        };
    }

    private BranchReport refuse(Observation seen, SyncState state, ResolveRequest request) {
        String what = state == SyncState.UNRELATED
                ? "private and public share no history"
                : (state == SyncState.PRIVATE_REWRITTEN ? "private" : "public")
                        + " was rewritten since the last sync (its removed commits may have been removed on purpose)";
        return report(seen, state, SyncAction.REPORT, Outcome.NEEDS_HUMAN)
                .failure(MirrorSyncException.Reason.INVALID_INPUT)
                .message(
                        seen.branch() + ": " + what + ". Choose knowingly and add " + spelling.acceptRewrite() + ": "
                                + "'" + spelling.strategy(ResolveStrategy.MERGE)
                                + "' joins both histories (removed commits come back); "
                                + "'" + spelling.strategy(ResolveStrategy.PREFER_PRIVATE)
                                + "' makes public equal to private, keeping public's tip at a backup ref; "
                                + "'" + spelling.strategy(ResolveStrategy.PREFER_PUBLIC)
                                + "' makes private equal to public, keeping private's tip at a backup ref. Nothing was changed.")
                .build();
    }

    private BranchReport merge(Observation seen, SyncState state, ResolveRequest request) {
        if (seen.privateTip().isEmpty() || seen.publicTip().isEmpty()) {
            return report(seen, state, SyncAction.MERGE, Outcome.FAILED)
                    .failure(MirrorSyncException.Reason.INVALID_INPUT)
                    .message(seen.branch() + " is deleted on one side, so there is nothing to merge; use "
                            + spelling.strategy(ResolveStrategy.PREFER_PRIVATE) + " or "
                            + spelling.strategy(ResolveStrategy.PREFER_PUBLIC))
                    .build();
        }
        CommitId p = seen.privateTip().get();
        CommitId q = seen.publicTip().get();
        MergeRequest commit = MergeRequest.builder()
                .message("Merge private " + seen.branch() + " (" + p.abbreviated() + ") and public " + seen.branch()
                        + " (" + q.abbreviated() + ")\n\nResolved with mirror-sync resolve --strategy merge.\n")
                .authorName(request.mergeAuthorName())
                .authorEmail(request.mergeAuthorEmail())
                .time(mergeTime(p, q))
                .build();
        MergeResult result = retrier.call("merging " + seen.branch(), () -> backend.merge(p, q, commit));
        if (!result.isClean()) {
            return report(seen, state, SyncAction.MERGE, Outcome.NEEDS_HUMAN)
                    .conflictingPaths(result.conflictingPaths())
                    .message(seen.branch() + ": the merge conflicts in "
                            + result.conflictingPaths().size() + " path(s): "
                            + String.join(
                                    ", ",
                                    result.conflictingPaths().stream().limit(10).toList())
                            + "; nothing was pushed. Merge by hand (see the issue) or prefer a side.")
                    .build();
        }
        CommitId merged = result.mergeCommit().orElseThrow();
        if (request.dryRun()) {
            return report(seen, state, SyncAction.MERGE, Outcome.WOULD_SYNC)
                    .message("would push the clean merge " + merged.abbreviated() + " to private and public "
                            + seen.branch())
                    .build();
        }
        if (request.viaPullRequest()) {
            return propose(seen, state, merged, request.pullRequestSide());
        }
        String ref = BranchNames.ref(seen.branch());
        PushResult toPrivate = writer.pushTo(Side.PRIVATE, RefUpdate.fastForward(ref, p, merged));
        if (!toPrivate.isSuccess()) {
            return moved(seen, state, SyncAction.MERGE, Side.PRIVATE, toPrivate, Optional.empty());
        }
        writer.betweenPushes();
        PushResult toPublic = writer.pushTo(Side.PUBLIC, RefUpdate.fastForward(ref, q, merged));
        if (!toPublic.isSuccess()) {
            BranchReport refused = moved(seen, state, SyncAction.MERGE, Side.PUBLIC, toPublic, Optional.empty());
            return BranchReport.builder().from(refused).privateAfter(merged).build();
        }
        BranchReport synced = report(seen, state, SyncAction.MERGE, Outcome.SYNCED)
                .privateAfter(merged)
                .publicAfter(merged)
                .message("pushed the merge " + merged.abbreviated() + " of both tips to private and public "
                        + seen.branch())
                .build();
        return writer.withWatermark(synced, seen, merged);
    }

    /**
     * The merge commit's time, taken from its inputs rather than a clock: the latest author time of the newest commit
     * only on either tip. The same tips then always give the same merge commit, so a dry run shows exactly the id the
     * real run pushes, and two runs over the same divergence agree.
     */
    private Instant mergeTime(CommitId p, CommitId q) {
        return Stream.concat(
                        backend.commitsOnlyIn(p, List.of(q), 1).listed().stream(),
                        backend.commitsOnlyIn(q, List.of(p), 1).listed().stream())
                .map(CommitInfo::authorTime)
                .max(Comparator.naturalOrder())
                .orElse(Instant.EPOCH);
    }

    /**
     * Pushes the clean merge to {@code mirror-sync/resolve-<branch>} (leased; an older proposal there is backed up
     * first) and opens a pull request for it. The branch itself does not move: a human merges the pull request.
     */
    private BranchReport propose(Observation seen, SyncState state, CommitId merged, Side side) {
        IssueTracker issues = tracker.orElseThrow(
                () -> new MirrorSyncException(
                        MirrorSyncException.Reason.INVALID_INPUT,
                        spelling.viaPullRequest()
                                + " needs an issue tracker that can open pull requests (one with a code host, such as GitHub)"));
        // Asked before anything is pushed: a tracker without a code host could not open the pull request afterwards.
        CodeHost prs = issues.codeHost()
                .orElseThrow(() -> new MirrorSyncException(
                        MirrorSyncException.Reason.UNSUPPORTED,
                        issues.describe() + " cannot open pull requests; resolve without "
                                + spelling.viaPullRequest()));
        String head = "mirror-sync/resolve-" + seen.branch();
        String headRef = BranchNames.ref(head);
        RepoLocation repo = pair.repo(side);
        Optional<CommitId> existing =
                Optional.ofNullable(retrier.call("listing " + headRef, () -> backend.listRefs(repo, List.of(headRef)))
                        .get(headRef));
        Optional<String> backup = Optional.empty();
        if (!existing.equals(Optional.of(merged))) {
            RefUpdate update = RefUpdate.create(headRef, merged);
            if (existing.isPresent()) {
                backup = writer.writeBackup(side, head, existing.get());
                if (backup.isEmpty()) {
                    return report(seen, state, SyncAction.MERGE, Outcome.FAILED)
                            .failure(MirrorSyncException.Reason.PERMISSION)
                            .message("could not back up the older proposal on " + head + "; nothing was pushed")
                            .build();
                }
                update = RefUpdate.overwrite(headRef, existing.get(), merged);
            }
            PushResult pushed = writer.pushTo(side, update);
            if (!pushed.isSuccess()) {
                return moved(seen, state, SyncAction.MERGE, side, pushed, backup);
            }
        }
        String title = "mirror-sync: merge private and public " + seen.branch();
        String body = "This merges private `" + seen.branch() + "` (" + Explanations.abbrev(seen.privateTip())
                + ") and public `"
                + seen.branch() + "` (" + Explanations.abbrev(seen.publicTip()) + "), computed by `"
                + spelling.resolveWith(List.of(ResolveStrategy.MERGE), false) + " " + spelling.viaPullRequest()
                + "`. Once it is merged, the next sync brings the other side along"
                + " and closes the issue.\n";
        IssueRef pr =
                retrier.call("opening a pull request", () -> prs.openPullRequest(head, seen.branch(), title, body));
        return report(seen, state, SyncAction.MERGE, Outcome.PENDING)
                .pullRequest(pr)
                .backupRef(backup)
                .message("pushed the clean merge " + merged.abbreviated() + " to " + side.label() + " " + head
                        + " and opened pull request " + pr + "; merge it, and the next sync finishes the job")
                .build();
    }

    private BranchReport prefer(Side winner, Observation seen, SyncState state, ResolveRequest request) {
        Side loser = winner.other();
        SyncAction action = loser == Side.PUBLIC ? SyncAction.OVERWRITE_PUBLIC : SyncAction.OVERWRITE_PRIVATE;
        Optional<CommitId> winning = seen.tip(winner);
        Optional<CommitId> losing = seen.tip(loser);
        if (winning.isEmpty()) {
            return report(seen, state, action, Outcome.FAILED)
                    .failure(MirrorSyncException.Reason.INVALID_INPUT)
                    .message(seen.branch() + " was deleted on " + winner.label()
                            + "; mirror-sync never deletes a branch. Delete it on " + loser.label()
                            + " by hand, or prefer "
                            + loser.label() + " to restore it")
                    .build();
        }
        if (request.dryRun()) {
            return report(seen, state, action, Outcome.WOULD_SYNC)
                    .message("would "
                            + losing.map(l -> "keep " + loser.label() + "'s tip " + l.abbreviated()
                                            + " at a backup ref under " + BackupRefs.PREFIX + seen.branch()
                                            + "/, then ")
                                    .orElse("")
                            + "set " + loser.label() + " " + seen.branch() + " to "
                            + winning.get().abbreviated())
                    .build();
        }
        String ref = BranchNames.ref(seen.branch());
        Optional<String> backup = Optional.empty();
        RefUpdate move;
        if (losing.isPresent()) {
            backup = writer.writeBackup(loser, seen.branch(), losing.get());
            if (backup.isEmpty()) {
                return report(seen, state, action, Outcome.FAILED)
                        .failure(MirrorSyncException.Reason.PERMISSION)
                        .message("could not write a backup ref of " + loser.label() + "'s tip; nothing was moved")
                        .build();
            }
            move = RefUpdate.overwrite(ref, losing.get(), winning.get());
        } else {
            move = RefUpdate.create(ref, winning.get());
        }
        PushResult result = writer.pushTo(loser, move);
        if (!result.isSuccess()) {
            return moved(seen, state, action, loser, result, backup);
        }
        String kept = backup.map(b -> "; its old tip " + losing.get().abbreviated() + " is kept at " + b)
                .orElse("");
        BranchReport synced = report(seen, state, action, Outcome.SYNCED)
                .privateAfter(winning)
                .publicAfter(winning)
                .backupRef(backup)
                .message("set " + loser.label() + " " + seen.branch() + " to " + winner.label() + "'s "
                        + winning.get().abbreviated() + kept)
                .build();
        return writer.withWatermark(synced, seen, winning.get());
    }

    private BranchReport moved(
            Observation seen,
            SyncState state,
            SyncAction action,
            Side side,
            PushResult result,
            Optional<String> backup) {
        return report(seen, state, action, Outcome.FAILED)
                .failure(
                        result.status() == PushResult.Status.REJECTED_OTHER
                                ? MirrorSyncException.Reason.PERMISSION
                                : MirrorSyncException.Reason.CONCURRENT_UPDATE)
                .backupRef(backup)
                .message(side.label() + " " + seen.branch() + " refused the push (" + result.status()
                        + result.message().map(m -> ": " + m).orElse("")
                        + "); if it moved since the plan, look again and re-run resolve. Nothing was overwritten.")
                .build();
    }

    private BranchReport.Builder report(Observation seen, SyncState state, SyncAction action, Outcome outcome) {
        return observer.describe(seen, new Plan(state, action, true))
                .outcome(outcome)
                .privateAfter(seen.privateTip())
                .publicAfter(seen.publicTip());
    }
}
