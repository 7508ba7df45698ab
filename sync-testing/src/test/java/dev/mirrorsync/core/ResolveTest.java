package dev.mirrorsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.core.spi.IssueDraft;
import dev.mirrorsync.core.spi.IssueRef;
import dev.mirrorsync.core.spi.IssueTracker;
import dev.mirrorsync.core.spi.TrackedIssue;
import dev.mirrorsync.testing.InMemoryGitBackend;
import dev.mirrorsync.testing.RecordingIssueTracker;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link MirrorSync#resolve}: every strategy on the in-memory backend, with the nothing-lost invariant checked. */
class ResolveTest {
    private static final String PRIV = "file:///in-memory/private";
    private static final String PUB = "file:///in-memory/public";
    private static final String MAIN = "refs/heads/main";

    private InMemoryGitBackend git;
    private RecordingIssueTracker tracker;
    private MirrorSync mirrorSync;
    private MirrorPair pair;

    @BeforeEach
    void setUp() {
        git = new InMemoryGitBackend();
        tracker = new RecordingIssueTracker();
        pair = MirrorPair.builder()
                .name("pair")
                .privateRepo(git.createRemote(PRIV))
                .publicRepo(git.createRemote(PUB))
                .addBranches("main")
                .build();
        mirrorSync = MirrorSync.builder()
                .gitBackend(git)
                .issueTracker(tracker)
                .clock(Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC))
                .retryPolicy(RetryPolicy.noRetries())
                .build();
    }

    /*
     *       x (private.txt)   private
     *      /
     * a - b
     *      \
     *       y (public.txt)    public
     */
    private void diverge(String privatePath, String publicPath) {
        git.commit(PRIV, "main", "a");
        CommitId b = git.commit(PRIV, "main", "b");
        git.setRef(PUB, MAIN, Optional.of(b));
        git.commit(PRIV, "main", "x", Map.of(privatePath, "private\n"));
        git.commit(PUB, "main", "y", Map.of(publicPath, "public\n"));
        assertThat(sync().branches().get(0).state()).contains(SyncState.DIVERGED);
        assertThat(tracker.openIssues()).hasSize(1);
    }

    private SyncReport sync() {
        return mirrorSync.sync(pair, SyncRequest.defaults());
    }

    private BranchReport resolve(ResolveRequest request) {
        return mirrorSync.resolve(pair, request).branches().get(0);
    }

    private void assertNothingLost(Set<CommitId> privateBefore, Set<CommitId> publicBefore) {
        assertThat(git.reachableOn(PRIV)).containsAll(privateBefore);
        assertThat(git.reachableOn(PUB)).containsAll(publicBefore);
    }

    @Test
    void aCleanMergeGoesToBothSidesAndClosesTheIssue() {
        diverge("private.txt", "public.txt");
        CommitId x = git.branch(PRIV, "main").orElseThrow();
        CommitId y = git.branch(PUB, "main").orElseThrow();

        BranchReport report = resolve(ResolveRequest.of(ResolveStrategy.MERGE));

        assertThat(report.outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(report.action()).isEqualTo(SyncAction.MERGE);
        CommitId merged = git.branch(PRIV, "main").orElseThrow();
        assertThat(git.branch(PUB, "main")).contains(merged);
        assertThat(git.object(merged).parents()).containsExactly(x, y);
        assertThat(git.object(merged).files()).containsKeys("private.txt", "public.txt");
        assertThat(report.issueAction()).isEqualTo(IssueAction.CLOSED);
        assertThat(tracker.openIssues()).isEmpty();
        assertThat(git.ref(PRIV, "refs/mirror-sync/synced/main")).contains(merged);
        assertThat(sync().branches().get(0).state()).contains(SyncState.IN_SYNC);
    }

    @Test
    void aConflictingMergePushesNothingAndListsThePathsInTheIssue() {
        diverge("same.txt", "same.txt");
        var privateBefore = git.reachableOn(PRIV);
        var publicBefore = git.reachableOn(PUB);
        int pushes = git.pushes().size();

        BranchReport report = resolve(ResolveRequest.of(ResolveStrategy.MERGE));

        assertThat(report.outcome()).isEqualTo(Outcome.NEEDS_HUMAN);
        assertThat(report.conflictingPaths()).containsExactly("same.txt");
        assertThat(git.pushes()).hasSize(pushes);
        assertThat(report.issueAction()).isEqualTo(IssueAction.UPDATED);
        assertThat(tracker.openIssues())
                .singleElement()
                .satisfies(i -> assertThat(i.body()).contains("Merge conflicts").contains("same.txt"));
        assertNothingLost(privateBefore, publicBefore);
    }

    @Test
    void preferPrivateBacksUpPublicThenMovesIt() {
        diverge("private.txt", "public.txt");
        CommitId x = git.branch(PRIV, "main").orElseThrow();
        CommitId y = git.branch(PUB, "main").orElseThrow();
        var publicBefore = git.reachableOn(PUB);

        BranchReport report = resolve(ResolveRequest.of(ResolveStrategy.PREFER_PRIVATE));

        assertThat(report.outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(report.backupRef()).contains("refs/mirror-sync/backup/main/20261127T100000Z");
        assertThat(git.ref(PUB, report.backupRef().orElseThrow())).contains(y);
        assertThat(git.branch(PUB, "main")).contains(x);
        assertThat(git.reachableOn(PUB)).containsAll(publicBefore);
        assertThat(report.message()).contains(y.abbreviated()).contains("refs/mirror-sync/backup/main/");
        assertThat(tracker.openIssues()).isEmpty();
        // the backup push came before the move, on the losing side
        var refs = git.pushes().stream()
                .filter(p -> p.url().equals(PUB))
                .map(p -> p.update().refName())
                .toList();
        assertThat(refs).containsSubsequence(report.backupRef().orElseThrow(), MAIN);
    }

    /*
     * a - b          private
     * c - d          public (no common root)
     */
    @Test
    void unrelatedHistoriesNeedAcceptRewrite() {
        git.commit(PRIV, "main", "a");
        git.commit(PUB, "main", "c");
        var privateBefore = git.reachableOn(PRIV);
        var publicBefore = git.reachableOn(PUB);
        Map<String, ?> refsBefore =
                Map.of("private", git.refs(pair.privateRepo()), "public", git.refs(pair.publicRepo()));

        BranchReport refused = resolve(ResolveRequest.of(ResolveStrategy.PREFER_PUBLIC));
        assertThat(refused.state()).contains(SyncState.UNRELATED);
        assertThat(refused.outcome()).isEqualTo(Outcome.NEEDS_HUMAN);
        assertThat(refused.failure()).contains(MirrorSyncException.Reason.INVALID_INPUT);
        assertThat(refused.message()).contains("acceptRewrite").contains("PREFER_PUBLIC");
        assertThat(Map.of("private", git.refs(pair.privateRepo()), "public", git.refs(pair.publicRepo())))
                .isEqualTo(refsBefore);

        BranchReport accepted = resolve(ResolveRequest.builder()
                .strategy(ResolveStrategy.PREFER_PUBLIC)
                .acceptRewrite(true)
                .build());
        assertThat(accepted.outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(git.branch(PRIV, "main")).isEqualTo(git.branch(PUB, "main"));
        assertNothingLost(privateBefore, publicBefore);
    }

    /*
     * a - b - c   public; watermark c
     * a           private, moved back on purpose (c leaked a secret, say)
     */
    @Test
    void adoptingARewriteMovesTheWatermarkAndKeepsTheRemovedCommitsInABackup() {
        CommitId a = git.commit(PRIV, "main", "a");
        git.commit(PRIV, "main", "b");
        CommitId c = git.commit(PRIV, "main", "c");
        sync();
        git.setRef(PRIV, MAIN, Optional.of(a));
        assertThat(sync().branches().get(0).state()).contains(SyncState.PRIVATE_REWRITTEN);
        var publicBefore = git.reachableOn(PUB);

        BranchReport report = resolve(ResolveRequest.builder()
                .strategy(ResolveStrategy.PREFER_PRIVATE)
                .acceptRewrite(true)
                .build());

        assertThat(report.outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(git.branch(PUB, "main")).contains(a);
        assertThat(git.ref(PUB, report.backupRef().orElseThrow())).contains(c);
        assertThat(git.ref(PRIV, "refs/mirror-sync/synced/main")).contains(a);
        assertThat(git.reachableOn(PUB)).containsAll(publicBefore);
        assertThat(sync().branches().get(0).state()).contains(SyncState.IN_SYNC);
    }

    @Test
    void aSideThatMovesMidResolveIsNotOverwritten() {
        diverge("private.txt", "public.txt");
        git.beforeNextPush(PUB, world -> world.commit(PUB, "main", "someone else", Map.of("other.txt", "x")));

        BranchReport report = resolve(ResolveRequest.of(ResolveStrategy.PREFER_PRIVATE));

        assertThat(report.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(report.message()).contains("refused").contains("Nothing was overwritten");
        CommitId theirs = git.branch(PUB, "main").orElseThrow();
        assertThat(git.object(theirs).message()).startsWith("someone else");
    }

    @Test
    void aDryRunShowsTheMergeAndChangesNothing() {
        diverge("private.txt", "public.txt");
        Map<String, CommitId> privateRefs = git.refs(pair.privateRepo());
        Map<String, CommitId> publicRefs = git.refs(pair.publicRepo());
        int writes = tracker.writes();

        SyncReport report = mirrorSync.resolve(
                pair,
                ResolveRequest.builder()
                        .strategy(ResolveStrategy.MERGE)
                        .dryRun(true)
                        .build());

        assertThat(report.dryRun()).isTrue();
        assertThat(report.branches().get(0).outcome()).isEqualTo(Outcome.WOULD_SYNC);
        assertThat(report.branches().get(0).message()).contains("would push the clean merge");
        assertThat(git.refs(pair.privateRepo())).isEqualTo(privateRefs);
        assertThat(git.refs(pair.publicRepo())).isEqualTo(publicRefs);
        assertThat(tracker.writes()).isEqualTo(writes);
    }

    @Test
    void viaPullRequestProposesTheMergeAndTheNextSyncFinishes() {
        diverge("private.txt", "public.txt");
        CommitId x = git.branch(PRIV, "main").orElseThrow();

        BranchReport report = resolve(ResolveRequest.builder()
                .strategy(ResolveStrategy.MERGE)
                .viaPullRequest(true)
                .build());

        assertThat(report.outcome()).isEqualTo(Outcome.PENDING);
        assertThat(git.branch(PRIV, "main")).contains(x);
        CommitId proposal = git.branch(PRIV, "mirror-sync/resolve-main").orElseThrow();
        assertThat(tracker.pullRequests()).singleElement().satisfies(pr -> {
            assertThat(pr.head()).isEqualTo("mirror-sync/resolve-main");
            assertThat(pr.base()).isEqualTo("main");
        });
        assertThat(report.pullRequest()).isPresent();
        assertThat(tracker.openIssues())
                .singleElement()
                .satisfies(i -> assertThat(i.comments())
                        .anyMatch(c -> c.contains(
                                "Pull request #" + report.pullRequest().get().id())));

        // A human merges the pull request (a fast-forward of private main to the proposal).
        git.setRef(PRIV, MAIN, Optional.of(proposal));
        SyncReport after = sync();
        assertThat(after.branches().get(0).state()).contains(SyncState.PRIVATE_AHEAD);
        assertThat(git.branch(PUB, "main")).contains(proposal);
        assertThat(tracker.openIssues()).isEmpty();
    }

    /** Pull requests are a code host's role: a tracker of issues alone is refused before anything is pushed. */
    @Test
    void viaPullRequestWithATrackerWithoutACodeHostPushesNothing() {
        diverge("private.txt", "public.txt");
        IssueTracker issuesOnly = new ForwardingIssuesOnly(tracker);
        MirrorSync withoutHost = MirrorSync.builder()
                .gitBackend(git)
                .issueTracker(issuesOnly)
                .retryPolicy(RetryPolicy.noRetries())
                .build();
        int pushes = git.pushes().size();

        BranchReport report = withoutHost
                .resolve(
                        pair,
                        ResolveRequest.builder()
                                .strategy(ResolveStrategy.MERGE)
                                .viaPullRequest(true)
                                .build())
                .branches()
                .get(0);

        assertThat(report.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(report.failure()).contains(MirrorSyncException.Reason.UNSUPPORTED);
        assertThat(report.message()).contains("cannot open pull requests");
        assertThat(git.pushes()).hasSize(pushes);
        assertThat(git.branch(PRIV, "mirror-sync/resolve-main")).isEmpty();
    }

    /** The recording tracker's issues, without its code-host role. */
    private record ForwardingIssuesOnly(RecordingIssueTracker delegate) implements IssueTracker {
        @Override
        public Optional<TrackedIssue> findOpen(String key) {
            return delegate.findOpen(key);
        }

        @Override
        public IssueRef open(IssueDraft draft) {
            return delegate.open(draft);
        }

        @Override
        public void update(IssueRef issue, IssueDraft draft, String comment) {
            delegate.update(issue, draft, comment);
        }

        @Override
        public void close(IssueRef issue, String comment) {
            delegate.close(issue, comment);
        }
    }
}
