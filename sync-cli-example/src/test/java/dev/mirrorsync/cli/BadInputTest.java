package dev.mirrorsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets a clear message, the right exit code, and changes neither repository. */
class BadInputTest {
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

    private void assertUnchanged() {
        pair.assertUnchanged("neither repository changed");
    }

    private Cli.Result sync(String... extra) {
        String[] base = {
            "sync",
            "--private",
            priv.toString(),
            "--public",
            pub.toString(),
            "--cache",
            dir.resolve("cache").toString()
        };
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return Cli.run(args);
    }

    @Test
    void noArgumentsIsAUsageError() {
        Cli.Result result = Cli.run();
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("a command is required").contains("sync");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        Cli.Result result = sync("--frobnicate");
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("--frobnicate").contains("--help");
        assertUnchanged();
    }

    @Test
    void aBadChoiceNamesTheValidOnes() {
        Cli.Result result = sync("--direction", "sideways");
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("both, to-public, to-private");
    }

    @Test
    void aUrlWithCredentialsIsRefusedWithoutRepeatingThem() {
        Cli.Result result = Cli.run(
                "sync",
                "--private",
                "https://someone:hunter2-secret@example.com/acme/private.git",
                "--public",
                pub.toString(),
                "--cache",
                dir.resolve("cache").toString());
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err())
                .contains("embeds credentials")
                .contains("example.com")
                .doesNotContain("hunter2")
                .doesNotContain("someone");
        assertUnchanged();
    }

    @Test
    void aMissingLocalRepositoryIsAConfigurationErrorThatNamesIt() {
        Path missing = dir.resolve("nowhere.git");
        Cli.Result result = Cli.run(
                "sync",
                "--private",
                missing.toString(),
                "--public",
                pub.toString(),
                "--cache",
                dir.resolve("cache").toString());
        assertThat(result.exit()).as(result.toString()).isEqualTo(2);
        assertThat(result.err())
                .contains("--private " + missing + ": nothing is there")
                .doesNotContain("credentials");
        assertUnchanged();
    }

    @Test
    void aBranchNameGitWouldNotAcceptIsAUsageError() {
        Cli.Result result = sync("--branch", "bad..name");
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("bad..name").contains("'..'");
        assertUnchanged();
    }

    @Test
    void aBranchNameThatLooksLikeAnOptionIsRefused() {
        Cli.Result result = sync("--branch=-x");
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("could be read as an option");
        assertUnchanged();
    }

    @Test
    void aRemoteHelperUrlIsRefused() {
        Cli.Result result = Cli.run("sync", "--private", "ext::sh -c touch% /tmp/pwned", "--public", pub.toString());
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("remote helper");
        assertUnchanged();
    }

    @Test
    void aForeignCacheDirectoryIsAConfigurationError() throws Exception {
        Path cache = Files.createDirectories(dir.resolve("locked-cache"));
        Files.writeString(cache.resolve("something"), "not a cache");
        Cli.Result result =
                Cli.run("sync", "--private", priv.toString(), "--public", pub.toString(), "--cache", cache.toString());
        assertThat(result.exit()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains(cache.toString());
        assertUnchanged();
    }

    @Test
    void anUnwritableTrackerDirectoryIsAConfigurationErrorBeforeAnythingMoves() throws Exception {
        Path issues = Files.createDirectories(dir.resolve("issues"));
        Files.setPosixFilePermissions(issues, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            boolean enforced = !Files.isWritable(issues);
            if (enforced) {
                Cli.Result result = sync("--tracker", "file:" + issues);
                assertThat(result.exit()).as(result.toString()).isEqualTo(2);
                assertThat(result.err()).contains("not writable").contains(issues.toString());
                assertUnchanged();
            } else {
                // Running as root: permissions do not bind, so use a path below a regular file instead.
                Path file = Files.writeString(dir.resolve("plain-file"), "x");
                Cli.Result below = sync("--tracker", "file:" + file.resolve("issues"));
                assertThat(below.exit()).as(below.toString()).isEqualTo(2);
                assertThat(below.err()).contains("not writable");
                assertUnchanged();
            }
        } finally {
            Files.setPosixFilePermissions(issues, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void anUnknownTrackerListsTheAvailableOnes() {
        Cli.Result result = sync("--tracker", "jira:PROJ");
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("No issue tracker 'jira'. Available: none, file");
        assertUnchanged();
    }

    @Test
    void tokensInTheEnvironmentNeverReachTheOutput() {
        Map<String, String> env = Map.of(
                "HOME", dir.toString(),
                "MIRROR_SYNC_PRIVATE_TOKEN", "tok-private-SECRET-1",
                "MIRROR_SYNC_PUBLIC_TOKEN", "tok-public-SECRET-2",
                "GITHUB_TOKEN", "tok-github-SECRET-3");
        Cli.Result ok = Cli.run(
                env,
                "sync",
                "--private",
                priv.toString(),
                "--public",
                pub.toString(),
                "--json",
                "--verbose",
                "--cache",
                dir.resolve("cache").toString(),
                "--tracker",
                "file:" + dir.resolve("issues"));
        Cli.Result bad = Cli.run(
                env,
                "sync",
                "--private",
                "https://x:tok-private-SECRET-1@example.com/r.git",
                "--public",
                pub.toString());
        assertThat(ok.exit()).as(ok.toString()).isZero();
        for (Cli.Result result : new Cli.Result[] {ok, bad}) {
            assertThat(result.out() + result.err()).doesNotContain("SECRET");
        }
    }
}
