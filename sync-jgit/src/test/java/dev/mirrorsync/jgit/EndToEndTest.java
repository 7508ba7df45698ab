package dev.mirrorsync.jgit;

import static dev.mirrorsync.jgit.GitCli.commitOn;
import static dev.mirrorsync.jgit.GitCli.git;
import static dev.mirrorsync.jgit.GitCli.revParse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.core.BranchReport;
import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.MirrorPair;
import dev.mirrorsync.core.MirrorSync;
import dev.mirrorsync.core.Outcome;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.SyncReport;
import dev.mirrorsync.core.SyncRequest;
import dev.mirrorsync.core.SyncState;
import dev.mirrorsync.core.spi.GitBackend;
import dev.mirrorsync.testing.ScriptedGitBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine on JGitBackend over bare repositories made by git, as the CLI runs it. */
class EndToEndTest {
    static final String TOKEN = "tok-e2e-5c1d9e";

    @TempDir
    Path temp;

    Path privateRepo;
    Path publicRepo;

    /** Both repositories share {@code base} on main. */
    String setUpPair(Path root) {
        privateRepo = GitCli.initBare(root.resolve("private.git"));
        publicRepo = GitCli.initBare(root.resolve("public.git"));
        String base = commitOn(privateRepo, "main", "base");
        git(publicRepo, "fetch", "-q", privateRepo.toString(), "refs/heads/main:refs/heads/main");
        return base;
    }

    static MirrorPair pair(RepoLocation privateLocation, RepoLocation publicLocation) {
        return MirrorPair.builder()
                .name("e2e")
                .privateRepo(privateLocation)
                .publicRepo(publicLocation)
                .addBranches("main")
                .build();
    }

    static BranchReport sync(GitBackend backend, MirrorPair pair) {
        SyncReport report = MirrorSync.builder().gitBackend(backend).build().sync(pair, SyncRequest.defaults());
        assertThat(report.branches()).hasSize(1);
        return report.branches().get(0);
    }

    /*
     *   base - p1 - p2   private main
     *   base             public main   -> fast-forwarded to p2
     */
    @Test
    void aPrivateBranchAheadFastForwardsThePublicOne() {
        setUpPair(temp);
        commitOn(privateRepo, "main", "p1");
        String p2 = commitOn(privateRepo, "main", "p2");
        try (JGitBackend backend =
                JGitBackend.builder().cacheDirectory(temp.resolve("cache")).build()) {
            BranchReport report = sync(
                    backend,
                    pair(
                            RepoLocation.of(privateRepo.toString()),
                            RepoLocation.of(publicRepo.toUri().toString())));

            assertThat(report.state()).contains(SyncState.PRIVATE_AHEAD);
            assertThat(report.outcome()).isEqualTo(Outcome.SYNCED);
            assertThat(report.onlyOnPrivate().total()).isEqualTo(2);
        }
        assertThat(revParse(publicRepo, "refs/heads/main")).isEqualTo(p2);
        assertThat(revParse(privateRepo, "refs/heads/main")).isEqualTo(p2);
        assertThat(revParse(privateRepo, "refs/mirror-sync/synced/main")).isEqualTo(p2);
    }

    /*
     *          x   private main
     *   base <
     *          z   public main      -> reported, nothing moves
     */
    @Test
    void divergedBranchesAreReportedAndNothingMoves() {
        String base = setUpPair(temp);
        String x = commitOn(privateRepo, "main", "x");
        String z = commitOn(publicRepo, "main", "z");
        try (JGitBackend backend =
                JGitBackend.builder().cacheDirectory(temp.resolve("cache")).build()) {
            BranchReport report = sync(
                    backend, pair(RepoLocation.of(privateRepo.toString()), RepoLocation.of(publicRepo.toString())));

            assertThat(report.state()).contains(SyncState.DIVERGED);
            assertThat(report.outcome()).isEqualTo(Outcome.NEEDS_HUMAN);
            assertThat(report.mergeBase()).contains(CommitId.of(base));
            assertThat(report.onlyOnPrivate().listed())
                    .singleElement()
                    .satisfies(c -> assertThat(c.subject()).isEqualTo("x"));
        }
        assertThat(revParse(privateRepo, "refs/heads/main")).isEqualTo(x);
        assertThat(revParse(publicRepo, "refs/heads/main")).isEqualTo(z);
    }

    /*
     *   base - p1   private main, public at base: run 1 syncs over HTTP, run 2 (new backend, same cache) fetches nothing
     */
    @Test
    void aSecondRunOverAWarmCacheFetchesNothing() throws Exception {
        Path root = Files.createDirectories(temp.resolve("served"));
        setUpPair(root);
        String p1 = commitOn(privateRepo, "main", "p1");
        try (JGitHttpServer server = new JGitHttpServer(root, TOKEN, "unused-read-only")) {
            MirrorPair pair = pair(
                    RepoLocation.of(server.url("private.git"), Optional.of(TOKEN)),
                    RepoLocation.of(server.url("public.git"), Optional.of(TOKEN)));
            Path cache = temp.resolve("cache");
            try (JGitBackend first = JGitBackend.builder().cacheDirectory(cache).build()) {
                assertThat(sync(first, pair).outcome()).isEqualTo(Outcome.SYNCED);
            }
            assertThat(server.requests()).anyMatch(r -> r.endsWith("[fetch]"));
            assertThat(revParse(publicRepo, "refs/heads/main")).isEqualTo(p1);

            server.clearRequests();
            long objects = CacheRepositoryTest.objectFiles(cache);
            try (JGitBackend second =
                    JGitBackend.builder().cacheDirectory(cache).build()) {
                ScriptedGitBackend counting = new ScriptedGitBackend(second);
                BranchReport report = sync(counting, pair);
                assertThat(report.state()).contains(SyncState.IN_SYNC);
                assertThat(report.outcome()).isEqualTo(Outcome.UP_TO_DATE);
                assertThat(counting.calls(ScriptedGitBackend.Operation.LIST_REFS))
                        .isEqualTo(2);
                assertThat(counting.calls(ScriptedGitBackend.Operation.FETCH)).isZero();
                assertThat(counting.calls(ScriptedGitBackend.Operation.PUSH)).isZero();
            }
            assertThat(server.requests())
                    .isNotEmpty()
                    .noneMatch(r -> r.endsWith("[fetch]"))
                    .noneMatch(r -> r.contains("git-receive-pack"));
            assertThat(CacheRepositoryTest.objectFiles(cache)).isEqualTo(objects);
        }
    }
}
