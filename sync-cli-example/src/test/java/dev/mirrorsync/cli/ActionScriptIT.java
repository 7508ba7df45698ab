package dev.mirrorsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitHub Action's script ({@code action/run.sh}) run step by step as {@code action.yml} runs it, with the
 * environment a runner gives a step ({@code GITHUB_*}, {@code RUNNER_TEMP}, {@code GITHUB_OUTPUT},
 * {@code GITHUB_STEP_SUMMARY}) and the shaded CLI jar, against real local bare repositories. What
 * {@code actions/cache} does between runs is played by a tar of the directory, restored on a "new runner" whose
 * every other file is gone; a release is served by a local HTTP server shaped like GitHub's download URLs.
 */
class ActionScriptIT {
    private static final Path REPO_ROOT = Path.of("").toAbsolutePath().getParent();
    private static final String ACTION_REPOSITORY = "acme/mirror-sync";
    private static final String TAG = "v0.1.0";
    private static final String CDS_SCRIPT = "sync-cli-example/src/main/sh/cds.sh";

    @TempDir
    Path dir;

    private GitRepos git;
    private Path action;
    private Path runner;
    private HttpServer server;
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private final AtomicInteger downloads = new AtomicInteger();

    @BeforeEach
    void setUp() throws IOException {
        git = new GitRepos(Files.createDirectories(dir.resolve("repos")));
        action = fakeActionCheckout();
        runner = dir.resolve("runner");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = served.get(exchange.getRequestURI().getPath());
            if (body != null && exchange.getRequestURI().getPath().endsWith(".jar")) {
                downloads.incrementAndGet();
            }
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    /*
     * run 1, empty cache:        a - b   private      ->  a - b   public (fast-forward)
     *                            a       public
     * run 2, new runner from the tar of run 1's cache:
     *                            a - b - c   private  ->  a - b - c   public, fetching only c
     */
    @Test
    void aFirstRunOnAnEmptyCacheThenASecondOnANewRunnerFromItsTar() throws Exception {
        GitRepos.AheadPair pair = git.aheadPair();
        publishRelease(jarBytes(), sha256(jarBytes()));

        Map<String, String> inputs = new LinkedHashMap<>(inputs(pair.priv(), pair.pub(), Map.of()));
        inputs.remove("MIRROR_SYNC_NO_CDS");
        Map<String, String> prepared = step("prepare", inputs, 1).outputs();
        assertThat(prepared.get("cli-key")).contains(TAG);
        assertThat(prepared.get("cache-key"))
                .startsWith(prepared.get("cache-restore-key"))
                .endsWith("-1001-1");
        Path cacheDir = Path.of(prepared.get("cache-dir"));
        Path cliDir = Path.of(prepared.get("cli-dir"));
        assertThat(cacheDir).startsWithRaw(runner).doesNotExist();

        Step fetched = step("fetch", withCliDir(inputs, cliDir), 1);
        assertThat(fetched.exit()).as(fetched.log()).isZero();
        assertThat(fetched.log()).contains("using the release asset of " + TAG);
        assertThat(downloads).hasValue(1);
        Path jar = Path.of(fetched.outputs().get("jar"));
        assertThat(sha256(Files.readAllBytes(jar))).isEqualTo(sha256(jarBytes()));
        assertThat(fetched.log())
                .as("an archive of the classes a run loads, for this runner's JVM")
                .contains("class-data-sharing archive " + cliDir.resolve("mirror-sync.jsa"));
        assertThat(cliDir.resolve("mirror-sync.jsa")).isNotEmptyFile();

        Step first = step("run", withRun(inputs, jar, cacheDir), 1);
        assertThat(first.exit()).as(first.log()).isZero();
        assertThat(first.outputs()).containsEntry("exit-code", "0").containsEntry("needs-human", "false");
        assertThat(Path.of(first.outputs().get("report"))).content().contains("\"state\":\"PRIVATE_AHEAD\"");
        assertThat(first.summary())
                .contains("**In sync** (exit code 0)")
                .contains("| branch | state | action | only on private | only on public | issue |")
                .containsPattern("\\| main \\| PRIVATE\\\\_AHEAD \\| [A-Z\\\\_]+ \\| 1 \\| 0 \\|  \\|");
        assertThat(git.revParse(pair.pub(), "refs/heads/main")).isEqualTo(git.revParse(pair.priv(), "refs/heads/main"));
        Set<String> objectsAfterFirst = objects(cacheDir);
        assertThat(objectsAfterFirst)
                .as("run 1 left a cache with the history in it")
                .contains(git.revParse(pair.priv(), "refs/heads/main").orElseThrow());

        // What actions/cache keeps: a tar of each cached path. The runner itself is thrown away.
        Path cacheTar = tar(cacheDir, "cache.tar");
        Path cliTar = tar(cliDir, "cli.tar");
        deleteRecursively(runner);
        String c = git.commit(pair.priv(), "c");

        Map<String, String> again = step("prepare", inputs, 2).outputs();
        assertThat(again.get("cache-dir")).as("the same path on every runner").isEqualTo(cacheDir.toString());
        assertThat(again.get("cache-restore-key")).isEqualTo(prepared.get("cache-restore-key"));
        assertThat(again.get("cache-key")).as("one key per run").isNotEqualTo(prepared.get("cache-key"));
        assertThat(again.get("cli-key"))
                .as("the same CLI for the same ref and poms")
                .isEqualTo(prepared.get("cli-key"));
        untar(cacheTar);
        untar(cliTar);

        Step fetchedAgain = step("fetch", withCliDir(inputs, cliDir), 2);
        assertThat(fetchedAgain.exit()).as(fetchedAgain.log()).isZero();
        assertThat(fetchedAgain.log())
                .contains("using the CLI kept from an earlier run")
                .contains("using the class-data-sharing archive kept from an earlier run")
                .doesNotContain("class-data-sharing archive " + cliDir.resolve("mirror-sync.jsa"));
        assertThat(downloads).as("the restored CLI is not downloaded again").hasValue(1);

        Map<String, String> secondRun = new LinkedHashMap<>(withRun(inputs, jar, cacheDir));
        Path classLoads = dir.resolve("class-loads.txt");
        secondRun.put("MIRROR_SYNC_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLoads);
        Step second = step("run", secondRun, 2);
        assertThat(second.exit()).as(second.log()).isZero();
        assertThat(Files.readString(classLoads))
                .as("the CLI's classes came from the archive restored with the CLI")
                .contains("dev.mirrorsync.cli.Main source: shared objects file");
        assertThat(second.summary()).contains("| main | PRIVATE\\_AHEAD |").contains("| 1 | 0 |");
        assertThat(git.revParse(pair.pub(), "refs/heads/main")).contains(c);
        Set<String> objectsAfterSecond = objects(cacheDir);
        assertThat(objectsAfterSecond).as("run 2 used run 1's objects").containsAll(objectsAfterFirst);
        Set<String> newObjects = new TreeSet<>(objectsAfterSecond);
        newObjects.removeAll(objectsAfterFirst);
        long everything =
                git.git(pair.priv(), "rev-list", "--objects", "--all").lines().count();
        // c, its tree and its blob; a thin pack's delta base may be copied in beside them when it is indexed
        assertThat(newObjects)
                .as("run 2 fetched only what is new (of %s objects)", everything)
                .contains(c)
                .hasSizeLessThanOrEqualTo(4);
        assertThat((long) newObjects.size()).isLessThan(everything);
    }

    /*
     *       x     private
     *      /
     * a - b
     *      \
     *       y     public
     */
    @Test
    void aDivergedBranchEndsIn3NamedNeedsAHumanWithItsIssueLinked() throws Exception {
        Path priv = git.bare("private");
        Path pub = git.bare("public");
        git.commit(priv, "a");
        git.commit(priv, "b");
        git.copy(priv, pub, "main");
        git.commit(priv, "x");
        git.commit(pub, "y");
        String privateRefs = git.refs(priv);
        String publicRefs = git.refs(pub);
        Path issues = dir.resolve("issues");
        Map<String, String> inputs = inputs(priv, pub, Map.of("INPUT_TRACKER", "file:" + issues));

        Map<String, String> prepared = step("prepare", inputs, 1).outputs();
        Path jar = Path.of(System.getProperty("mirrorsync.jar"));
        Step run = step("run", withRun(inputs, jar, Path.of(prepared.get("cache-dir"))), 1);

        assertThat(run.exit()).as(run.log()).isEqualTo(3);
        assertThat(run.outputs()).containsEntry("exit-code", "3").containsEntry("needs-human", "true");
        assertThat(run.log()).contains("::error title=mirror-sync needs a human::");
        String issueUrl = issues.resolve("1.json").toUri().toString();
        assertThat(run.summary())
                .contains("**Needs a human** (exit code 3)")
                .contains("| main | DIVERGED |")
                .contains("| 1 | 1 | [#1](" + issueUrl + ") opened |");
        assertThat(issues.resolve("1.json")).exists();
        assertThat(git.refs(pub)).as("nothing forced on public").isEqualTo(publicRefs);
        assertThat(git.refs(priv).lines().filter(l -> l.startsWith("refs/heads/")))
                .as("no branch moved on private")
                .containsExactlyElementsOf(privateRefs
                        .lines()
                        .filter(l -> l.startsWith("refs/heads/"))
                        .toList());
        assertThat(Path.of(prepared.get("cache-dir")))
                .as("the cache the save step keeps even after a 3")
                .isDirectory();
    }

    /*
     * a - b   private     status: PRIVATE_AHEAD, nothing pushed, with the cache and state store sync uses
     * a       public
     */
    @Test
    void statusObservesWithTheCacheAndStateStoreOfSync() throws Exception {
        GitRepos.AheadPair pair = git.aheadPair();
        Path argv = dir.resolve("java-argv.txt");
        Map<String, String> inputs = new LinkedHashMap<>(inputs(
                pair.priv(),
                pair.pub(),
                Map.of("INPUT_COMMAND", "status", "INPUT_STATE", "file:" + dir.resolve("state.json"))));
        inputs.put("PATH", recordingJava(argv) + ":" + dir.resolve("fake-maven") + ":" + System.getenv("PATH"));
        Map<String, String> prepared = step("prepare", inputs, 1).outputs();
        Path cacheDir = Path.of(prepared.get("cache-dir"));

        Step status = step("run", withRun(inputs, Path.of(System.getProperty("mirrorsync.jar")), cacheDir), 1);

        assertThat(status.exit()).as(status.log()).isZero();
        assertThat(Files.readString(argv))
                .contains("status --private " + pair.priv() + " --public " + pair.pub() + " --branch main --state file:"
                        + dir.resolve("state.json") + " --cache " + cacheDir + " --json");
        assertThat(Path.of(status.outputs().get("report")))
                .content()
                .contains("\"dryRun\":true")
                .contains("\"state\":\"PRIVATE_AHEAD\"");
        assertThat(status.summary()).contains("| main | PRIVATE\\_AHEAD |");
        pair.assertUnchanged("status pushes nothing");
        assertThat(dir.resolve("state.json")).as("status writes no watermark").doesNotExist();
        try (Stream<Path> files = Files.list(cacheDir)) {
            assertThat(files.toList())
                    .as("status observed through the cache that sync keeps")
                    .isNotEmpty();
        }
    }

    @Test
    void aReleaseAssetThatDoesNotMatchItsPublishedChecksumIsRefused() throws Exception {
        publishRelease(jarBytes(), "0".repeat(64));
        Map<String, String> inputs = inputs(dir.resolve("p.git"), dir.resolve("q.git"), Map.of());
        Path cliDir = Path.of(step("prepare", inputs, 1).outputs().get("cli-dir"));

        Step fetched = step("fetch", withCliDir(inputs, cliDir), 1);

        assertThat(fetched.exit()).isEqualTo(1);
        assertThat(fetched.log())
                .contains("does not match its published SHA-256")
                .contains("refusing to run it");
        assertThat(fetched.outputs()).doesNotContainKey("jar");
        assertThat(cliDir.resolve("mirror-sync.jar")).doesNotExist();
        assertThat(mavenCalls())
                .as("a tampered release is not papered over with a build")
                .doesNotExist();
    }

    @Test
    void withoutAReleaseAssetTheCliIsBuiltFromTheActionsOwnCheckout() throws Exception {
        // no asset published: the server answers 404, as GitHub does for a tag without one
        Map<String, String> inputs = inputs(dir.resolve("p.git"), dir.resolve("q.git"), Map.of());
        Path cliDir = Path.of(step("prepare", inputs, 1).outputs().get("cli-dir"));

        Step fetched = step("fetch", withCliDir(inputs, cliDir), 1);

        assertThat(fetched.exit()).as(fetched.log()).isZero();
        assertThat(fetched.log()).contains("building the CLI from the action's checkout");
        assertThat(Files.readString(mavenCalls()).strip())
                .isEqualTo(
                        action + ": -B -ntp -DskipTests -Dmirror-sync.cds.skip=true -pl sync-cli-example -am package");
        assertThat(Path.of(fetched.outputs().get("jar")))
                .hasSameBinaryContentAs(Path.of(System.getProperty("mirrorsync.jar")));
    }

    @Test
    void theTokensAreMaskedAndReachTheCliOnlyAsEnvironmentVariables() throws Exception {
        GitRepos.AheadPair pair = git.aheadPair();
        Path argv = dir.resolve("java-argv.txt");
        Map<String, String> inputs = new LinkedHashMap<>(inputs(pair.priv(), pair.pub(), Map.of()));
        inputs.put("PATH", recordingJava(argv) + ":" + dir.resolve("fake-maven") + ":" + System.getenv("PATH"));
        Map<String, String> prepared = step("prepare", inputs, 1).outputs();
        Map<String, String> run = new LinkedHashMap<>(
                withRun(inputs, Path.of(System.getProperty("mirrorsync.jar")), Path.of(prepared.get("cache-dir"))));
        run.put("MIRROR_SYNC_PRIVATE_TOKEN", "private-secret-1234");
        run.put("MIRROR_SYNC_PUBLIC_TOKEN", "public-secret-5678");

        Step step = step("run", run, 1);

        assertThat(step.exit()).as(step.log()).isZero();
        assertThat(step.log()).contains("::add-mask::private-secret-1234", "::add-mask::public-secret-5678");
        assertThat(step.log()
                        .replace("::add-mask::private-secret-1234", "")
                        .replace("::add-mask::public-secret-5678", ""))
                .doesNotContain("secret-1234")
                .doesNotContain("secret-5678");
        String recorded = Files.readString(argv);
        assertThat(recorded).contains("token in env").doesNotContain("secret");
        assertThat(recorded).contains("sync --private " + pair.priv() + " --public " + pair.pub() + " --branch main");
        assertThat(recorded)
                .as("a run with the default backend starts with a short run's JVM options (jvm.sh)")
                .contains("-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        assertThat(step.summary()).doesNotContain("secret");
    }

    @Test
    void aBadCommandInputIsAUsageErrorThatRunsNothing() throws Exception {
        Map<String, String> inputs = new LinkedHashMap<>(inputs(dir.resolve("p.git"), dir.resolve("q.git"), Map.of()));
        inputs.put("INPUT_COMMAND", "push --force");
        Map<String, String> prepared = step("prepare", inputs, 1).outputs();

        Step step = step(
                "run",
                withRun(inputs, Path.of(System.getProperty("mirrorsync.jar")), Path.of(prepared.get("cache-dir"))),
                1);

        assertThat(step.exit()).isEqualTo(2);
        assertThat(step.log()).contains("the input command is 'push --force': use sync, status or resolve");
    }

    @Test
    void theScriptIsShellcheckClean() throws Exception {
        Optional<Path> shellcheck = Stream.of(
                        System.getenv().getOrDefault("PATH", "").split(":"))
                .map(p -> Path.of(p, "shellcheck"))
                .filter(Files::isExecutable)
                .findFirst();
        if (shellcheck.isEmpty() && System.getenv("CI") != null) {
            fail(
                    "shellcheck is not on the PATH (CI is set, so this is a failure, not a skip): apt-get install shellcheck");
        }
        assumeTrue(shellcheck.isPresent(), "shellcheck is not on the PATH: apt-get install shellcheck");
        Process process = new ProcessBuilder(
                        shellcheck.get().toString(),
                        "action/run.sh",
                        ".ci/run",
                        ".ci/release-dry-run",
                        ".ci/set-release-version",
                        "sync-cli-example/src/main/sh/cds.sh",
                        "sync-cli-example/src/main/sh/jvm.sh",
                        "mirror-sync")
                .directory(REPO_ROOT.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    // ---- the runner ------------------------------------------------------------------------------------

    private record Step(int exit, String log, Map<String, String> outputs, String summary) {}

    /** One step of action.yml on the runner: a fresh GITHUB_OUTPUT, the job's GITHUB_STEP_SUMMARY. */
    private Step step(String name, Map<String, String> env, int run) throws IOException, InterruptedException {
        Path temp = Files.createDirectories(runner.resolve("_temp"));
        Path files = Files.createDirectories(runner.resolve("_runner_file_commands"));
        Path output = Files.createTempFile(files, "set_output_", "");
        Path summary = files.resolve("step_summary_" + run);
        ProcessBuilder builder =
                new ProcessBuilder("bash", action.resolve("action/run.sh").toString(), name).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        environment.put("HOME", Files.createDirectories(runner.resolve("home")).toString());
        environment.put("CI", "true");
        environment.put("GITHUB_ACTIONS", "true");
        environment.put("RUNNER_OS", "Linux");
        environment.put("RUNNER_TEMP", temp.toString());
        environment.put("GITHUB_OUTPUT", output.toString());
        environment.put("GITHUB_STEP_SUMMARY", summary.toString());
        environment.put("GITHUB_ACTION_PATH", action.toString());
        environment.put(
                "GITHUB_SERVER_URL", "http://127.0.0.1:" + server.getAddress().getPort());
        environment.put(
                "GITHUB_API_URL", "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v3");
        environment.put("GITHUB_REPOSITORY", "acme/cookbooks-private");
        environment.put("GITHUB_EVENT_NAME", "schedule");
        Path event = runner.resolve("_github_workflow/event.json");
        Files.createDirectories(event.getParent());
        Files.writeString(event, "{\"schedule\": \"0 8 * * *\"}\n");
        environment.put("GITHUB_EVENT_PATH", event.toString());
        environment.put("GITHUB_RUN_ID", Integer.toString(1000 + run));
        environment.put("GITHUB_RUN_ATTEMPT", "1");
        environment.put("MIRROR_SYNC_ACTION_REF", TAG);
        environment.put("MIRROR_SYNC_ACTION_REPOSITORY", ACTION_REPOSITORY);
        environment.remove("MIRROR_SYNC_PRIVATE_TOKEN");
        environment.remove("MIRROR_SYNC_PUBLIC_TOKEN");
        environment.remove("GITHUB_TOKEN");
        environment.put("PATH", dir.resolve("fake-maven") + ":" + System.getenv("PATH"));
        environment.putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES))
                .as("run.sh %s finished", name)
                .isTrue();
        Map<String, String> outputs = new LinkedHashMap<>();
        for (String line : Files.readAllLines(output)) {
            int eq = line.indexOf('=');
            assertThat(eq).as("GITHUB_OUTPUT line %s is NAME=VALUE", line).isPositive();
            outputs.put(line.substring(0, eq), line.substring(eq + 1));
        }
        String summaryText = Files.exists(summary) ? Files.readString(summary) : "";
        return new Step(process.exitValue(), log, outputs, summaryText);
    }

    private static Map<String, String> inputs(Path priv, Path pub, Map<String, String> more) {
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("INPUT_COMMAND", "sync");
        inputs.put("INPUT_PRIVATE", priv.toString());
        inputs.put("INPUT_PUBLIC", pub.toString());
        inputs.put("INPUT_BRANCHES", "main");
        inputs.put("INPUT_NAME", "");
        inputs.put("INPUT_DIRECTION", "both");
        inputs.put("INPUT_ON_DIVERGENCE", "report");
        inputs.put("INPUT_TRACKER", "none");
        inputs.put("INPUT_STATE", "ref");
        inputs.put("INPUT_DRY_RUN", "false");
        inputs.put("INPUT_ARGS", "");
        // A class-data-sharing archive costs a training run of the CLI: only the tests about it make one.
        inputs.put("MIRROR_SYNC_NO_CDS", "1");
        inputs.putAll(more);
        return inputs;
    }

    private static Map<String, String> withCliDir(Map<String, String> inputs, Path cliDir) {
        Map<String, String> env = new LinkedHashMap<>(inputs);
        env.put("MIRROR_SYNC_CLI_DIR", cliDir.toString());
        return env;
    }

    private static Map<String, String> withRun(Map<String, String> inputs, Path jar, Path cacheDir) {
        Map<String, String> env = new LinkedHashMap<>(inputs);
        env.put("MIRROR_SYNC_JAR", jar.toString());
        env.put("MIRROR_SYNC_CACHE_DIR", cacheDir.toString());
        return env;
    }

    /**
     * The action's checkout as a runner has it under GITHUB_ACTION_PATH: this repository's script and poms, and a
     * {@code mvn} on the PATH that "builds" by copying the jar this build made and records how it was called.
     */
    private Path fakeActionCheckout() throws IOException {
        Path checkout = Files.createDirectories(dir.resolve("action"));
        Files.createDirectories(checkout.resolve("action"));
        Files.copy(REPO_ROOT.resolve("action/run.sh"), checkout.resolve("action/run.sh"));
        Files.createDirectories(checkout.resolve(CDS_SCRIPT).getParent());
        Files.copy(REPO_ROOT.resolve(CDS_SCRIPT), checkout.resolve(CDS_SCRIPT));
        Path jvmScript = Path.of(CDS_SCRIPT).resolveSibling("jvm.sh");
        Files.copy(REPO_ROOT.resolve(jvmScript), checkout.resolve(jvmScript));
        Files.copy(REPO_ROOT.resolve("pom.xml"), checkout.resolve("pom.xml"));
        Files.createDirectories(checkout.resolve("sync-cli-example"));
        Files.copy(REPO_ROOT.resolve("sync-cli-example/pom.xml"), checkout.resolve("sync-cli-example/pom.xml"));
        Path bin = Files.createDirectories(dir.resolve("fake-maven"));
        executable(
                bin.resolve("mvn"),
                "#!/usr/bin/env bash\n"
                        + "printf '%s: %s\\n' \"$PWD\" \"$*\" >> '" + mavenCalls() + "'\n"
                        + "mkdir -p sync-cli-example/target\n"
                        + "cp '" + System.getProperty("mirrorsync.jar")
                        + "' sync-cli-example/target/sync-cli-example-0.1.0.jar\n"
                        + "touch sync-cli-example/target/sync-cli-example-0.1.0-sources.jar\n");
        return checkout;
    }

    /** A directory holding a java that records its command line and whether the token reached it, then runs the real one. */
    private Path recordingJava(Path argv) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        executable(
                bin.resolve("java"),
                "#!/usr/bin/env bash\n"
                        + "printf '%s\\n' \"$*\" >> '" + argv + "'\n"
                        + "[ \"${MIRROR_SYNC_PRIVATE_TOKEN:-}\" = private-secret-1234 ] && echo 'token in env' >> '"
                        + argv + "'\n"
                        + "exec '" + Path.of(System.getProperty("java.home"), "bin", "java") + "' \"$@\"\n");
        return bin;
    }

    private Path mavenCalls() {
        return dir.resolve("mvn-calls.txt");
    }

    private void publishRelease(byte[] jar, String sha256) {
        String base = "/" + ACTION_REPOSITORY + "/releases/download/" + TAG + "/";
        served.put(base + "mirror-sync.jar", jar);
        served.put(
                base + "mirror-sync.jar.sha256", (sha256 + "  mirror-sync.jar\n").getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] jarBytes() {
        try {
            return Files.readAllBytes(Path.of(System.getProperty("mirrorsync.jar")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /** Every object in the bare cache, packed or loose (the JGit backend packs what it fetches, git may not). */
    private Set<String> objects(Path cache) {
        return git.git(cache, "cat-file", "--batch-all-objects", "--batch-check=%(objectname)")
                .lines()
                .filter(l -> l.matches("[0-9a-f]{40}"))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private Path tar(Path directory, String name) throws IOException, InterruptedException {
        Path archive = dir.resolve(name);
        run(List.of(
                "tar",
                "-cf",
                archive.toString(),
                "-C",
                "/",
                Path.of("/").relativize(directory).toString()));
        return archive;
    }

    private static void untar(Path archive) throws IOException, InterruptedException {
        run(List.of("tar", "-xf", archive.toString(), "-C", "/"));
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", command) + ": " + output)
                .isZero();
    }

    private static void executable(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p :
                    files.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
