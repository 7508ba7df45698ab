package dev.mirrorsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar as a real process ({@code java -jar}), as scripts and CI run it. */
class MirrorSyncJarIT {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private Run java(Map<String, String> env, String... args) throws IOException, InterruptedException {
        String jar = System.getProperty("mirrorsync.jar", "target/mirror-sync.jar");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("HOME", dir.toString());
        builder.environment().putAll(env);
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("mirror-sync finished").isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theDemoRunsFromTheJar() throws Exception {
        Run run = java(Map.of(), "demo", "--dir", dir.resolve("demo").toString());
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("Done: every step did what it said");
    }

    @Test
    void versionAndHelpWork() throws Exception {
        assertThat(java(Map.of(), "--version").out()).startsWith("mirror-sync ");
        Run help = java(Map.of(), "sync", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--on-divergence").contains("--tracker").contains("--dry-run");
    }

    /*
     *       x     private
     *      /
     * a - b
     *      \
     *       y     public
     */
    @Test
    void aDivergenceExitsThreeAndLeaksNoToken() throws Exception {
        GitRepos git = new GitRepos(dir);
        Path priv = git.bare("private");
        Path pub = git.bare("public");
        git.commit(priv, "a");
        git.copy(priv, pub, "main");
        String x = git.commit(priv, "x");
        String y = git.commit(pub, "y");
        Map<String, String> env = Map.of("MIRROR_SYNC_PRIVATE_TOKEN", "tok-SECRET-private", "GITHUB_TOKEN", "tok-SECRET-github");

        Run run = java(env, "sync", "--private", priv.toString(), "--public", pub.toString(), "--json", "--verbose",
                "--tracker", "file:" + dir.resolve("issues"), "--cache", dir.resolve("cache").toString());

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(3);
        assertThat(run.out()).contains("\"state\":\"DIVERGED\"");
        assertThat(run.out() + run.err()).doesNotContain("SECRET");
        assertThat(Files.readString(dir.resolve("issues").resolve("1.json"))).doesNotContain("SECRET");
        assertThat(git.revParse(priv, "refs/heads/main")).contains(x);
        assertThat(git.revParse(pub, "refs/heads/main")).contains(y);
    }
}
