package dev.mirrorsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.examples.ReadmeSnippets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar as a real process ({@code java -jar}), as scripts and CI run it. */
class MirrorSyncJarIT {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private static String jar() {
        return Path.of(System.getProperty("mirrorsync.jar", "target/mirror-sync.jar"))
                .toAbsolutePath()
                .toString();
    }

    private Run java(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return run(dir, env, javaJar(args));
    }

    private static List<String> javaJar(String... args) {
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar()));
        command.addAll(List.of(args));
        return command;
    }

    /** Runs a command in {@code workingDirectory}, as a user would from a shell there. */
    private Run run(Path workingDirectory, Map<String, String> env, List<String> command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile());
        builder.environment().put("HOME", dir.toString());
        builder.environment().putAll(env);
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process process = builder.start();
        assertThat(process.waitFor(5, TimeUnit.MINUTES))
                .as("mirror-sync finished")
                .isTrue();
        return new Run(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theDemoRunsFromTheJar() throws Exception {
        Run run = java(Map.of(), "demo", "--dir", dir.resolve("demo").toString());
        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("Done: every step did what it said");
    }

    @Test
    void versionAndHelpWork() throws Exception {
        Run version = java(Map.of(), "--version");
        assertThat(version.out())
                .startsWith("mirror-sync 0.1.0-SNAPSHOT\ncommit ")
                .containsPattern("commit ([0-9a-f]{12}|unknown), built [0-9]{4}-[0-9]{2}-[0-9]{2}T")
                .contains("JGit 7.")
                .contains("Java 17");
        try (JarFile jar = new JarFile(jar())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Implementation-Version"))
                    .isEqualTo("0.1.0-SNAPSHOT");
        }
        Run help = java(Map.of(), "sync", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--on-divergence").contains("--tracker").contains("--dry-run");
    }

    /** From a shell in the directory that holds them: {@code mirror-sync sync --private p.git --public ./q.git}. */
    @Test
    void relativePathsWorkFromTheJar() throws Exception {
        Path work = Files.createDirectories(dir.resolve("work"));
        GitRepos git = new GitRepos(work);
        Path priv = git.bare("p");
        Path pub = git.bare("q");
        String tip = git.commit(priv, "a");

        Run run = run(work, Map.of(), javaJar("sync", "--private", "p.git", "--public", "./q.git", "--cache", "cache"));

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(git.revParse(pub, "refs/heads/main")).contains(tip);
        assertThat(work.resolve("cache")).isDirectory();
        Run notThere = run(work, Map.of(), javaJar("status", "--private", "nope.git", "--public", "q.git"));
        assertThat(notThere.exit()).isEqualTo(2);
        assertThat(notThere.err()).contains(work.resolve("nope.git") + ": nothing is there");
    }

    /**
     * README's provider example, compiled as written and packed into its own jar, is found with {@code --tracker-path}
     * by {@code java -jar}, which ignores the class path; without it, the tracker is unknown.
     *
     *       x     private
     *      /
     * a - b
     *      \
     *       y     public
     */
    @Test
    void aTrackerInItsOwnJarIsLoadedWithTrackerPath() throws Exception {
        Path classes = ReadmeSnippets.compile(ReadmeSnippets.snippet("tracker"), dir.resolve("chat"));
        Path trackerJar = ReadmeSnippets.jar(
                classes,
                dir.resolve("chat-tracker.jar"),
                "dev.mirrorsync.core.spi.IssueTrackerProvider",
                "com.example.chat.ChatTrackerProvider");
        GitRepos git = new GitRepos(dir);
        Path priv = git.bare("private");
        Path pub = git.bare("public");
        git.commit(priv, "a");
        git.copy(priv, pub, "main");
        git.commit(priv, "x");
        git.commit(pub, "y");
        String[] sync = {
            "sync",
            "--private",
            priv.toString(),
            "--public",
            pub.toString(),
            "--tracker",
            "chat:ops",
            "--cache",
            dir.resolve("cache").toString(),
            "--json"
        };

        Run without = java(Map.of(), sync);
        Run with = java(Map.of(), concat(sync, "--tracker-path", trackerJar.toString()));
        Run fromDirectory = java(Map.of(), concat(sync, "--tracker-path", dir.toString()));

        assertThat(without.exit()).isEqualTo(2);
        assertThat(without.err()).contains("No issue tracker 'chat'").contains("--tracker-path");
        assertThat(with.exit()).as(with.out() + with.err()).isEqualTo(3);
        assertThat(with.out())
                .contains("\"state\":\"DIVERGED\"")
                .contains("\"action\":\"OPENED\"")
                .contains("ops-1");
        assertThat(fromDirectory.exit())
                .as(fromDirectory.out() + fromDirectory.err())
                .isEqualTo(3);
        assertThat(fromDirectory.out()).contains("ops-1");

        Path app = Files.createDirectories(dir.resolve("app"));
        Path copy = Files.copy(Path.of(jar()), app.resolve("mirror-sync.jar"));
        Files.copy(trackerJar, Files.createDirectories(app.resolve("plugins")).resolve("chat-tracker.jar"));
        List<String> fromPlugins = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", copy.toString()));
        fromPlugins.addAll(List.of(sync));
        Run plugins = run(dir, Map.of(), fromPlugins);
        assertThat(plugins.exit()).as(plugins.out() + plugins.err()).isEqualTo(3);
        assertThat(plugins.out()).contains("ops-1");
    }

    /** The launcher runs {@code $JAVA_HOME/bin/java} when JAVA_HOME is set, and says so when it has none. */
    @Test
    void theLauncherHonoursJavaHome() throws Exception {
        Path launcher = Path.of("..", "mirror-sync").toAbsolutePath().normalize();
        Path fakeJdk = dir.resolve("fake-jdk");
        Path fakeJava = Files.createDirectories(fakeJdk.resolve("bin")).resolve("java");
        Files.writeString(fakeJava, "#!/bin/sh\necho \"fake java $*\"\n");
        assertThat(fakeJava.toFile().setExecutable(true)).isTrue();

        Run fake = run(dir, Map.of("JAVA_HOME", fakeJdk.toString()), List.of("sh", launcher.toString(), "--version"));
        Run real = run(
                dir,
                Map.of("JAVA_HOME", System.getProperty("java.home")),
                List.of("sh", launcher.toString(), "--version"));
        Run broken = run(
                dir,
                Map.of("JAVA_HOME", dir.resolve("no-jdk").toString()),
                List.of("sh", launcher.toString(), "--version"));

        // (a short run's JVM options first, jvm.sh; no archive: the fake JDK made none)
        assertThat(fake.out())
                .startsWith("fake java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar ")
                .endsWith("--version\n");
        assertThat(real.exit()).as(real.err()).isZero();
        assertThat(real.out()).startsWith("mirror-sync ");
        assertThat(broken.exit()).isEqualTo(2);
        assertThat(broken.err()).contains("has no bin/java");
    }

    private static String[] concat(String[] base, String... extra) {
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
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
        Map<String, String> env =
                Map.of("MIRROR_SYNC_PRIVATE_TOKEN", "tok-SECRET-private", "GITHUB_TOKEN", "tok-SECRET-github");

        Run run = java(
                env,
                "sync",
                "--private",
                priv.toString(),
                "--public",
                pub.toString(),
                "--json",
                "--verbose",
                "--tracker",
                "file:" + dir.resolve("issues"),
                "--cache",
                dir.resolve("cache").toString());

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(3);
        assertThat(run.out()).contains("\"state\":\"DIVERGED\"");
        assertThat(run.out() + run.err()).doesNotContain("SECRET");
        assertThat(Files.readString(dir.resolve("issues").resolve("1.json"))).doesNotContain("SECRET");
        assertThat(git.revParse(priv, "refs/heads/main")).contains(x);
        assertThat(git.revParse(pub, "refs/heads/main")).contains(y);
    }
}
