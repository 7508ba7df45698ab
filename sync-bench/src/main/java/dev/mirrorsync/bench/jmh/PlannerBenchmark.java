package dev.mirrorsync.bench.jmh;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.MirrorPair;
import dev.mirrorsync.core.MirrorSync;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.SyncReport;
import dev.mirrorsync.core.SyncRequest;
import dev.mirrorsync.core.SyncState;
import dev.mirrorsync.core.SyncStateStores;
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
 * What mirror-sync itself costs once git's costs are taken away: the engine in a dry run through the public
 * {@link MirrorSync} on sync-testing's {@link InMemoryGitBackend}, for one branch in each state of the table a run
 * commonly meets (observation, planning and the report around {@code SyncPlanner}, which is package-private and so
 * measured through the API an embedder calls), and for pairs of 1 or 20 branches.
 *
 * <p>Run: {@code java -jar sync-bench/target/sync-bench.jar jmh PlannerBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class PlannerBenchmark {

    /** One branch, in memory, in one row of the state table; W is the watermark. */
    @State(Scope.Benchmark)
    public static class OneBranch {
        @Param({"IN_SYNC", "PRIVATE_AHEAD", "DIVERGED", "PUBLIC_REWRITTEN"})
        public String state;

        MirrorSync mirrorSync;
        MirrorPair pair;
        final SyncRequest request = SyncRequest.defaults();

        @Setup
        public void setUp() {
            InMemoryGitBackend backend = new InMemoryGitBackend();
            RepoLocation privateRepo = backend.createRemote("https://example.invalid/private.git");
            RepoLocation publicRepo = backend.createRemote("https://example.invalid/public.git");
            String p = privateRepo.url();
            String q = publicRepo.url();
            CommitId a = backend.commit(p, "main", "a", Map.of("a", "a"));
            CommitId w = backend.commit(p, "main", "w", Map.of("w", "w"));
            backend.setRef(p, SyncStateStores.WATERMARK_REF_PREFIX + "main", Optional.of(w));
            backend.setRef(q, "refs/heads/main", Optional.of(w));
            switch (state) {
                case "IN_SYNC" -> {}
                case "PRIVATE_AHEAD" -> backend.commit(p, "main", "p", Map.of("p", "p"));
                case "DIVERGED" -> {
                    backend.commit(p, "main", "p", Map.of("p", "p"));
                    backend.commit(q, "main", "q", Map.of("q", "q"));
                }
                // public moved back behind W (a force-push): row 3
                case "PUBLIC_REWRITTEN" -> backend.setRef(q, "refs/heads/main", Optional.of(a));
                default -> throw new IllegalArgumentException(state);
            }
            pair = MirrorPair.builder()
                    .name("bench")
                    .privateRepo(privateRepo)
                    .publicRepo(publicRepo)
                    .addBranches("main")
                    .build();
            mirrorSync = MirrorSync.builder().gitBackend(backend).build();
            SyncState seen =
                    mirrorSync.plan(pair, request).branches().get(0).state().orElseThrow();
            if (!seen.name().equals(state)) {
                throw new IllegalStateException("the set-up for " + state + " is seen as " + seen);
            }
        }
    }

    /** Lists, asks the ancestry questions, plans and describes one branch; pushes nothing. */
    @Benchmark
    public SyncReport dryRunOfOneBranch(OneBranch branch) {
        return branch.mirrorSync.plan(branch.pair, branch.request);
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
            pair = MirrorPair.builder()
                    .name("bench")
                    .privateRepo(privateRepo)
                    .publicRepo(publicRepo)
                    .branches(names)
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
