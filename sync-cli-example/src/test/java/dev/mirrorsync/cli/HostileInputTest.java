package dev.mirrorsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorsync.testing.GitCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Input made to do harm: branch names and refs that try to escape {@code refs/heads/} or pass for options, remote URLs
 * with schemes that run commands, oversized or malformed event payloads and configuration, commit text that would
 * inject Markdown or HTML into an issue, and a divergence of thousands of commits. Each is refused clearly (exit 2,
 * naming the problem, control characters escaped) or handled safely, and neither repository changes, nothing is run.
 */
class HostileInputTest {
    @TempDir
    Path dir;

    private GitRepos git;
    private Path priv;
    private Path pub;
    private GitRepos.AheadPair pair;
    private Path pwned;

    @BeforeEach
    void setUp() {
        git = new GitRepos(dir);
        pair = git.aheadPair();
        priv = pair.priv();
        pub = pair.pub();
        pwned = dir.resolve("pwned");
    }

    private void assertUnchanged(Cli.Result result) {
        pair.assertUnchanged(result.toString());
        assertThat(pwned).as("no command ran").doesNotExist();
    }

    private Cli.Result sync(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "sync",
                "--private",
                priv.toString(),
                "--public",
                pub.toString(),
                "--cache",
                dir.resolve("cache").toString()));
        args.addAll(List.of(extra));
        return Cli.run(args.toArray(String[]::new));
    }

    static Stream<Arguments> escapingBranchNames() {
        return Stream.of(
                Arguments.of("../x", "'..'"),
                Arguments.of("refs/heads/../../x", "'..'"),
                Arguments.of("refs/tags/v1", "refs/"),
                Arguments.of("refs/mirror-sync/synced/main", "refs/"),
                Arguments.of("main\u001b[2J\u0007", "control character"),
                Arguments.of("main\nmain: in sync: both sides at 0000000", "control character"),
                Arguments.of("-x", "could be read as an option"),
                Arguments.of("--upload-pack=touch pwned", "could be read as an option"),
                Arguments.of("a/.hidden", "starts with '.'"),
                Arguments.of("x.lock", ".lock"),
                Arguments.of("@{-1}", "'@{'"),
                Arguments.of("HEAD", "not a branch"),
                Arguments.of("a b", "' '"),
                Arguments.of("a\\b", "'\\'"),
                Arguments.of("/main", "empty path component"));
    }

    @ParameterizedTest(name = "branch {0}")
    @MethodSource("escapingBranchNames")
    void aBranchNameThatTriesToEscapeIsRefusedAndChangesNothing(String branch, String why) {
        Cli.Result result = sync("--branch=" + branch);
        assertThat(result.exit()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains(why).doesNotContain("\u001b").doesNotContain("\u0007");
        assertThat(result.err().lines()).noneMatch(line -> line.startsWith("main: in sync"));
        assertUnchanged(result);
    }

    static Stream<Arguments> hostileUrls() {
        return Stream.of(
                Arguments.of("ext::sh -c touch% pwned", "remote helper"),
                Arguments.of("fd::17", "remote helper"),
                Arguments.of("transport::https://example.invalid/x", "remote helper"),
                Arguments.of("--upload-pack=touch pwned", "could be read as an option"),
                Arguments.of("-oProxyCommand=touch pwned", "could be read as an option"),
                Arguments.of("gopher://example.invalid/x", "not supported"),
                Arguments.of("https://user:pass@example.invalid/x.git", "embeds credentials"),
                Arguments.of("https://example.invalid/x.git\n--upload-pack=touch pwned", "control character"),
                Arguments.of("file://user@localhost/tmp/x.git", "user information"),
                Arguments.of("", "empty"));
    }

    @ParameterizedTest(name = "url {0}")
    @MethodSource("hostileUrls")
    void aRemoteUrlThatCouldRunSomethingIsRefused(String url, String why) {
        for (String side : List.of("--private", "--public")) {
            List<String> args = new ArrayList<>(
                    List.of("sync", "--cache", dir.resolve("cache").toString()));
            args.addAll(
                    side.equals("--private")
                            ? List.of("--private=" + url, "--public", pub.toString())
                            : List.of("--private", priv.toString(), "--public=" + url));
            Cli.Result result = Cli.run(args.toArray(String[]::new));
            assertThat(result.exit()).as(result.toString()).isEqualTo(2);
            assertThat(result.err()).contains(why).doesNotContain("pass@");
            assertUnchanged(result);
        }
    }

    /* ssh with a host that reads as an option (CVE-2017-1000117): JGit's SSH client runs no program, and nothing moves. */
    @Test
    void anSshHostThatLooksLikeAnOptionRunsNothing() {
        Cli.Result result = Cli.run(
                "sync",
                "--private",
                "ssh://-oProxyCommand=touch%20" + pwned + "/x.git",
                "--public",
                pub.toString(),
                "--cache",
                dir.resolve("cache").toString());
        assertThat(result.exit()).as(result.toString()).isIn(1, 2);
        assertUnchanged(result);
    }

    @Test
    void aPairNameThatCouldBreakTheIssueMarkerIsRefused() {
        Cli.Result result = sync("--name", "x --> <script>alert(1)</script>");
        assertThat(result.exit()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("pair name");
        assertUnchanged(result);
    }

    @Test
    void malformedOrOversizedEventPayloadsAreRefusedBeforeAnythingMoves() throws Exception {
        Path huge = dir.resolve("huge.json");
        try (var out = Files.newOutputStream(huge)) {
            byte[] block = new byte[1 << 20];
            Arrays.fill(block, (byte) ' ');
            for (int i = 0; i < 26; i++) {
                out.write(block);
            }
        }
        Path deep = Files.writeString(dir.resolve("deep.json"), "[".repeat(200_000));
        Path garbage = Files.writeString(dir.resolve("garbage.json"), "{\"pull_request\": {\"merged\": tru");
        Path wrongTypes = Files.writeString(
                dir.resolve("types.json"),
                "{\"pull_request\": {\"merged\": \"yes\", \"base\": {\"ref\": [\"main\"]}}}");
        Path escaping = Files.writeString(
                dir.resolve("escaping.json"),
                "{\"pull_request\": {\"merged\": true, \"base\": {\"ref\": \"../../main\"}}}");
        for (Path payload : List.of(huge, deep, garbage, wrongTypes, escaping, dir.resolve("missing.json"), dir)) {
            Map<String, String> env = new HashMap<>(Map.of(
                    "HOME",
                    dir.toString(),
                    "GITHUB_ACTIONS",
                    "true",
                    "GITHUB_EVENT_NAME",
                    "pull_request",
                    "GITHUB_EVENT_PATH",
                    payload.toString()));
            Cli.Result result = Cli.run(
                    env,
                    "sync",
                    "--private",
                    priv.toString(),
                    "--public",
                    pub.toString(),
                    "--cache",
                    dir.resolve("cache").toString());
            assertThat(result.exit()).as(payload + ": " + result).isIn(0, 2);
            if (result.exit() == 0) {
                assertThat(result.out()).as(payload + ": a no-op says why").contains("nothing to do");
            } else {
                assertThat(result.err()).as(payload.toString()).isNotBlank().hasSizeLessThan(2000);
            }
            assertUnchanged(result);
        }
    }

    @Test
    void malformedConfigurationIsRefusedBeforeAnythingMoves() throws Exception {
        Path issues = Files.createDirectories(dir.resolve("issues"));
        Files.writeString(issues.resolve("1.json"), "{\"number\": 1, \"title\": ");
        Cli.Result badIssue = sync("--tracker", "file:" + issues);
        assertThat(badIssue.exit()).as(badIssue.toString()).isEqualTo(2);
        assertThat(badIssue.err()).contains("1.json");
        assertUnchanged(badIssue);

        for (String spec : List.of("file:", "nfs:/x", "ref:refs/heads/main")) {
            Cli.Result result = sync("--state", spec);
            assertThat(result.exit()).as(spec + ": " + result).isEqualTo(2);
            assertUnchanged(result);
        }
        Path garbage = Files.writeString(dir.resolve("watermarks.properties"), "<html>not a state file</html>\n");
        Cli.Result badState = sync("--state", "file:" + garbage);
        assertThat(badState.exit()).as(badState.toString()).isEqualTo(2);
        assertThat(badState.out() + badState.err())
                .contains("watermarks.properties")
                .contains("fix or delete it");
        assertUnchanged(badState);
        Cli.Result tracker = sync("--tracker", "github:../../etc/passwd", "--tracker-token-env", "NOPE");
        assertThat(tracker.exit()).as(tracker.toString()).isEqualTo(2);
        assertUnchanged(tracker);
    }

    /*
     *   private:  a - b - H     H: subject and author full of Markdown, HTML, mentions and links
     *              \
     *   public:     --- y
     */
    @Test
    void commitTextThatWouldInjectIntoTheIssueIsRenderedInert() throws Exception {
        git.commit(pub, "y");
        String subject =
                "<img src=x onerror=alert(1)> [click](https://evil.invalid) @octocat #1 ![i](https://evil.invalid/i.png)"
                        + " <!-- mirror-sync:other:main --> ```` | table | `code` **bold** \u202e";
        git.git(
                priv,
                "update-ref",
                "refs/heads/main",
                git.git(
                        priv,
                        "commit-tree",
                        git.git(priv, "rev-parse", "refs/heads/main^{tree}"),
                        "-p",
                        "refs/heads/main",
                        "-m",
                        subject));
        Path issues = dir.resolve("issues");
        Cli.Result result = sync("--tracker", "file:" + issues, "--json");
        assertThat(result.exit()).as(result.toString()).isEqualTo(3);
        String body = new ObjectMapper()
                .readTree(issues.resolve("1.json").toFile())
                .path("body")
                .asText();
        String commits = body.substring(body.indexOf("### Only on private"), body.indexOf("### Only on public"));
        assertThat(commits)
                .doesNotContain("<img")
                .doesNotContain("](")
                .doesNotContain("@octocat")
                .doesNotContain("<!--")
                .doesNotContain("```")
                .doesNotContain("#1 ");
        assertThat(body).containsOnlyOnce("<!-- mirror-sync:");
        assertThat(result.out()).doesNotContain("<img");
    }

    /* Thousands of commits only on each side: the issue and the JSON stay small, and the totals stay exact. */
    @Test
    void aHugeDivergenceGivesABoundedReport() throws Exception {
        int n = 3000;
        fastImport(priv, "refs/heads/main", n, "private");
        fastImport(pub, "refs/heads/main", n, "public");
        Path issues = dir.resolve("issues");
        Cli.Result result = sync("--tracker", "file:" + issues, "--json");
        assertThat(result.exit()).as(result.toString()).isEqualTo(3);
        JsonNode branch = result.branch(0);
        assertThat(branch.path("onlyOnPrivate").asInt()).isEqualTo(n + 1);
        assertThat(branch.path("onlyOnPublic").asInt()).isEqualTo(n);
        assertThat(result.out().length()).as("JSON size").isLessThan(16 * 1024);
        assertThat(Files.size(issues.resolve("1.json"))).as("issue size").isLessThan(32 * 1024);
        assertThat(GitRepos.read(issues.resolve("1.json"))).contains("more");
    }

    private void fastImport(Path bare, String ref, int commits, String who) {
        StringBuilder stream = new StringBuilder();
        String parent = git.revParse(bare, ref).orElseThrow();
        for (int i = 1; i <= commits; i++) {
            String message = who + " commit " + i + " " + "x".repeat(i % 7 == 0 ? 5000 : 10);
            stream.append("commit ")
                    .append(ref)
                    .append('\n')
                    .append("committer ")
                    .append(who)
                    .append(" <")
                    .append(who)
                    .append("@test.invalid> ")
                    .append(1_700_000_000 + i)
                    .append(" +0000\n")
                    .append("data ")
                    .append(message.length())
                    .append('\n')
                    .append(message)
                    .append('\n');
            if (i == 1) {
                stream.append("from ").append(parent).append('\n');
            }
            stream.append("M 644 inline ")
                    .append(who)
                    .append(".txt\n")
                    .append("data ")
                    .append(String.valueOf(i).length())
                    .append('\n')
                    .append(i)
                    .append('\n');
        }
        GitCommand.Result imported =
                GitCommand.run(bare, Map.of(), stream.toString(), "fast-import", "--quiet", "--force");
        assertThat(imported.exit()).as(imported.out() + imported.err()).isZero();
    }
}
