package dev.mirrorsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.core.spi.RefUpdate;
import dev.mirrorsync.testing.InMemoryGitBackend;
import dev.mirrorsync.testing.InMemoryGitBackend.Operation;
import dev.mirrorsync.testing.RecordingIssueTracker;
import dev.mirrorsync.testing.RecordingSleeper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tag state table, case by case, through the whole engine on in-memory remotes: created where missing with the lease
 * "must not exist", recorded in one ref, and a tag that points elsewhere, or was moved or deleted after it was synced,
 * reported with one issue and never moved or deleted.
 */
class TagSyncTest {
    private static final String PRIVATE_URL = "https://git.example.invalid/private/app.git";
    private static final String PUBLIC_URL = "https://git.example.invalid/public/app.git";

    private final InMemoryGitBackend git = new InMemoryGitBackend();
    private final RecordingIssueTracker tracker = new RecordingIssueTracker();

    TagSyncTest() {
        git.createRemote(PRIVATE_URL);
        git.createRemote(PUBLIC_URL);
    }

    private static MirrorPair pair() {
        return MirrorPair.builder()
                .name("app")
                .privateRepo(RepoLocation.of(PRIVATE_URL))
                .publicRepo(RepoLocation.of(PUBLIC_URL))
                .addBranches("main")
                .syncTags(true)
                .build();
    }

    private SyncReport sync() {
        return sync(SyncRequest.defaults(), Optional.empty());
    }

    private SyncReport sync(SyncRequest request, Optional<Path> stateFile) {
        MirrorSync.Builder engine = MirrorSync.builder()
                .gitBackend(git)
                .issueTracker(tracker)
                .sleeper(new RecordingSleeper())
                .random(new Random(1));
        stateFile.ifPresent(file -> engine.stateStore(SyncStateStores.file(file)));
        return engine.build().sync(pair(), request);
    }

    private static Map<String, TagReport> byTag(SyncReport report) {
        return report.tags().stream().collect(Collectors.toMap(TagReport::tag, Function.identity()));
    }

    private void tag(String url, String tag, CommitId id) {
        git.setRef(url, "refs/tags/" + tag, Optional.of(id));
    }

    private Optional<CommitId> tagOn(String url, String tag) {
        return git.ref(url, "refs/tags/" + tag);
    }

    /** main = a on both sides. */
    private CommitId inSyncMain() {
        CommitId a = git.commit(PRIVATE_URL, "main", "a");
        git.setRef(PUBLIC_URL, "refs/heads/main", Optional.of(a));
        return a;
    }

