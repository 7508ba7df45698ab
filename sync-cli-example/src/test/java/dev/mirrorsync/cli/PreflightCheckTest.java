package dev.mirrorsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mirror-sync sync --check} on repositories made with git: every check named, exit 0 when all pass, 1 when a
 * side cannot be read, 2 for configuration; and nothing changes (no ref, no watermark, no cache, no issue).
 * The HTTP cases (a read-only token, a wrong one) are in sync-jgit's PushAccessCheckTest and sync-github's
 * TrackerAccessCheckTest, against real servers and the fake GitHub.
 */
class PreflightCheckTest {
    @TempDir
    Path dir;

    private GitRepos git;
    private Path priv;
    private Path pub;
    private GitRepos.AheadPair pair;

    @BeforeEach
    void setUp() {
        git = new GitRepos(dir);
        pair = git.aheadPair();
        priv = pair.priv();
        pub = pair.pub();
    }

    private void assertNothingChanged() {
        pair.assertUnchanged("neither repository changed");
        assertThat(dir.resolve("cache")).doesNotExist();
    }

    @Test
    void everyCheckPassesOnTwoWritableRepositories() {
        Cli.Result result = Cli.run(
                "sync",
                "--check",
                "--private",
                priv.toString(),
                "--public",
                pub.toString(),
                "--cache",
                dir.resolve("cache").toString(),
                "--tracker",
                "file:" + dir.resolve("issues"));
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out())
                .contains("ok    private read")
                .contains("ok    public read")
                .contains("ok    private push")
                .contains("ok    public push")
                .contains("main at ")
                .contains("ok    tracker issues")
                .contains("every check passed");
        assertNothingChanged();
        assertThat(dir.resolve("issues")).isEmptyDirectory();
    }

    @Test
    void theJsonNamesEveryCheck() {
        Cli.Result result =
                Cli.run("sync", "--check", "--json", "--private", priv.toString(), "--public", pub.toString());
        assertThat(result.exit()).as(result.toString()).isZero();
        JsonNode json = result.json();
        assertThat(json.path("passed").asBoolean()).isTrue();
        assertThat(json.path("checks"))
                .extracting(c -> c.path("what").asText())
                .contains("private read", "private push", "public read", "public push", "tracker", "branch protection");
    }

    @Test
    void aSideThisRunNeverPushesToIsNotChecked() {
        Cli.Result result = Cli.run(
                "sync",
                "--check",
                "--direction",
                "to-public",
                "--state",
                "none",
                "--private",
                priv.toString(),
                "--public",
                pub.toString());
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).contains("skip  private push: this run never pushes to private");
    }

    @Test
    void aMissingLocalRepositoryIsAConfigurationErrorThatNamesIt() {
        Cli.Result result = Cli.run(
                "sync", "--check", "--private", dir.resolve("nowhere.git").toString(), "--public", pub.toString());
        assertThat(result.exit()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("nowhere.git: nothing is there").doesNotContain("credentials");
        assertThat(git.refs(pub)).isEqualTo(pair.publicRefs());
    }

    @Test
    void aConfigurationErrorIsExitTwoBeforeAnythingIsChecked() throws Exception {
        assertThat(Cli.run("sync", "--check", "--private", "ext::sh -c id", "--public", pub.toString())
                        .exit())
                .isEqualTo(2);
        assertThat(Cli.run("sync", "--check", "--dry-run", "--private", priv.toString(), "--public", pub.toString())
                        .exit())
                .isEqualTo(2);
        assertThat(Cli.run(
                                "sync",
                                "--check",
                                "--state",
                                "nfs:/x",
                                "--private",
                                priv.toString(),
                                "--public",
                                pub.toString())
                        .exit())
                .isEqualTo(2);
        Files.writeString(dir.resolve("plain-file"), "x");
        Cli.Result tracker = Cli.run(
                "sync",
                "--check",
                "--private",
                priv.toString(),
                "--public",
                pub.toString(),
                "--tracker",
                "file:" + dir.resolve("plain-file").resolve("issues"));
        assertThat(tracker.exit()).as(tracker.toString()).isEqualTo(2);
        assertNothingChanged();
    }
}
