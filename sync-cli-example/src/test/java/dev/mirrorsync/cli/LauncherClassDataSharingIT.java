package dev.mirrorsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code mirror-sync} launcher and the class-data-sharing archive the build writes beside the jar
 * ({@code src/main/sh/cds.sh}): used when it was made by the running JVM for that very jar, and never the cause of a
 * failed run otherwise. The damaged and mismatching cases run in a copy of the checkout's layout (the launcher,
 * the script, a copy of the jar), so the build's own jar and archive stay as they are.
 */
class LauncherClassDataSharingIT {
    private static final Path REPO_ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path JAR =
            Path.of(System.getProperty("mirrorsync.jar")).toAbsolutePath();
    private static final Path ARCHIVE = JAR.resolveSibling("mirror-sync.jsa");
    private static final String JAVA_HOME = System.getProperty("java.home");

    @TempDir
    Path dir;

    private Path checkout;
    private Path jar;

    private record Run(int exit, String out, String err) {}

    @BeforeEach
    void copyTheCheckoutsLayout() throws IOException {
        assumeFalse(
                Boolean.getBoolean("mirrorsync.cds.skip"),
                "built with -Dmirror-sync.cds.skip: no archive to test with");
        checkout = dir.resolve("checkout");
        Files.createDirectories(checkout.resolve("sync-cli-example/src/main/sh"));
        Files.createDirectories(checkout.resolve("sync-cli-example/target"));
        Files.copy(REPO_ROOT.resolve("mirror-sync"), checkout.resolve("mirror-sync"));
        for (String script : List.of("cds.sh", "jvm.sh")) {
            Files.copy(
                    REPO_ROOT.resolve("sync-cli-example/src/main/sh/" + script),
                    checkout.resolve("sync-cli-example/src/main/sh/" + script));
        }
        jar = checkout.resolve("sync-cli-example/target/" + JAR.getFileName());
        Files.copy(JAR, jar);
    }

    @Test
    void theBuildsArchiveIsUsedByTheLauncherWithTheJvmThatMadeIt() throws Exception {
        assertThat(ARCHIVE).as("the build wrote an archive beside the jar").isNotEmptyFile();
        assertThat(Files.readString(ARCHIVE.resolveSibling("mirror-sync.jsa.id")))
                .as("made for this JVM and this jar")
                .contains(Path.of(JAVA_HOME).toRealPath().toString())
                .contains(JAR.toString());
        Path loads = dir.resolve("class-loads.txt");

        Run run = launcher(
                REPO_ROOT.resolve("mirror-sync"),
                Map.of("MIRROR_SYNC_JAVA_OPTS", "-Xlog:class+load=info:file=" + loads),
                "--version");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("mirror-sync ");
        assertThat(Files.readString(loads))
                .contains("dev.mirrorsync.cli.Main source: shared objects file")
                .contains("picocli.CommandLine source: shared objects file");
    }

    @Test
    void anArchiveMadeForAnotherJarOrJvmIsNotGivenToTheJvm() throws Exception {
        Run plain = launcher(checkout.resolve("mirror-sync"), Map.of("MIRROR_SYNC_NO_CDS", "1"), "--version");
        Path loads = dir.resolve("class-loads.txt");
        Map<String, String> logLoads = Map.of("MIRROR_SYNC_JAVA_OPTS", "-Xlog:class+load=info:file=" + loads);
        // the build's real archive and identity, beside a copy of the jar: another path, so another jar to the JVM
        writeArchive(Files.readAllBytes(ARCHIVE), Files.readString(ARCHIVE.resolveSibling("mirror-sync.jsa.id")));

        Run otherJar = launcher(checkout.resolve("mirror-sync"), logLoads, "--version");

        assertThat(otherJar.exit()).as(otherJar.err()).isZero();
        assertThat(otherJar.out()).isEqualTo(plain.out());
        assertThat(Files.readString(loads))
                .as("the JDK's own archive is still used: none was passed")
                .contains("java.lang.Object source: shared objects file")
                .doesNotContain("dev.mirrorsync.cli.Main source: shared objects file");

        // the same archive said to be for another JVM (another release file)
        writeArchive(Files.readAllBytes(ARCHIVE), identity().replaceFirst("^java (\\S+) (\\d+) ", "java $1 1 "));
        Run otherJvm = launcher(checkout.resolve("mirror-sync"), logLoads, "--version");
        assertThat(otherJvm.exit()).as(otherJvm.err()).isZero();
        assertThat(otherJvm.out()).isEqualTo(plain.out());
        assertThat(Files.readString(loads)).contains("java.lang.Object source: shared objects file");

        // a jar rebuilt after its archive
        writeArchive(Files.readAllBytes(ARCHIVE), identity());
        Files.setLastModifiedTime(
                jar, FileTime.fromMillis(Files.getLastModifiedTime(archive()).toMillis() + 60_000));
        Run rebuilt = launcher(checkout.resolve("mirror-sync"), logLoads, "--version");
        assertThat(rebuilt.exit()).as(rebuilt.err()).isZero();
        assertThat(rebuilt.out()).isEqualTo(plain.out());
        assertThat(Files.readString(loads)).contains("java.lang.Object source: shared objects file");
    }