    /*
     *   a (main, both)   v1 -> a on private only, v2 -> a on public only, v3 -> a on both
     *   one run: v1 created on public, v2 on private, both with "must not exist"; all three recorded in one ref
     */
    @Test
    void aTagOnOneSideOnlyIsCreatedOnTheOtherWithTheLeaseMustNotExist() {
        CommitId a = inSyncMain();
        tag(PRIVATE_URL, "v1", a);
        tag(PUBLIC_URL, "v2", a);
        tag(PRIVATE_URL, "v3", a);
        tag(PUBLIC_URL, "v3", a);

        SyncReport report = sync();

        Map<String, TagReport> tags = byTag(report);
        assertThat(tags.get("v1").state()).contains(TagState.PUBLIC_MISSING);
        assertThat(tags.get("v1").outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(tags.get("v2").state()).contains(TagState.PRIVATE_MISSING);
        assertThat(tags.get("v3").outcome()).isEqualTo(Outcome.UP_TO_DATE);
        assertThat(tagOn(PUBLIC_URL, "v1")).contains(a);
        assertThat(tagOn(PRIVATE_URL, "v2")).contains(a);
        assertThat(git.pushes())
                .filteredOn(p -> p.update().refName().startsWith("refs/tags/"))
                .extracting(p -> p.update().expectedOld())
                .containsOnly(Optional.empty());
        // One ref for all tags, none per tag under refs/mirror-sync.
        assertThat(git.refs(RepoLocation.of(PRIVATE_URL)).keySet())
                .filteredOn(r -> r.startsWith("refs/mirror-sync/"))
                .containsExactlyInAnyOrder(
                        SyncStateStores.TAG_RECORD_REF, SyncStateStores.WATERMARK_REF_PREFIX + "main");
        assertThat(git.readRecord(
                        git.ref(PRIVATE_URL, SyncStateStores.TAG_RECORD_REF).orElseThrow(), "synced-tags"))
                .contains(a.hex() + " v1\n" + a.hex() + " v2\n" + a.hex() + " v3\n");
        assertThat(report.needsHuman() || report.hasFailures()).isFalse();
        assertThat(tracker.issues()).isEmpty();
    }

    @Test
    void aSecondRunPushesNothingAndTheRecordRidesInTheBranchesPush() {
        CommitId a = inSyncMain();
        tag(PRIVATE_URL, "v1", a);
        git.commit(PRIVATE_URL, "main", "b");
        sync();
        assertThat(git.pushBatches(PRIVATE_URL))
                .as("private: the watermark and the tag record in one push")
                .isEqualTo(1);
        assertThat(git.pushBatches(PUBLIC_URL))
                .as("public: main and v1 in one push")
                .isEqualTo(1);
        int pushes = git.pushes().size();
        int listings = git.calls(Operation.LIST_REFS);

        SyncReport second = sync();

        assertThat(git.pushes()).hasSize(pushes);
        assertThat(git.calls(Operation.LIST_REFS) - listings)
                .as("one listing per side")
                .isEqualTo(2);
        assertThat(second.tags())
                .singleElement()
                .satisfies(t -> assertThat(t.outcome()).isEqualTo(Outcome.UP_TO_DATE));
    }

    /*
     *   a - b (main, both)   v1 synced at a; then public moves v1 to b
     *   reported PUBLIC_MOVED, one issue over two runs, v1 stays where each side has it; both agree again: closed
     */
    @Test
    void aTagMovedAfterItWasSyncedIsReportedOnceAndNeverMoved() {
        CommitId a = inSyncMain();
        tag(PRIVATE_URL, "v1", a);
        sync();
        CommitId b = git.commit(PRIVATE_URL, "main", "b");
        git.setRef(PUBLIC_URL, "refs/heads/main", Optional.of(b));
        tag(PUBLIC_URL, "v1", b);

        SyncReport first = sync();
        SyncReport second = sync();

        TagReport v1 = byTag(second).get("v1");
        assertThat(byTag(first).get("v1").state()).contains(TagState.PUBLIC_MOVED);
        assertThat(v1.outcome()).isEqualTo(Outcome.NEEDS_HUMAN);
        assertThat(v1.synced()).contains(a);
        assertThat(v1.message()).contains("never moves or deletes");
        assertThat(tagOn(PRIVATE_URL, "v1")).contains(a);
        assertThat(tagOn(PUBLIC_URL, "v1")).contains(b);
        assertThat(tracker.openIssues()).singleElement().satisfies(issue -> {
            assertThat(issue.title()).contains("tag v1").contains("moved on public");
            assertThat(issue.labels()).contains("sync-failure", "urgent");
            assertThat(issue.body()).contains(a.hex()).contains(b.hex());
        });
        assertThat(second.needsHuman()).isTrue();

        // A human makes both sides agree: the next run records it and closes the issue.
        tag(PRIVATE_URL, "v1", b);
        SyncReport agreed = sync();
        assertThat(byTag(agreed).get("v1").outcome()).isEqualTo(Outcome.UP_TO_DATE);
        assertThat(byTag(agreed).get("v1").issueAction()).isEqualTo(IssueAction.CLOSED);
        assertThat(tracker.openIssues()).isEmpty();
    }

    /*
     *   v1 synced at a; then private deletes it: PRIVATE_DELETED, never re-created on private nor deleted on public
     */
    @Test
    void aTagDeletedAfterItWasSyncedIsReportedNeverRecreatedNorDeletedOnTheOtherSide() {
        CommitId a = inSyncMain();
        tag(PRIVATE_URL, "v1", a);
        sync();
        git.setRef(PRIVATE_URL, "refs/tags/v1", Optional.empty());

        SyncReport report = sync();

        assertThat(byTag(report).get("v1").state()).contains(TagState.PRIVATE_DELETED);
        assertThat(tagOn(PRIVATE_URL, "v1")).isEmpty();
        assertThat(tagOn(PUBLIC_URL, "v1")).contains(a);
        assertThat(tracker.openIssues()).hasSize(1);

        // Deleted on both sides: nothing to reconcile; forgotten, and the issue closed.
        git.setRef(PUBLIC_URL, "refs/tags/v1", Optional.empty());
        SyncReport gone = sync();
        assertThat(gone.tags()).singleElement().satisfies(t -> {
            assertThat(t.state()).contains(TagState.IN_SYNC);
            assertThat(t.issueAction()).isEqualTo(IssueAction.CLOSED);
        });
        assertThat(tracker.openIssues()).isEmpty();
        assertThat(sync().tags()).as("forgotten").isEmpty();
        assertThat(git.readRecord(
                        git.ref(PRIVATE_URL, SyncStateStores.TAG_RECORD_REF).orElseThrow(), "synced-tags"))
                .contains("");
    }

    /*
     *   a - b (main, both)   v1 -> a on private, v1 -> b on public, never synced: CONFLICTING
     */
    @Test
    void aTagThatPointsElsewhereOnTheTwoSidesIsConflicting() {
        CommitId a = inSyncMain();
        CommitId b = git.commit(PRIVATE_URL, "main", "b");
        git.setRef(PUBLIC_URL, "refs/heads/main", Optional.of(b));
        tag(PRIVATE_URL, "v1", a);
        tag(PUBLIC_URL, "v1", b);

        SyncReport report = sync();

        assertThat(byTag(report).get("v1").state()).contains(TagState.CONFLICTING);
        assertThat(tagOn(PRIVATE_URL, "v1")).contains(a);
        assertThat(tagOn(PUBLIC_URL, "v1")).contains(b);
        assertThat(tracker.openIssues()).hasSize(1);
    }

    /** Someone creates the tag on public between the listing and the push: the lease refuses, nothing is overwritten. */
    @Test
    void aTagCreatedBySomeoneElseMeanwhileIsNeverOverwritten() {
        CommitId a = inSyncMain();
        CommitId other = git.createCommit(List.of(a), "theirs", Map.of());
        tag(PRIVATE_URL, "v1", a);
        git.beforeNextPush(PUBLIC_URL, g -> g.setRef(PUBLIC_URL, "refs/tags/v1", Optional.of(other)));

        SyncReport report = sync();

        assertThat(byTag(report).get("v1").outcome()).isEqualTo(Outcome.FAILED);
        assertThat(tagOn(PUBLIC_URL, "v1")).contains(other);
        // Not recorded: the next run sees a conflict, not a tag moved after it was synced.
        assertThat(byTag(sync()).get("v1").state()).contains(TagState.CONFLICTING);
    }

    @Test
    void directionAndDryRunAreRespected() {
        CommitId a = inSyncMain();
        tag(PRIVATE_URL, "v1", a);
        tag(PUBLIC_URL, "v2", a);

        SyncReport dry = sync(SyncRequest.builder().dryRun(true).build(), Optional.empty());
        SyncReport toPublic =
                sync(SyncRequest.builder().direction(Direction.TO_PUBLIC).build(), Optional.empty());

        assertThat(byTag(dry).get("v1").outcome()).isEqualTo(Outcome.WOULD_SYNC);
        assertThat(byTag(toPublic).get("v1").outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(byTag(toPublic).get("v2").outcome()).isEqualTo(Outcome.PENDING);
        assertThat(tagOn(PRIVATE_URL, "v2")).isEmpty();
        assertThat(git.pushes())
                .noneSatisfy(p -> assertThat(p.update().refName()).isEqualTo("refs/tags/v2"));
    }

    @Test
    void theFileStoreRemembersTagsBesideTheWatermarks(@TempDir Path dir) {
        Path state = dir.resolve("state.properties");
        CommitId a = inSyncMain();
        tag(PRIVATE_URL, "v1", a);
        sync(SyncRequest.defaults(), Optional.of(state));
        git.setRef(PUBLIC_URL, "refs/tags/v1", Optional.empty());

        SyncReport report = sync(SyncRequest.defaults(), Optional.of(state));

        assertThat(byTag(report).get("v1").state()).contains(TagState.PUBLIC_DELETED);
        assertThat(git.refs(RepoLocation.of(PRIVATE_URL))).doesNotContainKey(SyncStateStores.TAG_RECORD_REF);
    }

    @Test
    void theStateTableInItsOrder() {
        CommitId a = CommitId.of("a".repeat(40));
        CommitId b = CommitId.of("b".repeat(40));
        CommitId c = CommitId.of("c".repeat(40));
        Optional<CommitId> none = Optional.empty();
        assertThat(TagPlanner.state(none, none, Optional.of(a))).isEmpty();
        assertThat(TagPlanner.state(Optional.of(a), Optional.of(a), Optional.of(b)))
                .contains(TagState.IN_SYNC);
        assertThat(TagPlanner.state(Optional.of(a), none, none)).contains(TagState.PUBLIC_MISSING);
        assertThat(TagPlanner.state(none, Optional.of(a), none)).contains(TagState.PRIVATE_MISSING);
        assertThat(TagPlanner.state(Optional.of(a), none, Optional.of(a))).contains(TagState.PUBLIC_DELETED);
        assertThat(TagPlanner.state(Optional.of(b), none, Optional.of(a))).contains(TagState.PUBLIC_DELETED);
        assertThat(TagPlanner.state(none, Optional.of(a), Optional.of(a))).contains(TagState.PRIVATE_DELETED);
        assertThat(TagPlanner.state(Optional.of(a), Optional.of(b), Optional.of(a)))
                .contains(TagState.PUBLIC_MOVED);
        assertThat(TagPlanner.state(Optional.of(a), Optional.of(b), Optional.of(b)))
                .contains(TagState.PRIVATE_MOVED);
        assertThat(TagPlanner.state(Optional.of(a), Optional.of(b), none)).contains(TagState.CONFLICTING);
        assertThat(TagPlanner.state(Optional.of(a), Optional.of(b), Optional.of(c)))
                .contains(TagState.CONFLICTING);
        assertThat(TagPlanner.plan(Optional.of(a), none, none, Direction.TO_PRIVATE)
                        .orElseThrow()
                        .permitted())
                .isFalse();
        assertThat(RefUpdate.create("refs/tags/v1", a).expectedOld()).isEmpty();
    }
}
