package dev.mirrorsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.testing.InMemoryGitBackend;
import dev.mirrorsync.testing.RecordingIssueTracker;
import dev.mirrorsync.testing.RecordingSleeper;
import dev.mirrorsync.testing.TagScenarioGenerator;
import dev.mirrorsync.testing.TagScenarioGenerator.TagChange;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The design's invariants for tags, over random tag histories ({@link TagScenarioGenerator}) and random directions: runs
 * interleaved with people creating, moving and deleting tags on either side. After every run: no tag was moved or
 * deleted (nothing lost, no automatic surgery), a tag appeared only where it was missing and only with the other side's
 * value (leases "must not exist"), a tag missing on one side and never synced is on both sides when the direction allows,
 * one open issue per tag that needs a human and none for the others, a second run pushes and files nothing, and a dry
 * run changes nothing. Each case prints its seed; replay one with {@code -Dmirrorsync.seed=<seed>}.
 */
class TagSyncPropertiesTest {
    private static final long BASE_SEED = 0x7A65_1500L;
    private static final String PRIVATE_URL = "https://git.example.invalid/private/tags.git";
    private static final String PUBLIC_URL = "https://git.example.invalid/public/tags.git";
    private static final Set<TagState> SEEN = EnumSet.noneOf(TagState.class);