    /**
     * An archive whose identity file says it fits, but which the JVM refuses: damaged (random bytes, cut short), or
     * made for another jar. {@code -Xshare:auto} starts without it; the run's results are the same and stdout carries
     * no word of it.
     */
    @Test
    void aDamagedOrMismatchingArchiveNeverFailsARun() throws Exception {
        GitRepos git = new GitRepos(Files.createDirectories(dir.resolve("repos")));
        GitRepos.AheadPair pair = git.aheadPair();
        List<String> status = List.of(
                "status",
                "--private",
                pair.priv().toString(),
                "--public",
                pair.pub().toString(),
                "--cache",
                dir.resolve("cache").toString(),
                "--json");
        Run plain = launcher(
                checkout.resolve("mirror-sync"), Map.of("MIRROR_SYNC_NO_CDS", "1"), status.toArray(String[]::new));
        assertThat(plain.exit()).as(plain.err()).isZero();
        byte[] real = Files.readAllBytes(ARCHIVE);
        byte[] random = new byte[real.length];
        long seed = System.nanoTime();
        new Random(seed).nextBytes(random);
        byte[] header = new byte[64 * 1024];
        System.arraycopy(real, 0, header, 0, header.length);
        byte[] cut = new byte[real.length / 2];
        System.arraycopy(real, 0, cut, 0, cut.length);

        for (Map.Entry<String, byte[]> archive : Map.of(
                        "random bytes (seed " + seed + ")",
                        random,
                        "only the real header",
                        header,
                        "cut short",
                        cut,
                        "made for another jar",
                        real)
                .entrySet()) {
            writeArchive(archive.getValue(), identity());

            Run run = launcher(checkout.resolve("mirror-sync"), Map.of(), status.toArray(String[]::new));

            assertThat(run.exit()).as(archive.getKey() + ": " + run.err()).isZero();
            assertThat(run.out()).as(archive.getKey()).isEqualTo(plain.out());
            assertThat(run.err()).as(archive.getKey()).doesNotContain("cds").doesNotContain("shared archive");
        }
        pair.assertUnchanged("status pushes nothing");
    }

