package dev.mirrorsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.core.MirrorSyncException.Reason;
import dev.mirrorsync.core.spi.IssueDraft;
import dev.mirrorsync.core.spi.PushResult;
import dev.mirrorsync.testing.InMemoryGitBackend;
import dev.mirrorsync.testing.InMemoryGitBackend.Operation;
import dev.mirrorsync.testing.RecordingIssueTracker;
import dev.mirrorsync.testing.RecordingSleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * The engine against the in-memory backend and the recording tracker: one case per row of the state table,
 * then directions, dry runs, races, faults, protection, and the issue lifecycle. Each graph is drawn above
 * its case: {@code P} is private's branch, {@code Q} public's, {@code W} the watermark.
 */
class MirrorSyncTest {
    private static final String PRIVATE_URL = "https://git.example.invalid/private/app.git";
    private static final String PUBLIC_URL = "https://git.example.invalid/public/app.git";
    private static final String PRIVATE_TOKEN = "tok-SECRET-123";
    private static final String PUBLIC_TOKEN = "tok-SECRET-456";
    private static final String MAIN = "refs/heads/main";
    private static final String WATERMARK = "refs/mirror-sync/synced/main";
    private static final String KEY = "mirror-sync:app:main";
    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07Z");

    private final InMemoryGitBackend git = new InMemoryGitBackend();
    private RecordingIssueTracker tracker = new RecordingIssueTracker();
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final List<String> texts = new ArrayList<>();

    MirrorSyncTest() {
        git.createRemote(PRIVATE_URL);
        git.createRemote(PUBLIC_URL);
    }

    private MirrorPair pair(String... branches) {
        return MirrorPair.builder()
                .name("app")
                .privateRepo(RepoLocation.of(PRIVATE_URL, Optional.of(PRIVATE_TOKEN)))
                .publicRepo(RepoLocation.of(PUBLIC_URL, Optional.of(PUBLIC_TOKEN)))
                .branches(branches.length == 0 ? List.of("main") : List.of(branches))
                .build();
    }

    private SyncReport sync(SyncRequest request, String... branches) {
        MirrorSync engine = MirrorSync.builder()
                .gitBackend(git)
                .issueTracker(tracker)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .sleeper(sleeper)
                .random(new Random(1))
                .build();
        SyncReport report = engine.sync(pair(branches), request);
        // Everything a run outputs, for the secrets check at the end of each test that asks for it.
        texts.add(report.toString());
        report.branches().forEach(b -> texts.add(b.message()));
        tracker.issues().forEach(i -> texts.add(i.toString()));
        return report;
    }

    private SyncReport sync() {
        return sync(SyncRequest.defaults());
    }

    private static SyncRequest request(Direction direction, DivergencePolicy policy) {
        return SyncRequest.builder()
                .direction(direction)
                .divergencePolicy(policy)
                .build();
    }

    private static BranchReport only(SyncReport report) {
        assertThat(report.branches()).hasSize(1);
        return report.branches().get(0);
    }

    private CommitId commit(String url, String subject) {
        return git.commit(url, "main", subject);
    }

    private void set(String url, String ref, CommitId id) {
        git.setRef(url, ref, Optional.of(id));
    }

    private Optional<CommitId> main(String url) {
        return git.branch(url, "main");
    }

    private Optional<CommitId> watermark() {
        return git.ref(PRIVATE_URL, WATERMARK);
    }

    private List<RecordingIssueTracker.Issue> issues() {
        return tracker.issues().stream().filter(i -> i.key().equals(KEY)).toList();
    }

    private void assertNoSecretEscaped() {
        assertThat(texts).isNotEmpty().allSatisfy(t -> assertThat(t).doesNotContain("tok-SECRET"));
    }

    // ---------------------------------------------------------------------------------------------
    // The state table, row by row.