    @TestFactory
    Stream<DynamicTest> randomTagHistories() {
        return seeds(200).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> run(seed)));
    }

    @Test
    void theGeneratorReachesEveryTagState() {
        seeds(200).forEach(TagSyncPropertiesTest::run);
        assertThat(SEEN).containsExactlyInAnyOrderElementsOf(EnumSet.allOf(TagState.class));
    }

    private static void run(long seed) {
        Random random = new Random(seed);
        InMemoryGitBackend git = new InMemoryGitBackend();
        git.createRemote(PRIVATE_URL);
        git.createRemote(PUBLIC_URL);
        CommitId a = git.commit(PRIVATE_URL, "main", "a");
        CommitId b = git.commit(PRIVATE_URL, "main", "b");
        CommitId c = git.commit(PRIVATE_URL, "main", "c");
        git.setRef(PUBLIC_URL, "refs/heads/main", Optional.of(c));
        TagScenarioGenerator generator = new TagScenarioGenerator(
                List.of("v1", "v2", "v3", "v4"), List.of(a, b, c), List.of(PRIVATE_URL, PUBLIC_URL));
        RecordingIssueTracker tracker = new RecordingIssueTracker();
        List<String> history = new ArrayList<>();
        List<TagChange> initial = generator.initial(random);
        TagScenarioGenerator.apply(git, initial);
        history.add("initial " + initial);
        int runs = 1 + random.nextInt(4);
        for (int run = 0; run < runs; run++) {
            Direction direction = Direction.values()[random.nextInt(Direction.values().length)];
            boolean dryRun = random.nextInt(5) == 0;
            history.add("sync " + direction + (dryRun ? " --dry-run" : ""));
            String context =
                    "seed " + seed + " (replay with -Dmirrorsync.seed=" + seed + "): " + String.join("; ", history);
            check(
                    git,
                    tracker,
                    SyncRequest.builder().direction(direction).dryRun(dryRun).build(),
                    context);
            List<TagChange> changes = generator.between(random);
            TagScenarioGenerator.apply(git, changes);
            history.add("then " + changes);
        }
    }

    private static void check(
            InMemoryGitBackend git, RecordingIssueTracker tracker, SyncRequest request, String context) {
        Map<String, CommitId> privateBefore = TagScenarioGenerator.tagsOf(git, PRIVATE_URL);
        Map<String, CommitId> publicBefore = TagScenarioGenerator.tagsOf(git, PUBLIC_URL);
        int pushesBefore = git.pushes().size();
        int writesBefore = tracker.writes();

        SyncReport report = engine(git, tracker).sync(pair(), request);

        Map<String, CommitId> privateAfter = TagScenarioGenerator.tagsOf(git, PRIVATE_URL);
        Map<String, CommitId> publicAfter = TagScenarioGenerator.tagsOf(git, PUBLIC_URL);
        report.tags().forEach(t -> t.state().ifPresent(SEEN::add));
        assertThat(report.tags())
                .as(context)
                .allSatisfy(t -> assertThat(t.failure()).as(t.message()).isEmpty());
        // Nothing lost, no automatic surgery: every tag a side had, it still has, at the same object.
        assertThat(privateAfter).as("private tags, " + context).containsAllEntriesOf(privateBefore);
        assertThat(publicAfter).as("public tags, " + context).containsAllEntriesOf(publicBefore);
        // Created only where missing, with the other side's object, with the lease "must not exist".
        created(privateBefore, privateAfter)
                .forEach(tag -> assertThat(privateAfter.get(tag)).as(context).isEqualTo(publicBefore.get(tag)));
        created(publicBefore, publicAfter)
                .forEach(tag -> assertThat(publicAfter.get(tag)).as(context).isEqualTo(privateBefore.get(tag)));
        assertThat(git.pushes().subList(pushesBefore, git.pushes().size()))
                .filteredOn(p -> p.update().refName().startsWith("refs/tags/"))
                .as(context)
                .allSatisfy(p -> assertThat(p.update().expectedOld()).isEmpty());
        if (request.dryRun()) {
            assertThat(git.pushes()).as("a dry run pushes nothing, " + context).hasSize(pushesBefore);
            assertThat(tracker.writes())
                    .as("a dry run files nothing, " + context)
                    .isEqualTo(writesBefore);
            return;
        }
        for (TagReport tag : report.tags()) {
            TagState state = tag.state().orElseThrow();
            boolean permitted = switch (state) {
                case PRIVATE_MISSING -> request.direction().allowsUpdating(Side.PRIVATE);
                case PUBLIC_MISSING -> request.direction().allowsUpdating(Side.PUBLIC);
                case IN_SYNC, CONFLICTING, PRIVATE_MOVED, PUBLIC_MOVED, PRIVATE_DELETED, PUBLIC_DELETED -> false;
            };
            if (permitted) {
                assertThat(privateAfter.get(tag.tag()))
                        .as("convergence of " + tag.tag() + ", " + context)
                        .isNotNull()
                        .isEqualTo(publicAfter.get(tag.tag()));
            }
            assertThat(tag.outcome() == Outcome.NEEDS_HUMAN)
                    .as(tag.tag() + ", " + context)
                    .isEqualTo(state.needsHuman());
        }
        // One open issue per tag that needs a human. An issue stays open, not duplicated, while its tag waits for a
        // run in the other direction (pending), or once a tag that was never synced is gone from both sides (then no
        // record remembers it: closed by hand); a tag in sync closes its issue.
        Set<String> needing = new TreeSet<>();
        Set<String> mayStayOpen = new TreeSet<>();
        report.tags().stream().filter(t -> t.outcome() == Outcome.NEEDS_HUMAN).forEach(t -> needing.add(t.tag()));
        report.tags().stream().filter(t -> t.outcome() == Outcome.PENDING).forEach(t -> mayStayOpen.add(t.tag()));
        List.of("v1", "v2", "v3", "v4").stream()
                .filter(t -> !privateAfter.containsKey(t) && !publicAfter.containsKey(t))
                .filter(t -> report.tags().stream().noneMatch(r -> r.tag().equals(t)))
                .forEach(mayStayOpen::add);
        Set<String> open = new TreeSet<>();
        tracker.openIssues().forEach(issue -> open.add(issue.title().replaceAll("^mirror-sync: tag (\\S+) .*", "$1")));
        assertThat(open).as("open issues, " + context).containsAll(needing);
        Set<String> extra = new TreeSet<>(open);
        extra.removeAll(needing);
        assertThat(mayStayOpen)
                .as("open issues of tags that need no human, " + context)
                .containsAll(extra);
        assertThat(tracker.openIssues()).as("one issue per tag, " + context).hasSize(open.size());
        // Idempotent: right after, a run pushes nothing and files nothing.
        int pushes = git.pushes().size();
        int writes = tracker.writes();
        SyncReport again = engine(git, tracker).sync(pair(), request);
        assertThat(git.pushes().subList(pushes, git.pushes().size()))
                .as("second run's pushes, " + context)
                .isEmpty();
        assertThat(tracker.writes())
                .as("second run's tracker writes, " + context)
                .isEqualTo(writes);
        assertThat(again.tags())
                .extracting(TagReport::state)
                .as(context)
                .containsExactlyElementsOf(report.tags().stream()
                        .filter(t -> t.privateBefore().isPresent()
                                || t.publicBefore().isPresent())
                        .map(t -> t.outcome() == Outcome.SYNCED ? Optional.of(TagState.IN_SYNC) : t.state())
                        .toList());
    }

    private static Set<String> created(Map<String, CommitId> before, Map<String, CommitId> after) {
        Set<String> created = new TreeSet<>(after.keySet());
        created.removeAll(before.keySet());
        return created;
    }

    private static MirrorPair pair() {
        return MirrorPair.builder()
                .name("tags")
                .privateRepo(RepoLocation.of(PRIVATE_URL))
                .publicRepo(RepoLocation.of(PUBLIC_URL))
                .addBranches("main")
                .syncTags(true)
                .build();
    }

    private static MirrorSync engine(InMemoryGitBackend git, RecordingIssueTracker tracker) {
        return MirrorSync.builder()
                .gitBackend(git)
                .issueTracker(tracker)
                .sleeper(new RecordingSleeper())
                .random(new Random(1))
                .build();
    }

    private static LongStream seeds(int defaultCount) {
        String replay = System.getProperty("mirrorsync.seed");
        if (replay != null && !replay.isBlank()) {
            return LongStream.of(Long.parseLong(replay.strip()));
        }
        int count = Integer.getInteger("mirrorsync.cases", defaultCount);
        System.out.printf(
                "TagSyncPropertiesTest: base seed %d, %d cases (replay one with -Dmirrorsync.seed=<seed>)%n",
                BASE_SEED, count);
        return LongStream.range(0, count).map(i -> BASE_SEED + i);
    }
}