    /**
     * {@code jvm.sh}: a run with the git backend (the default where git is on the PATH) starts with a short run's JIT
     * and collector; a run that says {@code --backend jgit}, or one on a PATH without git, keeps the JVM's defaults;
     * the user's own collector keeps the serial one out, and the user's options come last, so they win.
     */
    @Test
    void aRunWithTheGitBackendStartsWithAShortRunsOptionsAndAJGitRunWithTheDefaults() throws Exception {
        Map<String, String> printFlags = Map.of("MIRROR_SYNC_JAVA_OPTS", "-XX:+PrintFlagsFinal");
        Run version = launcher(checkout.resolve("mirror-sync"), printFlags, "--version");
        assertThat(version.exit()).as(version.err()).isZero();
        assertThat(flag(version, "TieredStopAtLevel")).isEqualTo("1");
        assertThat(flag(version, "UseSerialGC")).isEqualTo("true");
        Run git = launcher(checkout.resolve("mirror-sync"), printFlags, "status", "--backend", "git", "--json");
        assertThat(flag(git, "TieredStopAtLevel")).as(git.err()).isEqualTo("1");

        for (List<String> args : List.of(
                List.of("status", "--backend", "jgit", "--json"), List.of("status", "--backend=jgit", "--json"))) {
            Run jgit = launcher(checkout.resolve("mirror-sync"), printFlags, args.toArray(String[]::new));
            assertThat(jgit.exit()).as("a usage error: no pair given").isEqualTo(2);
            assertThat(flag(jgit, "TieredStopAtLevel")).as(args.toString()).isEqualTo("4");
            assertThat(flag(jgit, "UseSerialGC")).as(args.toString()).isEqualTo("false");
        }

        Path noGit = Files.createDirectories(dir.resolve("bin-without-git"));
        for (String tool : List.of("dirname", "readlink", "cksum", "cut", "wc", "tr", "find", "cat")) {
            Path real = Path.of("/usr/bin", tool);
            Files.createSymbolicLink(noGit.resolve(tool), Files.exists(real) ? real : Path.of("/bin", tool));
        }
        Map<String, String> withoutGit =
                Map.of("MIRROR_SYNC_JAVA_OPTS", "-XX:+PrintFlagsFinal", "PATH", noGit.toString());
        Run auto = launcher(checkout.resolve("mirror-sync"), withoutGit, "--version");
        assertThat(auto.exit()).as(auto.err()).isZero();
        assertThat(flag(auto, "TieredStopAtLevel"))
                .as("auto is JGit without git")
                .isEqualTo("4");

        Run parallel = launcher(
                checkout.resolve("mirror-sync"),
                Map.of("MIRROR_SYNC_JAVA_OPTS", "-XX:+PrintFlagsFinal -XX:+UseParallelGC -XX:TieredStopAtLevel=4"),
                "--version");
        assertThat(parallel.exit()).as(parallel.err()).isZero();
        assertThat(flag(parallel, "UseParallelGC")).isEqualTo("true");
        assertThat(flag(parallel, "UseSerialGC")).isEqualTo("false");
        assertThat(flag(parallel, "TieredStopAtLevel"))
                .as("the user's options win")
                .isEqualTo("4");
        Run toolOptions = launcher(
                checkout.resolve("mirror-sync"),
                Map.of("MIRROR_SYNC_JAVA_OPTS", "-XX:+PrintFlagsFinal", "JAVA_TOOL_OPTIONS", "-XX:+UseParallelGC"),
                "--version");
        assertThat(toolOptions.exit())
                .as("a collector in JAVA_TOOL_OPTIONS: " + toolOptions.err())
                .isZero();
        assertThat(flag(toolOptions, "UseParallelGC")).isEqualTo("true");
    }

    /** A flag's final value from {@code -XX:+PrintFlagsFinal}'s table on stdout. */
    private static String flag(Run run, String name) {
        Matcher line = Pattern.compile("^\\s*\\S+\\s+" + name + "\\s+:?=\\s+(\\S+)", Pattern.MULTILINE)
                .matcher(run.out());
        assertThat(line.find()).as(name + " in the JVM's flags").isTrue();
        return line.group(1);
    }

    /** What cds.sh writes into the identity file for the copied jar and this JVM. */
    private String identity() throws IOException, InterruptedException {
        Process process = new ProcessBuilder(
                        "sh",
                        "-c",
                        ". \"$1\"; mirror_sync_cds_identity \"$2\" \"$3\"",
                        "sh",
                        checkout.resolve("sync-cli-example/src/main/sh/cds.sh").toString(),
                        Path.of(JAVA_HOME, "bin", "java").toString(),
                        jar.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        assertThat(out).startsWith("java ").contains(" jar " + jar + " ");
        return out.strip();
    }

    private Path archive() {
        return jar.resolveSibling("mirror-sync.jsa");
    }

    /** An archive and its identity file beside the copied jar, both newer than it (as the build leaves them). */
    private void writeArchive(byte[] content, String identity) throws IOException {
        Path partial = jar.resolveSibling("archive.partial");
        Files.write(partial, content);
        Files.move(partial, archive(), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(jar.resolveSibling("mirror-sync.jsa.id"), identity.strip() + "\n");
        FileTime after = FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 2_000);
        Files.setLastModifiedTime(archive(), after);
    }

    private Run launcher(Path launcher, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/bin/sh", launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().put("HOME", dir.toString());
        builder.environment().put("JAVA_HOME", JAVA_HOME);
        builder.environment().remove("MIRROR_SYNC_JAVA_OPTS");
        builder.environment().remove("MIRROR_SYNC_NO_CDS");
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
}