    /*
     *   (no main on either side)
     */
    @Test
    void bothMissingIsAClearFailure() {
        BranchReport main = only(sync());

        assertThat(main.state()).contains(SyncState.BOTH_MISSING);
        assertThat(main.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(main.failure()).contains(Reason.NOT_FOUND);
        assertThat(main.message()).contains("exists on neither side").contains("among the pair's branches");
        assertThat(git.pushes()).isEmpty();
        assertThat(tracker.writes()).isZero();
    }

    /*
     *   W
     *   a - b   P Q
     */
    @Test
    void inSyncRefreshesTheWatermarkAndClosesTheOpenIssue() {
        CommitId a = commit(PRIVATE_URL, "a");
        CommitId b = commit(PRIVATE_URL, "b");
        set(PUBLIC_URL, MAIN, b);
        set(PRIVATE_URL, WATERMARK, a);
        tracker.open(IssueDraft.builder()
                .key(KEY)
                .title("diverged")
                .body("<!-- " + KEY + " -->")
                .addLabels("sync-failure")
                .build());

        BranchReport main = only(sync());

        assertThat(main.state()).contains(SyncState.IN_SYNC);
        assertThat(main.outcome()).isEqualTo(Outcome.UP_TO_DATE);
        assertThat(watermark()).contains(b);
        assertThat(git.pushes()).extracting(p -> p.update().refName()).containsExactly(WATERMARK);
        assertThat(main.issueAction()).isEqualTo(IssueAction.CLOSED);
        assertThat(issues()).singleElement().satisfies(issue -> {
            assertThat(issue.open()).isFalse();
            assertThat(issue.comments())
                    .last()
                    .asString()
                    .contains("Back in sync")
                    .contains(b.abbreviated());
        });
    }

    /*
     *           W
     *   a - b - c   Q
     *       P           (private was force-pushed back from c to b)
     */
    @Test
    void privateForcePushedBackwardsIsRewrittenAndNotRepushed() {
        commit(PRIVATE_URL, "a");
        CommitId b = commit(PRIVATE_URL, "b");
        CommitId c = commit(PRIVATE_URL, "c leaked");
        set(PUBLIC_URL, MAIN, c);
        set(PRIVATE_URL, WATERMARK, c);
        set(PRIVATE_URL, MAIN, b);

        BranchReport main = only(sync());

        assertThat(main.state()).contains(SyncState.PRIVATE_REWRITTEN);
        assertThat(main.outcome()).isEqualTo(Outcome.NEEDS_HUMAN);
        assertThat(main.message())
                .contains("private no longer contains " + c.abbreviated())
                .contains("not pushed again");
        assertThat(main(PRIVATE_URL)).contains(b);
        assertThat(main(PUBLIC_URL)).contains(c);
        assertThat(git.pushes()).isEmpty();
        assertThat(issues())
                .singleElement()
                .satisfies(i -> assertThat(i.title()).contains("private side rewritten"));
    }

    /*
     *   a - b   Q W
     *   (private main deleted)
     */
    @Test
    void privateDeletedIsRewrittenAndNotRecreated() {
        commit(PRIVATE_URL, "a");
        CommitId b = commit(PRIVATE_URL, "b");
        set(PUBLIC_URL, MAIN, b);
        set(PRIVATE_URL, WATERMARK, b);
        git.setRef(PRIVATE_URL, MAIN, Optional.empty());

        BranchReport main = only(sync());

        assertThat(main.state()).contains(SyncState.PRIVATE_REWRITTEN);
        assertThat(main.outcome()).isEqualTo(Outcome.NEEDS_HUMAN);
        assertThat(main.message()).contains("private was deleted");
        assertThat(main(PRIVATE_URL)).isEmpty();
        assertThat(git.pushes()).isEmpty();
    }

    /*
     *       W
     *   a - b   P
     *    \
     *     d     Q   (public force-pushed sideways)
     */
    @Test
    void publicForcePushedSidewaysIsRewritten() {
        CommitId a = commit(PRIVATE_URL, "a");
        CommitId b = commit(PRIVATE_URL, "b");
        set(PRIVATE_URL, WATERMARK, b);
        set(PUBLIC_URL, MAIN, a);
        CommitId d = commit(PUBLIC_URL, "d");

        BranchReport main = only(sync(request(Direction.BOTH, DivergencePolicy.PREFER_PRIVATE)));

        assertThat(main.state()).contains(SyncState.PUBLIC_REWRITTEN);
        assertThat(main.outcome()).isEqualTo(Outcome.NEEDS_HUMAN);
        assertThat(main(PRIVATE_URL)).contains(b);
        assertThat(main(PUBLIC_URL)).contains(d);
        assertThat(git.pushes()).isEmpty();
    }

    /*
     *   a - b   Q       (private has no main, no watermark)
     */
    @Test
    void privateMissingIsCreatedFromPublicWithANoRefLease() {
        commit(PUBLIC_URL, "a");
        CommitId b = commit(PUBLIC_URL, "b");

        BranchReport main = only(sync());

        assertThat(main.state()).contains(SyncState.PRIVATE_MISSING);
        assertThat(main.action()).isEqualTo(SyncAction.CREATE_PRIVATE);
        assertThat(main.outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(main(PRIVATE_URL)).contains(b);
        assertThat(watermark()).contains(b);
        assertThat(git.pushes().get(0).update().expectedOld()).isEmpty();
        assertThat(git.pushes().get(0).update().refName()).isEqualTo(MAIN);
    }

    /*
     *   a - b   P       (public has no main, no watermark)
     */
    @Test
    void publicMissingIsCreatedFromPrivate() {
        commit(PRIVATE_URL, "a");
        CommitId b = commit(PRIVATE_URL, "b");

        BranchReport main = only(sync());

        assertThat(main.state()).contains(SyncState.PUBLIC_MISSING);
        assertThat(main.action()).isEqualTo(SyncAction.CREATE_PUBLIC);
        assertThat(main.outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(main(PUBLIC_URL)).contains(b);
        assertThat(watermark()).contains(b);
    }

    /*
     *       Q W
     *   a - b - c - d   P
     */
    @Test
    void privateAheadFastForwardsPublicWithALease() {
        commit(PRIVATE_URL, "a");
        CommitId b = commit(PRIVATE_URL, "b");
        set(PUBLIC_URL, MAIN, b);
        set(PRIVATE_URL, WATERMARK, b);
        commit(PRIVATE_URL, "c");
        CommitId d = commit(PRIVATE_URL, "d");

        BranchReport main = only(sync());

        assertThat(main.state()).contains(SyncState.PRIVATE_AHEAD);
        assertThat(main.onlyOnPrivate().total()).isEqualTo(2);
        assertThat(main.outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(main(PUBLIC_URL)).contains(d);
        assertThat(main.publicAfter()).contains(d);
        assertThat(watermark()).contains(d);
        InMemoryGitBackend.PushRecord push = git.pushes().get(0);
        assertThat(push.url()).isEqualTo(PUBLIC_URL);
        assertThat(push.update().expectedOld()).contains(b);
        assertThat(push.update().fastForwardOnly()).isTrue();
    }

    /*
     *       P W
     *   a - b - c   Q
     */
    @Test
    void publicAheadFastForwardsPrivate() {
        commit(PRIVATE_URL, "a");
        CommitId b = commit(PRIVATE_URL, "b");
        set(PUBLIC_URL, MAIN, b);
        set(PRIVATE_URL, WATERMARK, b);
        CommitId c = commit(PUBLIC_URL, "c");

        BranchReport main = only(sync());

        assertThat(main.state()).contains(SyncState.PUBLIC_AHEAD);
        assertThat(main.outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(main(PRIVATE_URL)).contains(c);
        assertThat(watermark()).contains(c);
    }

    /** a - b (W) with c on private and d on public: a divergence at merge base b. */
    private CommitId[] diverge() {
        commit(PRIVATE_URL, "a");
        CommitId b = commit(PRIVATE_URL, "b");
        set(PUBLIC_URL, MAIN, b);
        set(PRIVATE_URL, WATERMARK, b);
        CommitId c = commit(PRIVATE_URL, "c");
        CommitId d = commit(PUBLIC_URL, "d");
        return new CommitId[] {b, c, d};
    }

    /*
     *         c   P
     *        /
     *   a - b  W
     *        \
     *         d   Q
     */
    @Test
    void divergedUnderReportMovesNothingAndFilesOneIssue() {
        CommitId[] t = diverge();

        BranchReport main = only(sync());

        assertThat(main.state()).contains(SyncState.DIVERGED);
        assertThat(main.outcome()).isEqualTo(Outcome.NEEDS_HUMAN);
        assertThat(main.mergeBase()).contains(t[0]);
        assertThat(main(PRIVATE_URL)).contains(t[1]);
        assertThat(main(PUBLIC_URL)).contains(t[2]);
        assertThat(git.pushes()).isEmpty();
        assertThat(main.issueAction()).isEqualTo(IssueAction.OPENED);
        assertThat(issues()).singleElement().satisfies(issue -> {
            assertThat(issue.open()).isTrue();
            assertThat(issue.labels()).containsExactly("sync-failure", "urgent");
            assertThat(issue.body())
                    .contains(t[0].hex())
                    .contains("Only on private (1)")
                    .contains("Only on public (1)")
                    .contains("MirrorSync.resolve(")
                    .contains("--force-with-lease");
        });
    }

    /*
     *         c   P            after:  public main -> c,
     *        /                         refs/mirror-sync/backup/main/<time> -> d on public
     *   a - b  W
     *        \
     *         d   Q
     */
    @Test
    void divergedUnderPreferPrivateBacksUpPublicFirstThenMovesItWithALease() {
        CommitId[] t = diverge();

        BranchReport main = only(sync(request(Direction.BOTH, DivergencePolicy.PREFER_PRIVATE)));

        String backup = "refs/mirror-sync/backup/main/20260304T050607Z";
        assertThat(main.action()).isEqualTo(SyncAction.OVERWRITE_PUBLIC);
        assertThat(main.outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(main.backupRef()).contains(backup);
        assertThat(git.ref(PUBLIC_URL, backup)).contains(t[2]);
        assertThat(main(PUBLIC_URL)).contains(t[1]);
        assertThat(git.pushes())
                .extracting(p -> p.url() + " " + p.update().refName())
                .containsExactly(PUBLIC_URL + " " + backup, PUBLIC_URL + " " + MAIN, PRIVATE_URL + " " + WATERMARK);
        assertThat(git.pushes().get(1).update().expectedOld()).contains(t[2]);
        assertThat(main.issueAction()).isEqualTo(IssueAction.CLOSED);
        assertThat(issues()).singleElement().satisfies(issue -> {
            assertThat(issue.open()).isFalse();
            assertThat(issue.body()).contains(backup).contains(t[2].abbreviated());
            assertThat(issue.comments()).last().asString().contains(backup);
        });
    }

    /*
     *         c   P            after:  private main -> d,
     *        /                         refs/mirror-sync/backup/main/<time> -> c on private
     *   a - b  W
     *        \
     *         d   Q
     */
    @Test
    void divergedUnderPreferPublicBacksUpPrivateFirst() {
        CommitId[] t = diverge();

        BranchReport main = only(sync(request(Direction.BOTH, DivergencePolicy.PREFER_PUBLIC)));

        assertThat(main.action()).isEqualTo(SyncAction.OVERWRITE_PRIVATE);
        assertThat(main.outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(main(PRIVATE_URL)).contains(t[2]);
        assertThat(main.backupRef())
                .hasValueSatisfying(ref -> assertThat(git.ref(PRIVATE_URL, ref)).contains(t[1]));
        assertThat(git.pushes().get(0).update().refName()).startsWith(BackupRefs.PREFIX + "main/");
        assertThat(git.pushes().get(0).url()).isEqualTo(PRIVATE_URL);
        assertThat(issues())
                .singleElement()
                .satisfies(issue -> assertThat(issue.open()).isFalse());
    }

    /*
     *   a - c   P
     *   r - d   Q     (no common commit)
     */
    @Test
    void unrelatedHistoriesAreReportedEvenUnderAPreferringPolicy() {
        CommitId c = commit(PRIVATE_URL, "a");
        CommitId d = commit(PUBLIC_URL, "r");

        BranchReport main = only(sync(request(Direction.BOTH, DivergencePolicy.PREFER_PRIVATE)));

        assertThat(main.state()).contains(SyncState.UNRELATED);
        assertThat(main.outcome()).isEqualTo(Outcome.NEEDS_HUMAN);
        assertThat(main.mergeBase()).isEmpty();
        assertThat(main(PRIVATE_URL)).contains(c);
        assertThat(main(PUBLIC_URL)).contains(d);
        assertThat(git.pushes()).isEmpty();
        assertThat(issues())
                .singleElement()
                .satisfies(i -> assertThat(i.body()).contains("--allow-unrelated-histories"));
    }

    // ---------------------------------------------------------------------------------------------
    // Directions and dry runs.

    /*
     *       Q W
     *   a - b - c   P      run: --direction to-private
     */
    @Test
    void anUpdateTheDirectionForbidsIsPendingNotAFailure() {
        commit(PRIVATE_URL, "a");
        CommitId b = commit(PRIVATE_URL, "b");
        set(PUBLIC_URL, MAIN, b);
        set(PRIVATE_URL, WATERMARK, b);
        commit(PRIVATE_URL, "c");

        SyncReport report = sync(request(Direction.TO_PRIVATE, DivergencePolicy.REPORT));

        assertThat(only(report).outcome()).isEqualTo(Outcome.PENDING);
        assertThat(only(report).message()).contains("pending").contains("Direction TO_PUBLIC or BOTH");
        assertThat(report.hasFailures()).isFalse();
        assertThat(report.needsHuman()).isFalse();
        assertThat(main(PUBLIC_URL)).contains(b);
        assertThat(git.pushes()).isEmpty();
        assertThat(tracker.writes()).isZero();
    }

    /*
     *   diverged, prefer-private, but --direction to-private: nothing may move public
     */
    @Test
    void aPreferringPolicyThatWouldNeedAForbiddenDirectionReports() {
        CommitId[] t = diverge();

        BranchReport main = only(sync(request(Direction.TO_PRIVATE, DivergencePolicy.PREFER_PRIVATE)));

        assertThat(main.action()).isEqualTo(SyncAction.REPORT);
        assertThat(main.outcome()).isEqualTo(Outcome.NEEDS_HUMAN);
        assertThat(main(PUBLIC_URL)).contains(t[2]);
        assertThat(git.pushes()).isEmpty();
    }

    /*
     *       Q
     *   a - b - c   P      (no watermark)    and a diverged branch beside it
     */
    @Test
    void aDryRunPushesNothingFilesNothingAndMovesNoWatermark() {
        CommitId[] t = diverge();
        git.commit(PRIVATE_URL, "dev", "dev 1");

        SyncReport report = sync(
                SyncRequest.builder()
                        .dryRun(true)
                        .divergencePolicy(DivergencePolicy.PREFER_PRIVATE)
                        .build(),
                "main",
                "dev");

        assertThat(report.dryRun()).isTrue();
        assertThat(report.branches())
                .extracting(BranchReport::outcome)
                .containsExactly(Outcome.WOULD_SYNC, Outcome.WOULD_SYNC);
        assertThat(report.branches().get(0).message())
                .contains("would overwrite")
                .contains("backup ref");
        assertThat(git.pushes()).isEmpty();
        assertThat(tracker.writes()).isZero();
        assertThat(watermark()).contains(t[0]);
        assertThat(main(PUBLIC_URL)).contains(t[2]);
        assertThat(git.branch(PUBLIC_URL, "dev")).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------
    // Races and faults.

    /*
     *       Q W
     *   a - b - c   P
     *        \
     *         x         another client pushes x to public between observation and push
     */
    @Test
    void aLeaseRaceReplansAndTheOtherClientsCommitSurvives() {
        commit(PRIVATE_URL, "a");
        CommitId b = commit(PRIVATE_URL, "b");
        set(PUBLIC_URL, MAIN, b);
        set(PRIVATE_URL, WATERMARK, b);
        CommitId c = commit(PRIVATE_URL, "c");
        CommitId[] theirs = new CommitId[1];
        git.beforeNextPush(PUBLIC_URL, g -> theirs[0] = g.commit(PUBLIC_URL, "main", "x from another client"));

        BranchReport main = only(sync());

        assertThat(git.pushes().get(0).result().status()).isEqualTo(PushResult.Status.REJECTED_STALE_LEASE);
        assertThat(main.state()).contains(SyncState.DIVERGED);
        assertThat(main.outcome()).isEqualTo(Outcome.NEEDS_HUMAN);
        assertThat(main.publicBefore()).contains(theirs[0]);
        assertThat(main(PUBLIC_URL)).contains(theirs[0]);
        assertThat(main(PRIVATE_URL)).contains(c);
        assertThat(git.calls(Operation.LIST_REFS)).isGreaterThan(2);
    }

    /*
     *       Q W
     *   a - b - c1 - c2 - c3   P      before every push to public, another client fast-forwards public one commit
     */
    @Test
    void aBranchThatKeepsMovingIsListedOncePerRejectedPush() {
        commit(PRIVATE_URL, "a");
        CommitId b = commit(PRIVATE_URL, "b");
        set(PUBLIC_URL, MAIN, b);
        set(PRIVATE_URL, WATERMARK, b);
        List<CommitId> ahead = List.of(commit(PRIVATE_URL, "c1"), commit(PRIVATE_URL, "c2"), commit(PRIVATE_URL, "c3"));
        int[] raced = {0};
        Runnable[] race = new Runnable[1];
        race[0] = () -> git.beforeNextPush(PUBLIC_URL, g -> {
            g.setRef(PUBLIC_URL, MAIN, Optional.of(ahead.get(raced[0]++)));
            race[0].run();
        });
        race[0].run();
        MirrorSync engine = MirrorSync.builder()
                .gitBackend(git)
                .sleeper(sleeper)
                .random(new Random(1))
                .retryPolicy(RetryPolicy.builder().maxReplans(2).build())
                .build();

        BranchReport main = only(engine.sync(pair(), SyncRequest.defaults()));

        assertThat(main.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(main.failure()).contains(Reason.CONCURRENT_UPDATE);
        assertThat(main.message()).contains("kept moving");
        assertThat(raced[0]).isEqualTo(2);
        assertThat(main.publicBefore()).contains(ahead.get(1));
        // One advertisement per side at the start, then one per side after each rejected push: it both classifies
        // the rejection (moved, not refused) and is what the next plan, or the final report, is made from.
        assertThat(git.calls(Operation.LIST_REFS)).isEqualTo(2 + 2 * 2);
    }

    /*
     *       Q W
     *   a - b - c   P      the push to public fails once with a 5xx
     */
    @Test
    void aTransientFaultIsRetriedAfterABackoffWithoutSleeping() {
        commit(PRIVATE_URL, "a");
        CommitId b = commit(PRIVATE_URL, "b");
        set(PUBLIC_URL, MAIN, b);
        CommitId c = commit(PRIVATE_URL, "c");
        git.failNext(
                Operation.PUSH, PUBLIC_URL, new MirrorSyncException(Reason.SERVER_ERROR, "502 from " + PUBLIC_URL));

        BranchReport main = only(sync());

        assertThat(main.outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(main.failure()).isEmpty();
        assertThat(main(PUBLIC_URL)).contains(c);
        assertThat(git.calls(Operation.PUSH)).isEqualTo(3); // failed, retried, watermark
        assertThat(sleeper.waits())
                .singleElement()
                .satisfies(w -> assertThat(w)
                        .isBetween(Duration.ZERO, RetryPolicy.defaults().initialBackoff()));
    }

    @Test
    void aPermanentFaultIsReportedAsFailedWithoutRetries() {
        commit(PRIVATE_URL, "a");
        CommitId b = commit(PRIVATE_URL, "b");
        set(PUBLIC_URL, MAIN, b);
        commit(PRIVATE_URL, "c");
        git.failNext(
                Operation.PUSH,
                PUBLIC_URL,
                new MirrorSyncException(Reason.AUTHENTICATION, "bad credentials for " + PUBLIC_URL));

        SyncReport report = sync();

        assertThat(only(report).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(only(report).failure()).contains(Reason.AUTHENTICATION);
        assertThat(report.hasFailures()).isTrue();
        assertThat(git.calls(Operation.PUSH)).isEqualTo(1);
        assertThat(sleeper.waits()).isEmpty();
        assertThat(main(PUBLIC_URL)).contains(b);
    }

    @Test
    void aFailureToListRefsFailsEveryBranchWithoutTouchingAnything() {
        commit(PRIVATE_URL, "a");
        git.failNext(
                Operation.LIST_REFS,
                PRIVATE_URL,
                new MirrorSyncException(Reason.PERMISSION, "no read access to " + PRIVATE_URL));

        SyncReport report = sync(SyncRequest.defaults(), "main", "dev");

        assertThat(report.branches()).allSatisfy(b -> {
            assertThat(b.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(b.failure()).contains(Reason.PERMISSION);
        });
        assertThat(git.pushes()).isEmpty();
    }

    /*
     *       Q
     *   a - b - c   P      public main is protected
     */
    @Test
    void aProtectedBranchFailsClearly() {
        commit(PRIVATE_URL, "a");
        CommitId b = commit(PRIVATE_URL, "b");
        set(PUBLIC_URL, MAIN, b);
        commit(PRIVATE_URL, "c");
        git.protect(PUBLIC_URL, MAIN);

        BranchReport main = only(sync());

        assertThat(main.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(main.failure()).contains(Reason.PERMISSION);
        assertThat(main.message())
                .contains("refused")
                .contains("branch protection")
                .contains("protected branch hook declined");
        assertThat(git.calls(Operation.PUSH)).isEqualTo(1);
        assertThat(main(PUBLIC_URL)).contains(b);
    }

    /*
     *   main: diverged (c | d over b)        dev: private ahead (e - f over e)
     */
    @Test
    void oneDivergedBranchDoesNotBlockAnother() {
        CommitId[] t = diverge();
        CommitId e = git.commit(PRIVATE_URL, "dev", "e");
        set(PUBLIC_URL, "refs/heads/dev", e);
        CommitId f = git.commit(PRIVATE_URL, "dev", "f");

        SyncReport report = sync(SyncRequest.defaults(), "main", "dev");

        assertThat(report.branches())
                .extracting(BranchReport::branch, BranchReport::outcome)
                .containsExactly(Tuple.tuple("main", Outcome.NEEDS_HUMAN), Tuple.tuple("dev", Outcome.SYNCED));
        assertThat(git.branch(PUBLIC_URL, "dev")).contains(f);
        assertThat(main(PUBLIC_URL)).contains(t[2]);
    }

    // ---------------------------------------------------------------------------------------------
    // The one issue per (pair, branch).

    /*
     *         c - c2   P            run 1: opened; run 2: unchanged, no write;
     *        /                      run 3 (after c2): updated in place; run 4 (after a merge m
     *   a - b  W                    pushed to both sides): closed with a comment
     *        \
     *         d        Q
     */
    @Test
    void anIssueIsOpenedOnceUpdatedWhenTheTipsMoveAndClosedOnceInSync() {
        CommitId[] t = diverge();

        assertThat(only(sync()).issueAction()).isEqualTo(IssueAction.OPENED);
        int writes = tracker.writes();
        BranchReport again = only(sync());
        assertThat(again.issueAction()).isEqualTo(IssueAction.NONE);
        assertThat(tracker.writes()).isEqualTo(writes);
        assertThat(git.pushes()).isEmpty();

        CommitId c2 = commit(PRIVATE_URL, "c2");
        BranchReport moved = only(sync());
        assertThat(moved.issueAction()).isEqualTo(IssueAction.UPDATED);
        assertThat(moved.issue()).isEqualTo(again.issue());
        assertThat(issues()).singleElement().satisfies(issue -> {
            assertThat(issue.body()).contains(c2.hex()).doesNotContain(t[1].hex());
            assertThat(issue.comments())
                    .singleElement()
                    .asString()
                    .contains("changed")
                    .contains("2 only on private");
        });

        CommitId m = git.createCommit(List.of(c2, t[2]), "merge by a human", Map.of());
        set(PRIVATE_URL, MAIN, m);
        set(PUBLIC_URL, MAIN, m);
        BranchReport resolved = only(sync());
        assertThat(resolved.issueAction()).isEqualTo(IssueAction.CLOSED);
        assertThat(issues()).singleElement().satisfies(issue -> {
            assertThat(issue.open()).isFalse();
            assertThat(issue.comments()).hasSize(2).last().asString().contains("Back in sync");
        });
        assertThat(tracker.issues()).hasSize(1);
    }

    /*
     *         c   P   "Fix CVE-2026-0001 in the token parser" by "Mallory Insider"
     *        /
     *   a - b  W
     *        \
     *         d   Q
     */
    @Test
    void aPublicTrackerGetsIdsAndCountsButNoPrivateSubjectOrAuthor() {
        tracker = new RecordingIssueTracker(true);
        commit(PRIVATE_URL, "a");
        CommitId b = commit(PRIVATE_URL, "b");
        set(PUBLIC_URL, MAIN, b);
        CommitId c = git.createCommit(
                List.of(b), "Fix CVE-2026-0001 in the token parser", "Mallory Insider", Map.of("f", "x"));
        set(PRIVATE_URL, MAIN, c);
        CommitId d = commit(PUBLIC_URL, "Public docs update");

        BranchReport main = only(sync());

        assertThat(main.outcome()).isEqualTo(Outcome.NEEDS_HUMAN);
        assertThat(issues()).singleElement().satisfies(issue -> {
            String all = issue.title() + issue.body() + issue.comments();
            assertThat(all).doesNotContain("CVE").doesNotContain("token parser").doesNotContain("Mallory");
            assertThat(issue.body())
                    .contains(c.abbreviated())
                    .contains("Only on private (1)")
                    .contains("listed by id only")
                    .contains(d.abbreviated())
                    .contains("Public docs update");
        });
    }

    /*
     *         c   P
     *        /
     *   a - b
     *        \
     *         d   Q   subject: "<script>alert(1)</script> [click](https://evil.example) @everyone fixes #1"
     */
    @Test
    void markdownAndHtmlInCommitSubjectsAreRenderedInert() {
        commit(PRIVATE_URL, "a");
        CommitId b = commit(PRIVATE_URL, "b");
        set(PUBLIC_URL, MAIN, b);
        commit(PRIVATE_URL, "c");
        commit(PUBLIC_URL, "<script>alert(1)</script> [click](https://evil.example) @everyone fixes #1\n\nbody");

        only(sync());

        assertThat(issues())
                .singleElement()
                .satisfies(issue -> assertThat(issue.body())
                        .doesNotContain("<script>")
                        .doesNotContain("](https")
                        .doesNotContain("@everyone")
                        .doesNotContain("#1")
                        .contains("&lt;script&gt;")
                        .contains("&#64;everyone"));
    }

    /*
     *       Q
     *   a - b - c   P      an issue is open; the tracker is down when the run would close it
     */
    @Test
    void aTrackerFailureIsReportedWithoutLosingTheGitResult() {
        commit(PRIVATE_URL, "a");
        CommitId b = commit(PRIVATE_URL, "b");
        set(PUBLIC_URL, MAIN, b);
        CommitId c = commit(PRIVATE_URL, "c");
        tracker.open(IssueDraft.builder()
                .key(KEY)
                .title("old")
                .body("<!-- " + KEY + " -->")
                .build());
        tracker.failNext(new MirrorSyncException(Reason.AUTHENTICATION, "tracker token expired"));

        SyncReport report = sync();

        BranchReport main = only(report);
        assertThat(main.outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(main.publicAfter()).contains(c);
        assertThat(main(PUBLIC_URL)).contains(c);
        assertThat(main.failure()).contains(Reason.AUTHENTICATION);
        assertThat(main.message())
                .contains("fast-forwarded")
                .contains("issue tracker")
                .contains("tracker token expired");
        assertThat(report.hasFailures()).isTrue();
        assertThat(issues()).singleElement().satisfies(i -> assertThat(i.open()).isTrue());
    }

    // ---------------------------------------------------------------------------------------------
    // Secrets.

    @Test
    void noTokenEscapesIntoReportsMessagesOrIssues() {
        CommitId[] t = diverge();
        sync();
        sync(request(Direction.BOTH, DivergencePolicy.PREFER_PRIVATE));
        commit(PRIVATE_URL, "more");
        git.failNext(
                Operation.PUSH,
                PUBLIC_URL,
                new MirrorSyncException(Reason.AUTHENTICATION, "bad credentials for " + PUBLIC_URL));
        sync();
        git.protect(PUBLIC_URL, MAIN);
        sync();
        texts.add(pair().toString());
        texts.add(pair().privateRepo().toString());

        assertThat(texts).anySatisfy(text -> assertThat(text).contains(PRIVATE_URL));
        assertThat(t).isNotEmpty();
        assertNoSecretEscaped();
    }
}
