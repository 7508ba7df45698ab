package dev.mirrorsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.core.spi.CrashHook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test-only {@code MIRROR_SYNC_TEST_HALT_AT}: every point has a name, and a name that is no point is a usage error
 * that touches nothing (a halt itself is tested on the jar, by {@code CrashPointsIT}: it would stop this JVM).
 */
class TestHaltTest {
    @TempDir
    Path dir;

    @Test
    void everyPointHasTheNameTheDocsGive() throws Exception {
        String docs = Files.readString(Path.of("..", "docs", "cli.md"));
        for (CrashHook.Point point : CrashHook.Point.values()) {
            assertThat(docs)
                    .as("docs/cli.md names the halt point of " + point)
                    .contains("`" + TestHalt.name(point) + "`");
        }
        assertThat(Arrays.stream(CrashHook.Point.values()).map(TestHalt::name))
                .contains("after-listing", "mid-fetch", "between-pushes", "after-watermark");
    }

    @Test
    void aNameThatIsNoPointIsAUsageErrorAndTouchesNothing() {
        GitRepos git = new GitRepos(dir);
        Path priv = git.bare("private");
        Path pub = git.bare("public");
        String a = git.commit(priv, "a");

        Cli.Result result = Cli.run(
                Map.of(TestHalt.VARIABLE, "after-everything"),
                "sync",
                "--private",
                priv.toString(),
                "--public",
                pub.toString(),
                "--cache",
                dir.resolve("cache").toString());

        assertThat(result.exit()).as(result.toString()).isEqualTo(2);
        assertThat(result.err())
                .contains(
                        "MIRROR_SYNC_TEST_HALT_AT (for crash tests only) must name a point: after-listing,"
                                + " mid-fetch, after-fetch, after-backup-ref, between-pushes, before-watermark, after-watermark");
        assertThat(git.revParse(pub, "refs/heads/main")).isEmpty();
        assertThat(git.revParse(priv, "refs/heads/main")).contains(a);
        assertThat(dir.resolve("cache")).doesNotExist();
    }
}
