package dev.mirrorsync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorsync.testing.InMemoryGitBackend;
import dev.mirrorsync.testing.InMemoryGitBackend.Operation;
import dev.mirrorsync.testing.RecordingIssueTracker;
import dev.mirrorsync.testing.RecordingSleeper;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Branch patterns, excludes and every branch, and the batched network of a run over many branches: one listing,
 * one fetch and one push per side, each ref with its own lease and its own result.
 */
class BranchSelectionTest {
    private static final String PRIVATE_URL = "https://git.example.invalid/private/app.git";
    private static final String PUBLIC_URL = "https://git.example.invalid/public/app.git";

    private final InMemoryGitBackend git = new InMemoryGitBackend();
    private final RecordingIssueTracker tracker = new RecordingIssueTracker();

    BranchSelectionTest() {
        git.createRemote(PRIVATE_URL);
        git.createRemote(PUBLIC_URL);
    }

    private static MirrorPair.Builder pair() {
        return MirrorPair.builder()
                .name("app")
                .privateRepo(RepoLocation.of(PRIVATE_URL))
                .publicRepo(RepoLocation.of(PUBLIC_URL));
    }

    private SyncReport sync(MirrorPair pair) {
        return MirrorSync.builder()
                .gitBackend(git)
                .issueTracker(tracker)
                .sleeper(new RecordingSleeper())
                .random(new Random(1))
                .build()
                .sync(pair, SyncRequest.defaults());
    }

    private static Map<String, BranchReport> byBranch(SyncReport report) {
        return report.branches().stream().collect(Collectors.toMap(BranchReport::branch, Function.identity()));
    }

    private void same(String branch, CommitId tip) {
        git.setRef(PUBLIC_URL, BranchNames.ref(branch), Optional.of(tip));
    }

    @Test
    void patternsMatchWithinAComponentOrAcrossComponents() {
        BranchPattern one = BranchPattern.of("release/*");
        assertThat(one.matches("release/1.0")).isTrue();
        assertThat(one.matches("release/1/hotfix")).isFalse();
        assertThat(one.matches("release")).isFalse();
        assertThat(BranchPattern.of("release/**").matches("release/1/hotfix")).isTrue();
        assertThat(BranchPattern.of("**").matches("a/b/c")).isTrue();
        assertThat(BranchPattern.of("v?.x").matches("v1.x")).isTrue();
        assertThat(BranchPattern.of("v?.x").matches("v10.x")).isFalse();
        // Regex characters are literal.
        assertThat(BranchPattern.of("a+b").matches("aab")).isFalse();
        assertThat(BranchPattern.isPattern("release/*")).isTrue();
        assertThat(BranchPattern.isPattern("main")).isFalse();
    }

