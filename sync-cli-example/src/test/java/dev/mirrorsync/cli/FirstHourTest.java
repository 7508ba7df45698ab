package dev.mirrorsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** What a newcomer meets in the first hour: paths, messages, suggestions, help, version, logging, completion. */
class FirstHourTest {
    @TempDir
    Path dir;

    private GitRepos git;
    private GitRepos.AheadPair pair;

    @BeforeEach
    void setUp() {
        git = new GitRepos(dir);
        pair = git.aheadPair();
    }

    @AfterEach
    void resetLogLevels() {
        LogLevels.apply(false, false, Optional.empty());
    }

    /** A path relative to this JVM's working directory, as a user would type it. */
    private static String relative(Path path) {
        return Path.of("").toAbsolutePath().relativize(path.toAbsolutePath()).toString();
    }

    @Test
    void relativePathsMeanPathsUnderTheWorkingDirectory() {
        Cli.Result result = Cli.run(
                "sync",
                "--private",
                relative(pair.priv()),
                "--public",
                "./" + relative(pair.pub()),
                "--cache",
                relative(dir.resolve("cache")),
                "--json");

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.branch(0).path("state").asText()).isEqualTo("PRIVATE_AHEAD");
        assertThat(git.revParse(pair.pub(), "refs/heads/main")).isEqualTo(git.revParse(pair.priv(), "refs/heads/main"));
    }

    @Test
    void aLocalPathThatIsNoRepositorySaysWhatIsThereAndExitsTwo() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "x");
        Path plainDirectory = Files.createDirectories(dir.resolve("just-a-directory"));
        Path missing = dir.resolve("missing.git");

        Cli.Result missingResult = Cli.run(
                "status",
                "--private",
                missing.toString(),
                "--public",
                pair.pub().toString());
        Cli.Result fileResult = Cli.run("status", "--private", pair.priv().toString(), "--public", file.toString());
        Cli.Result directoryResult = Cli.run(
                "sync",
                "--private",
                relative(plainDirectory),
                "--public",
                pair.pub().toString());

        assertThat(missingResult.exit()).as(missingResult.toString()).isEqualTo(2);
        assertThat(missingResult.err()).contains("--private " + missing + ": nothing is there");
        assertThat(fileResult.exit()).as(fileResult.toString()).isEqualTo(2);
        assertThat(fileResult.err()).contains("--public " + file + " is a file, not a git repository");
        assertThat(directoryResult.exit()).as(directoryResult.toString()).isEqualTo(2);
        assertThat(directoryResult.err())
                .contains("--private " + plainDirectory + " is a directory but not a git repository");
        for (Cli.Result result : new Cli.Result[] {missingResult, fileResult, directoryResult}) {
            assertThat(result.out() + result.err())
                    .doesNotContain("credentials")
                    .doesNotContain("token");
        }
        pair.assertUnchanged("nothing changed");
    }

    /** An https remote that answers 401 asking for Basic credentials, as a private repository does without a token. */
    private HttpServer askingForCredentials() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
            byte[] body = "authentication required\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(401, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    @Test
    void aRemoteAskingForCredentialsWithoutATokenNamesTheVariableToSet() throws Exception {
        HttpServer server = askingForCredentials();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/acme/cookbook.git";
            Map<String, String> env = Map.of("HOME", dir.toString());

            Cli.Result byDefault = Cli.run(
                    env,
                    "status",
                    "--private",
                    pair.priv().toString(),
                    "--public",
                    url,
                    "--cache",
                    dir.resolve("cache").toString());
            Cli.Result named = Cli.run(
                    env,
                    "sync",
                    "--private",
                    url,
                    "--public",
                    pair.pub().toString(),
                    "--private-token-env",
                    "ACME_PRIVATE_TOKEN",
                    "--cache",
                    dir.resolve("cache2").toString());
            Cli.Result checked =
                    Cli.run(env, "sync", "--check", "--private", pair.priv().toString(), "--public", url);

            assertThat(byDefault.exit()).as(byDefault.toString()).isEqualTo(1);
            assertThat(byDefault.out())
                    .contains("set MIRROR_SYNC_PUBLIC_TOKEN")
                    .contains("--public-token-env")
                    .doesNotContain("MIRROR_SYNC_PRIVATE_TOKEN");
            assertThat(named.exit()).as(named.toString()).isEqualTo(1);
            assertThat(named.out()).contains("set ACME_PRIVATE_TOKEN");
            assertThat(checked.exit()).as(checked.toString()).isEqualTo(1);
            assertThat(checked.out()).contains("FAIL  public read").contains("set MIRROR_SYNC_PUBLIC_TOKEN");
        } finally {
            server.stop(0);
        }
        pair.assertUnchanged("nothing changed");
    }

    @Test
    void aMistypedOptionOrCommandGetsADidYouMean() {
        Cli.Result requiredTypo = Cli.run(
                "sync",
                "--privat",
                pair.priv().toString(),
                "--public",
                pair.pub().toString());
        Cli.Result optionalTypo = Cli.run(
                "status",
                "--private",
                pair.priv().toString(),
                "--public",
                pair.pub().toString(),
                "--brnch",
                "main");
        Cli.Result commandTypo = Cli.run("synk", "--private", pair.priv().toString());

        assertThat(requiredTypo.exit()).isEqualTo(2);
        assertThat(requiredTypo.err()).contains("unknown option '--privat'; did you mean '--private'?");
        assertThat(optionalTypo.exit()).isEqualTo(2);
        assertThat(optionalTypo.err()).contains("--brnch").contains("did you mean '--branch'");
        assertThat(commandTypo.exit()).isEqualTo(2);
        assertThat(commandTypo.err()).contains("unknown command or argument 'synk'; did you mean 'sync'");
        pair.assertUnchanged("nothing changed");
    }

    @Test
    void aGitHubTrackerWithoutItsTokenIsAConfigurationErrorAndCheckStillListsEverything() {
        Map<String, String> env = Map.of("HOME", dir.toString());
        Cli.Result sync = Cli.run(
                env,
                "sync",
                "--private",
                pair.priv().toString(),
                "--public",
                pair.pub().toString(),
                "--tracker",
                "github:acme/cookbook",
                "--cache",
                dir.resolve("cache").toString());
        Cli.Result check = Cli.run(
                env,
                "sync",
                "--check",
                "--private",
                pair.priv().toString(),
                "--public",
                pair.pub().toString(),
                "--tracker",
                "github:acme/cookbook");

        assertThat(sync.exit()).as(sync.toString()).isEqualTo(2);
        assertThat(sync.err()).contains("GITHUB_TOKEN is not set");
        assertThat(check.exit()).as(check.toString()).isEqualTo(2);
        assertThat(check.out())
                .contains("ok    private read")
                .contains("ok    public read")
                .contains("ok    public push")
                .contains("FAIL  tracker: --tracker github:acme/cookbook needs a token: GITHUB_TOKEN is not set")
                .contains("1 check(s) failed");
        pair.assertUnchanged("nothing changed");
    }

    @Test
    void versionNamesTheBuildJGitAndJava() {
        Cli.Result result = Cli.run("--version");

        assertThat(result.exit()).isZero();
        assertThat(result.out().lines()).hasSize(4);
        assertThat(result.out())
                .startsWith("mirror-sync 0.1.0-SNAPSHOT")
                .containsPattern("commit ([0-9a-f]{12}|unknown), built ")
                .contains("JGit 7.")
                .contains("Java " + System.getProperty("java.version"));
    }

    @Test
    void eachCommandsHelpListsOnlyItsOwnExitCodesAndWrapsAtTheTerminalWidth() {
        Cli.Result workflows = Cli.run("workflows", "--help");
        Cli.Result demo = Cli.run("demo", "--help");
        Cli.Result completion = Cli.run("completion", "--help");
        Cli.Result sync = Cli.run("sync", "--help");

        assertThat(workflows.out()).contains("0   the workflows were written").doesNotContain("needs a human");
        assertThat(demo.out()).contains("1   a step did not do what it said").doesNotContain("needs a human");
        assertThat(completion.out())
                .contains("0   the script was printed")
                .doesNotContain("1   ")
                .doesNotContain("3   ");
        assertThat(sync.out())
                .contains("3   at least one branch needs a human")
                .contains("(with --check) every check passed");
        CommandLine commandLine = Main.commandLine(new Main(null), new String[0]);
        assertThat(commandLine.getCommandSpec().usageMessage().autoWidth()).isTrue();
        commandLine
                .getSubcommands()
                .values()
                .forEach(sub -> assertThat(sub.getCommandSpec().usageMessage().autoWidth())
                        .as(sub.getCommandName())
                        .isTrue());
    }

    @Test
    void quietVerboseAndTheLogLevelVariableSetTheLevels() {
        String[] status = {
            "status",
            "--private",
            pair.priv().toString(),
            "--public",
            pair.pub().toString(),
            "--cache",
            dir.resolve("cache").toString()
        };
        ch.qos.logback.classic.Logger root =
                (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.classic.Logger core =
                (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.mirrorsync.core");

        Cli.Result quiet = Cli.run(concat(status, "--quiet"));
        assertThat(quiet.exit()).as(quiet.toString()).isZero();
        assertThat(root.getLevel()).isEqualTo(Level.ERROR);
        assertThat(quiet.out().lines()).hasSize(1).allMatch(l -> l.startsWith("main: private ahead by 1"));

        Cli.Result verbose = Cli.run(concat(status, "--verbose"));
        assertThat(verbose.exit()).isZero();
        assertThat(root.getLevel()).isEqualTo(Level.DEBUG);

        Cli.Result byVariable = Cli.run(
                Map.of("HOME", dir.toString(), "MIRROR_SYNC_LOG_LEVEL", "info,dev.mirrorsync.core=trace"), status);
        assertThat(byVariable.exit()).as(byVariable.toString()).isZero();
        assertThat(root.getLevel()).isEqualTo(Level.INFO);
        assertThat(core.getLevel()).isEqualTo(Level.TRACE);
        core.setLevel(null);

        Cli.Result both = Cli.run(concat(status, "--quiet", "--verbose"));
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("--quiet and --verbose do not go together");
        Cli.Result badLevel = Cli.run(Map.of("HOME", dir.toString(), "MIRROR_SYNC_LOG_LEVEL", "loud"), status);
        assertThat(badLevel.exit()).isEqualTo(2);
        assertThat(badLevel.err()).contains("MIRROR_SYNC_LOG_LEVEL: 'loud' is not a level");
    }

    @Test
    void argumentFilesAreRead() throws Exception {
        Path args = Files.writeString(
                dir.resolve("args.txt"),
                String.join(
                                "\n",
                                "status",
                                "--private",
                                pair.priv().toString(),
                                "--public",
                                pair.pub().toString(),
                                "--cache",
                                dir.resolve("cache").toString())
                        + "\n");

        Cli.Result result = Cli.run("@" + args);

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).startsWith("main: private ahead by 1");
    }

    @Test
    void completionPrintsABashAndZshScriptForEveryCommand() {
        Cli.Result result = Cli.run("completion");

        assertThat(result.exit()).isZero();
        assertThat(result.out())
                .contains("complete -F")
                .contains("bashcompinit")
                .contains("sync")
                .contains("status")
                .contains("resolve")
                .contains("--on-divergence")
                .contains("--tracker-path");
    }

    private static String[] concat(String[] base, String... extra) {
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }
}
