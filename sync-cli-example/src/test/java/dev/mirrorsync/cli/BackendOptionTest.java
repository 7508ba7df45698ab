package dev.mirrorsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --backend jgit|git|auto}: each syncs, the named backend is the one that ran (its own debug lines (logger GitCliBackend or JGitBackend) under
 * {@code --verbose}), the backends share one cache, and a bad value is a usage error that changes nothing.
 */
class BackendOptionTest {
    @TempDir
    Path dir;

    private GitRepos git;
    private Path priv;
    private Path pub;

    @BeforeEach
    void setUp() {
        git = new GitRepos(dir);
        priv = git.bare("private");
        pub = git.bare("public");
    }

    /** Runs a sync; its stderr also holds the debug log, which logback writes to System.err, caught here. */
    private Cli.Result sync(String backend) {
        PrintStream saved = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            Cli.Result result = Cli.run(
                    "sync",
                    "--private",
                    priv.toString(),
                    "--public",
                    pub.toString(),
                    "--cache",
                    dir.resolve("cache").toString(),
                    "--backend",
                    backend,
                    "--verbose");
            return new Cli.Result(result.exit(), result.out(), result.err() + log.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    /*
     * private: a - b - c     public: created at b by jgit, fast-forwarded to c by git, checked in sync by auto
     */
    @Test
    void eachBackendSyncsAndTheyShareTheCache() {
        git.commit(priv, "a");
        String b = git.commit(priv, "b");
        Cli.Result byJGit = sync("jgit");
        assertThat(byJGit.exit()).as(byJGit.toString()).isZero();
        assertThat(git.revParse(pub, "refs/heads/main")).contains(b);
        assertThat(byJGit.err()).contains("JGitBackend:").doesNotContain("GitCliBackend:");

        String c = git.commit(priv, "c");
        Cli.Result byGit = sync("git");
        assertThat(byGit.exit()).as(byGit.toString()).isZero();
        assertThat(git.revParse(pub, "refs/heads/main")).contains(c);
        assertThat(git.revParse(priv, "refs/mirror-sync/synced/main")).contains(c);
        assertThat(byGit.err()).contains("GitCliBackend:").doesNotContain("JGitBackend:");

        // This machine has git 2.38 or newer, so auto is the git command.
        Cli.Result byAuto = sync("auto");
        assertThat(byAuto.exit()).as(byAuto.toString()).isZero();
        assertThat(byAuto.err()).contains("GitCliBackend:");
        assertThat(git.revParse(pub, "refs/heads/main")).contains(c);
    }

    @Test
    void aBadBackendIsAUsageErrorAndChangesNothing() {
        git.commit(priv, "a");
        for (String bad : List.of("cgit", "", "JGIT")) {
            Cli.Result result = sync(bad);
            assertThat(result.exit()).as(result.toString()).isEqualTo(2);
            assertThat(result.err()).contains("--backend must be jgit, git or auto");
        }
        assertThat(git.revParse(pub, "refs/heads/main")).isEmpty();
    }
}