    @Test
    void aBadPatternOrANamedBranchThatIsExcludedIsRefusedBeforeAnythingRuns() {
        assertThatThrownBy(() -> BranchPattern.of("-*"))
                .hasMessageContaining("'-*'")
                .hasMessageContaining("option");
        assertThatThrownBy(() -> BranchPattern.of("a..*")).hasMessageContaining("'..'");
        assertThatThrownBy(() -> BranchPattern.of("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> pair().addBranches("release/1")
                        .addExcludedBranches(BranchPattern.of("release/*"))
                        .build())
                .hasMessageContaining("'release/1' is named and also excluded by 'release/*'");
        assertThatThrownBy(() -> pair().build()).hasMessageContaining("at least one branch or branch pattern");
    }

    /*
     *   private: main, release/1, release/2/rc, feature/x      public: release/3
     *   --branch 'release/*' --exclude 'release/3' + main named: main, release/1 only
     */
    @Test
    void aPatternSelectsBranchesOnEitherSideMinusExcludes() {
        git.commit(PRIVATE_URL, "main", "m");
        git.commit(PRIVATE_URL, "release/1", "r1");
        git.commit(PRIVATE_URL, "release/2/rc", "r2");
        git.commit(PRIVATE_URL, "feature/x", "f");
        git.commit(PUBLIC_URL, "release/3", "r3");
        git.commit(PUBLIC_URL, "release/4", "r4");

        SyncReport report = sync(pair().addBranches("main")
                .addBranchPatterns(BranchPattern.of("release/*"))
                .addExcludedBranches(BranchPattern.of("release/4"))
                .build());

        assertThat(report.branches())
                .extracting(BranchReport::branch)
                .containsExactly("main", "release/1", "release/3");
        assertThat(git.branch(PUBLIC_URL, "release/1")).isEqualTo(git.branch(PRIVATE_URL, "release/1"));
        assertThat(git.branch(PRIVATE_URL, "release/3")).isEqualTo(git.branch(PUBLIC_URL, "release/3"));
        assertThat(git.branch(PUBLIC_URL, "release/2/rc")).isEmpty();
        assertThat(git.branch(PUBLIC_URL, "feature/x")).isEmpty();
        assertThat(git.branch(PRIVATE_URL, "release/4")).isEmpty();
    }

    /*
     *   run 1: main          run 2: main, topic (new on private)          --all-branches
     */
    @Test
    void aBranchThatAppearsIsPickedUpByTheNextRun() {
        MirrorPair every = pair().addBranchPatterns(BranchPattern.of("**")).build();
        same("main", git.commit(PRIVATE_URL, "main", "a"));
        assertThat(sync(every).branches()).extracting(BranchReport::branch).containsExactly("main");

        CommitId t = git.commit(PRIVATE_URL, "topic", "t");
        Map<String, BranchReport> second = byBranch(sync(every));

        assertThat(second.keySet()).containsExactlyInAnyOrder("main", "topic");
        assertThat(second.get("topic").state()).contains(SyncState.PUBLIC_MISSING);
        assertThat(second.get("topic").outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(git.branch(PUBLIC_URL, "topic")).contains(t);
    }

    /*
     *   W
     *   a   P Q   (synced)   then topic deleted on public: reported as rewritten, not re-created, not deleted on private
     */
    @Test
    void aBranchDeletedOnOneSideAfterItWasSyncedIsReportedAsRewritten() {
        MirrorPair every = pair().addBranchPatterns(BranchPattern.of("**")).build();
        same("main", git.commit(PRIVATE_URL, "main", "m"));
        CommitId a = git.commit(PRIVATE_URL, "topic", "a");
        sync(every);
        assertThat(git.branch(PUBLIC_URL, "topic")).contains(a);
        git.setRef(PUBLIC_URL, BranchNames.ref("topic"), Optional.empty());

        BranchReport topic = byBranch(sync(every)).get("topic");

        assertThat(topic.state()).contains(SyncState.PUBLIC_REWRITTEN);
        assertThat(topic.outcome()).isEqualTo(Outcome.NEEDS_HUMAN);
        assertThat(git.branch(PUBLIC_URL, "topic")).isEmpty();
        assertThat(git.branch(PRIVATE_URL, "topic")).contains(a);
        assertThat(tracker.issues()).hasSize(1);
    }

    /*
     *   ten branches private ahead, five public ahead, five in sync without a watermark, two new on each side:
     *   one listing, one fetch, one push per side; the second run pushes nothing.
     */
    @Test
    void oneRunOverManyBranchesListsFetchesAndPushesOncePerSide() {
        for (int i = 0; i < 10; i++) {
            same("ahead-" + i, git.commit(PRIVATE_URL, "ahead-" + i, "base"));
            git.commit(PRIVATE_URL, "ahead-" + i, "more");
        }
        for (int i = 0; i < 5; i++) {
            CommitId base = git.commit(PRIVATE_URL, "behind-" + i, "base");
            same("behind-" + i, base);
            git.commit(PUBLIC_URL, "behind-" + i, "public more");
            same("same-" + i, git.commit(PRIVATE_URL, "same-" + i, "s"));
        }
        for (int i = 0; i < 2; i++) {
            git.commit(PRIVATE_URL, "new-private-" + i, "np");
            git.commit(PUBLIC_URL, "new-public-" + i, "nq");
        }
        MirrorPair every = pair().addBranchPatterns(BranchPattern.of("**")).build();

        SyncReport report = sync(every);

        assertThat(report.branches())
                .hasSize(24)
                .allSatisfy(b -> assertThat(b.failure()).isEmpty());
        assertThat(git.calls(Operation.LIST_REFS)).isEqualTo(2);
        assertThat(git.calls(Operation.FETCH)).isEqualTo(2);
        assertThat(git.pushBatches(PUBLIC_URL)).isEqualTo(1);
        assertThat(git.pushBatches(PRIVATE_URL)).isEqualTo(1);
        for (BranchReport b : report.branches()) {
            assertThat(git.branch(PUBLIC_URL, b.branch()))
                    .as(b.branch())
                    .isEqualTo(git.branch(PRIVATE_URL, b.branch()));
            assertThat(git.ref(PRIVATE_URL, "refs/mirror-sync/synced/" + b.branch()))
                    .as(b.branch())
                    .isEqualTo(git.branch(PRIVATE_URL, b.branch()));
        }
        int pushes = git.pushes().size();

        SyncReport second = sync(every);

        assertThat(second.branches()).allSatisfy(b -> assertThat(b.outcome()).isEqualTo(Outcome.UP_TO_DATE));
        assertThat(git.pushes()).hasSize(pushes);
        assertThat(git.calls(Operation.LIST_REFS)).isEqualTo(4);
        assertThat(git.calls(Operation.FETCH)).isEqualTo(2);
    }

    /*
     *   a, b, c private ahead; b protected on public; c moved on public by someone else between listing and push:
     *   a syncs; b fails on its own; c is observed again and synced without overwriting the other push.
     */
    @Test
    void oneRefusedRefNeverFailsTheOthersAndARaceIsReplanned() {
        for (String b : List.of("a", "b", "c")) {
            same(b, git.commit(PRIVATE_URL, b, "base"));
            git.commit(PRIVATE_URL, b, "more");
        }
        git.protect(PUBLIC_URL, BranchNames.ref("b"));
        git.beforeNextPush(PUBLIC_URL, world -> world.commit(PUBLIC_URL, "c", "pushed by someone else"));
        CommitId cBefore = git.branch(PUBLIC_URL, "c").orElseThrow();

        Map<String, BranchReport> report =
                byBranch(sync(pair().addBranches("a", "b", "c").build()));

        assertThat(report.get("a").outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(git.branch(PUBLIC_URL, "a")).isEqualTo(git.branch(PRIVATE_URL, "a"));
        assertThat(report.get("b").outcome()).isEqualTo(Outcome.FAILED);
        assertThat(report.get("b").message()).contains("protected branch hook declined");
        assertThat(git.ref(PRIVATE_URL, "refs/mirror-sync/synced/b")).isEmpty();
        // c: the other client's commit stays; c is now diverged and reported, never overwritten.
        CommitId theirs = git.branch(PUBLIC_URL, "c").orElseThrow();
        assertThat(theirs).isNotEqualTo(cBefore);
        assertThat(git.reachableFrom(theirs)).contains(cBefore);
        assertThat(report.get("c").state()).contains(SyncState.DIVERGED);
        assertThat(report.get("c").outcome()).isEqualTo(Outcome.NEEDS_HUMAN);
    }
}
