package dev.mirrorsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many syncs at once (each with its own cache, so nothing serialises them but the leases) interleaved with other
 * clients committing to the same repositories the way a push does (a compare-and-swap of the ref). Afterwards no commit
 * by anyone is lost, a quiet run converges, and the diverged branch has exactly one issue however many runs saw it.
 *
 * <pre>
 *   main:   clients commit on private; mirror-sync fast-forwards public
 *   dev:    clients commit on public;  mirror-sync fast-forwards private
 *   topic:  private  B - x    public  B - y    (diverged throughout: one issue)
 * </pre>
 */
class ConcurrentLoadTest {
    private static final int SYNCERS = 3;
    private static final int RUNS_EACH = 6;
    private static final int COMMITS_EACH = 12;

    @TempDir
    Path dir;

    @Test
    void noCommitIsLostAndOneIssuePerProblemUnderConcurrentSyncsAndPushes() throws Exception {
        GitRepos git = new GitRepos(dir);
        Path priv = git.bare("private");
        Path pub = git.bare("public");
        String base = git.commit(priv, "base");
        git.copy(priv, pub, "main");
        for (String branch : List.of("dev", "topic")) {
            git.setBranch(priv, branch, Optional.of(base));
            git.copy(priv, pub, branch);
        }
        String x = git.commit(priv, "topic", "x.txt", "x\n", "x");
        String y = git.commit(pub, "topic", "y.txt", "y\n", "y");
        Path issues = dir.resolve("issues");
        Set<String> committed = ConcurrentHashMap.newKeySet();
        Map<String, AtomicInteger> exits = new ConcurrentHashMap<>();

        ExecutorService pool = Executors.newFixedThreadPool(SYNCERS + 2);
        List<Future<?>> work = new ArrayList<>();
        for (int s = 0; s < SYNCERS; s++) {
            Path cache = dir.resolve("cache-" + s);
            work.add(pool.submit(() -> {
                for (int run = 0; run < RUNS_EACH; run++) {
                    Cli.Result result = Cli.run(
                            "sync",
                            "--private",
                            priv.toString(),
                            "--public",
                            pub.toString(),
                            "--branch",
                            "main",
                            "--branch",
                            "dev",
                            "--branch",
                            "topic",
                            "--cache",
                            cache.toString(),
                            "--tracker",
                            "file:" + issues,
                            "--json");
                    exits.computeIfAbsent("exit " + result.exit(), k -> new AtomicInteger())
                            .incrementAndGet();
                    for (var branch : result.json().path("branches")) {
                        exits.computeIfAbsent(
                                        branch.path("branch").asText() + " "
                                                + branch.path("state").asText(),
                                        k -> new AtomicInteger())
                                .incrementAndGet();
                        // Nobody rewrote anything: a run that saw a side "rewritten" mistook another run's push for
                        // one.
                        assertThat(branch.path("state").asText())
                                .as(result.toString())
                                .doesNotEndWith("_REWRITTEN");
                    }
                    assertThat(result.exit()).as(result.toString()).isIn(1, 3);
                    assertThat(result.err()).doesNotContain("internal error");
                }
                return null;
            }));
        }
        work.add(pool.submit(() -> commitLoop(git, priv, "main", "c", committed)));
        work.add(pool.submit(() -> commitLoop(git, pub, "dev", "d", committed)));
        for (Future<?> f : work) {
            f.get(10, TimeUnit.MINUTES);
        }
        pool.shutdown();

        Cli.Result quiet = Cli.run(
                "sync",
                "--private",
                priv.toString(),
                "--public",
                pub.toString(),
                "--branch",
                "main",
                "--branch",
                "dev",
                "--branch",
                "topic",
                "--cache",
                dir.resolve("cache-0").toString(),
                "--tracker",
                "file:" + issues,
                "--json");
        System.out.println("[ConcurrentLoadTest] " + SYNCERS + " x " + RUNS_EACH + " syncs beside " + committed.size()
                + " commits by other clients: " + exits + "; the quiet run: exit " + quiet.exit());
        assertThat(quiet.exit()).as(quiet.toString()).isEqualTo(3);
        assertThat(git.revParse(pub, "refs/heads/main")).isEqualTo(git.revParse(priv, "refs/heads/main"));
        assertThat(git.revParse(priv, "refs/heads/dev")).isEqualTo(git.revParse(pub, "refs/heads/dev"));
        assertThat(git.revParse(priv, "refs/heads/topic")).contains(x);
        assertThat(git.revParse(pub, "refs/heads/topic")).contains(y);
        for (String commit : committed) {
            assertThat(git.isAncestor(priv, commit, "refs/heads/main")
                            || git.isAncestor(priv, commit, "refs/heads/dev"))
                    .as("commit " + commit + " by another client is on private")
                    .isTrue();
            assertThat(git.isAncestor(pub, commit, "refs/heads/main") || git.isAncestor(pub, commit, "refs/heads/dev"))
                    .as("commit " + commit + " by another client is on public")
                    .isTrue();
        }
        try (var files = Files.list(issues)) {
            List<Path> filed = files.filter(f -> f.getFileName().toString().matches("\\d+\\.json"))
                    .toList();
            StringBuilder contents = new StringBuilder();
            for (Path file : filed) {
                contents.append(file.getFileName())
                        .append(": ")
                        .append(GitRepos.read(file))
                        .append('\n');
            }
            assertThat(filed)
                    .as("one issue for the one problem (topic):\n" + contents)
                    .hasSize(1);
            assertThat(GitRepos.read(filed.get(0)))
                    .contains("\"state\" : \"open\"")
                    .contains("topic");
        }
    }

    /** Another client: commits on top of the branch and moves it with a compare-and-swap, as a push does; retries when raced. */
    private static Void commitLoop(GitRepos git, Path bare, String branch, String prefix, Set<String> committed) {
        for (int i = 0; i < COMMITS_EACH; i++) {
            while (true) {
                String parent = git.revParse(bare, "refs/heads/" + branch).orElseThrow();
                String tree = git.git(bare, "rev-parse", parent + "^{tree}");
                String commit = git.git(bare, "commit-tree", tree, "-p", parent, "-m", prefix + i);
                try {
                    git.git(bare, "update-ref", "refs/heads/" + branch, commit, parent);
                    committed.add(commit);
                    break;
                } catch (IllegalStateException raced) {
                    // mirror-sync (or no one) moved the branch meanwhile: commit again on the new tip
                }
            }
        }
        return null;
    }
}
