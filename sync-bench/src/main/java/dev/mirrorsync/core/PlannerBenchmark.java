package dev.mirrorsync.core;

import dev.mirrorsync.testing.InMemoryGitBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The planner on its own ({@code SyncPlanner.plan}, package-private, hence this package), and the whole engine
 * around it in a dry run through the public {@link MirrorSync} on sync-testing's {@link InMemoryGitBackend}: what
 * mirror-sync itself costs per branch once git's costs are taken away.
 *
 * <p>Run: {@code java -jar sync-bench/target/sync-bench.jar jmh PlannerBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class PlannerBenchmark {

    /** One hand-made observation per row of the state table that a run commonly meets. */
    @State(Scope.Benchmark)
    public static class Observations {
        @Param({"IN_SYNC", "PRIVATE_AHEAD", "DIVERGED", "PUBLIC_REWRITTEN"})
        public String state;

        Observation seen;
        final SyncRequest request = SyncRequest.defaults();

        @Setup
        public void setUp() {
            CommitId w = CommitId.of("1".repeat(40));
            CommitId p = CommitId.of("2".repeat(40));
            CommitId q = CommitId.of("3".repeat(40));
            seen = switch (state) {
                case "IN_SYNC" -> new Observation("main", Optional.of(p), Optional.of(p), Optional.of(p), true, true,
                        true, true, Optional.of(p));
                case "PRIVATE_AHEAD" -> new Observation("main", Optional.of(p), Optional.of(w), Optional.of(w), true,
                        true, true, false, Optional.of(w));
                case "DIVERGED" -> new Observation("main", Optional.of(p), Optional.of(q), Optional.of(w), true, true,
                        false, false, Optional.of(w));
                case "PUBLIC_REWRITTEN" -> new Observation("main", Optional.of(p), Optional.of(q), Optional.of(w), true,
                        false, false, false, Optional.empty());
                default -> throw new IllegalArgumentException(state);
            };
        }
    }

    @Benchmark
    public Plan plan(Observations o) {
        return SyncPlanner.plan(o.seen, o.request);
    }

    /** A pair whose branches are all 10 commits ahead on private (or diverged), in memory. */
    @State(Scope.Benchmark)
    public static class World {
        @Param({"1", "20"})
        public int branches;

        @Param({"ahead", "diverged"})
        public String shape;

        MirrorSync mirrorSync;
        MirrorPair pair;
        final SyncRequest request = SyncRequest.defaults();

        @Setup
        public void setUp() {
            InMemoryGitBackend backend = new InMemoryGitBackend();
            RepoLocation privateRepo = backend.createRemote("https://example.invalid/private.git");
            RepoLocation publicRepo = backend.createRemote("https://example.invalid/public.git");
            List<String> names = new ArrayList<>();
            for (int b = 0; b < branches; b++) {
                String branch = b == 0 ? "main" : "branch-" + b;
                names.add(branch);
                CommitId base = null;
                for (int i = 0; i < 50; i++) {
                    base = backend.commit(privateRepo.url(), branch, "base " + i, Map.of("f" + i, "x" + i));
                }
                backend.setRef(publicRepo.url(), "refs/heads/" + branch, Optional.of(base));
                backend.setRef(privateRepo.url(), SyncStateStores.WATERMARK_REF_PREFIX + branch, Optional.of(base));
                for (int i = 0; i < 10; i++) {
                    backend.commit(privateRepo.url(), branch, "new " + i, Map.of("p" + i, "y" + i));
                    if (shape.equals("diverged")) {
                        backend.commit(publicRepo.url(), branch, "other " + i, Map.of("q" + i, "z" + i));
                    }
                }
            }
            pair = MirrorPair.builder().name("bench").privateRepo(privateRepo).publicRepo(publicRepo).branches(names)
                    .build();
            mirrorSync = MirrorSync.builder().gitBackend(backend).build();
        }
    }

    /** Lists, fetches (in memory), asks the ancestry questions, plans and describes; pushes nothing. */
    @Benchmark
    public SyncReport dryRunThroughMirrorSync(World world) {
        return world.mirrorSync.plan(world.pair, world.request);
    }
}
