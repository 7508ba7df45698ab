package dev.mirrorsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.testing.CommitGraph;
import dev.mirrorsync.testing.CommitGraphGenerator;
import dev.mirrorsync.testing.InMemorySyncWorld;
import dev.mirrorsync.testing.ScenarioGenerator;
import dev.mirrorsync.testing.ScenarioRunner;
import dev.mirrorsync.testing.ScenarioSpace;
import dev.mirrorsync.testing.Step;
import dev.mirrorsync.testing.SyncHarness;
import dev.mirrorsync.testing.SyncRun;
import dev.mirrorsync.testing.Tally;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The invariants of docs/design.md over the scenario space: the finite part enumerated exhaustively, then random
 * commit graphs and random action sequences from printed seeds. Replay one seed with
 * {@code -Dmirrorsync.seed=<seed>} (random graphs and sequences run only that seed); scale the random parts
 * with {@code -Dmirrorsync.cases=<n>}.
 */
class MirrorSyncPropertiesTest {
    private static final long GRAPH_BASE_SEED = 0x5EED_6A0FL;
    private static final long SEQUENCE_BASE_SEED = 0x5EED_5E0FL;
    private static final int SEQUENCE_LENGTH = 20;

    /** Every state × watermark position × direction × policy × disturbance × dry run. */
    @TestFactory
    Stream<DynamicTest> finiteScenarioSpaceExhaustively() {
        Tally tally = new Tally("MirrorSyncPropertiesTest finite space");
        return ScenarioSpace.all().stream()
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    List<String> violations = ScenarioSpace.run(c, new InMemorySyncWorld(), tally);
                    assertThat(violations)
                            .as("%s\n%s", c.name(), c.graph().draw())
                            .isEmpty();
                }))
                .onClose(() -> System.out.println(tally.summary()));
    }

    @Test
    void theFiniteSpaceReachesEveryStateOfTheTable() {
        assertThat(ScenarioSpace.statesCovered(InMemorySyncWorld::new))
                .containsExactlyInAnyOrderElementsOf(EnumSet.allOf(SyncState.class));
        assertThat(ScenarioSpace.all()).hasSizeGreaterThan(1000);
    }

    /** A random graph, a random request, sometimes a race or a fault; all invariants, then idempotence. */
    @TestFactory
    Stream<DynamicTest> randomCommitGraphs() {
        Tally tally = new Tally("MirrorSyncPropertiesTest random graphs");
        return seeds(GRAPH_BASE_SEED, 300)
                .mapToObj(seed -> {
                    CommitGraph graph = CommitGraphGenerator.generate(new Random(seed));
                    return DynamicTest.dynamicTest("seed " + seed + ": " + graph.description(), () -> {
                        Random random = new Random(seed ^ 0x9E3779B97F4A7C15L);
                        SyncHarness harness = new SyncHarness(
                                new InMemorySyncWorld(), "graphs", List.of("main"), random.nextBoolean(), seed);
                        graph.build(harness, "main");
                        SyncRequest request = SyncRequest.builder()
                                .direction(Direction.values()[random.nextInt(3)])
                                .divergencePolicy(DivergencePolicy.values()[random.nextInt(3)])
                                .dryRun(random.nextInt(5) == 0)
                                .build();
                        if (random.nextInt(4) == 0) {
                            harness.raceNextPush(random.nextBoolean() ? Side.PRIVATE : Side.PUBLIC, "main");
                        }
                        List<String> violations = new ArrayList<>(harness.syncAndCheck(request));
                        // Whatever the first run did, a later undisturbed run must not break anything either.
                        SyncRun again = harness.sync(request);
                        violations.addAll(harness.check(again));
                        tally.record("graphs", harness);
                        assertThat(violations)
                                .as(
                                        "seed %d (replay with -Dmirrorsync.seed=%d), %s under %s\n%s",
                                        seed, seed, graph.description(), request, graph.draw())
                                .isEmpty();
                    });
                })
                .onClose(() -> System.out.println(tally.summary()));
    }

    /** A few hundred sequences of ~20 steps; every invariant after every sync; a failure is shrunk and printed. */
    @TestFactory
    Stream<DynamicTest> randomActionSequences() {
        List<String> branches = List.of("main", "dev");
        Tally tally = new Tally("MirrorSyncPropertiesTest random sequences");
        ScenarioRunner runner = new ScenarioRunner(InMemorySyncWorld::new, branches, tally);
        return seeds(SEQUENCE_BASE_SEED, 300)
                .mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> {
                    Random random = new Random(seed);
                    boolean publicTracker = random.nextBoolean();
                    List<Step> steps = ScenarioGenerator.generate(random, branches, SEQUENCE_LENGTH);
                    Optional<ScenarioRunner.Failure> failure = runner.run(seed, publicTracker, steps);
                    if (failure.isPresent()) {
                        List<Step> shrunk = runner.shrink(seed, publicTracker, steps);
                        String shrunkFailure = runner.run(seed, publicTracker, shrunk)
                                .map(Object::toString)
                                .orElse("(did not fail again)");
                        throw new AssertionError(String.format(
                                "seed %d (replay with -Dmirrorsync.seed=%d), %s tracker: %s%nshrunk to %d step(s): %s%n%s%nfull sequence:%n%s",
                                seed,
                                seed,
                                publicTracker ? "public" : "private",
                                failure.get(),
                                shrunk.size(),
                                shrunkFailure,
                                ScenarioRunner.describe(shrunk),
                                ScenarioRunner.describe(steps)));
                    }
                }))
                .onClose(() -> System.out.println(tally.summary()));
    }

    private static LongStream seeds(long base, int defaultCount) {
        String replay = System.getProperty("mirrorsync.seed");
        if (replay != null && !replay.isBlank()) {
            return LongStream.of(Long.parseLong(replay.strip()));
        }
        int count = Integer.getInteger("mirrorsync.cases", defaultCount);
        System.out.printf(
                "MirrorSyncPropertiesTest: base seed %d, %d cases (replay one with -Dmirrorsync.seed=<seed>)%n",
                base, count);
        return LongStream.range(0, count).map(i -> base + i);
    }
}
