package dev.mirrorsync.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorsync.cli.GitRepos;
import dev.mirrorsync.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI syncing two real local repositories (made by {@code git}) with the GitHub tracker pointed at the fake
 * GitHub over HTTP: through a divergence and its resolution, exactly one issue is opened and then closed.
 */
class GitHubEndToEndTest {
    @TempDir
    Path dir;

    private FakeGitHub github;
    private FakeGitHub.Repo trackerRepo;
    private GitRepos git;
    private Path priv;
    private Path pub;

    @BeforeEach
    void setUp() {
        github = new FakeGitHub();
        trackerRepo = github.repository("acme/cookbook-private", "private");
        git = new GitRepos(dir);
        priv = git.bare("private");
        pub = git.bare("public");
    }

    @AfterEach
    void tearDown() {
        github.close();
    }

    private record Result(int exit, String out, String err) {
        JsonNode branch() throws IOException {
            return new ObjectMapper().readTree(out).path("branches").path(0);
        }
    }

    private Result cli(Map<String, String> extraEnv, String... args) {
        Map<String, String> env = new HashMap<>(Map.of("HOME", dir.toString(), "GITHUB_TOKEN", FakeGitHub.TOKEN));
        env.putAll(extraEnv);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, env, new PrintWriter(out), new PrintWriter(err), false);
        return new Result(exit, out.toString(), err.toString());
    }

    private Result command(String command, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                command,
                "--private",
                priv.toString(),
                "--public",
                pub.toString(),
                "--name",
                "cookbook",
                "--cache",
                dir.resolve("cache").toString(),
                "--json",
                "--tracker",
                "github:acme/cookbook-private",
                "--tracker-endpoint",
                github.endpoint()));
        args.addAll(List.of(extra));
        return cli(Map.of(), args.toArray(String[]::new));
    }

    /*
     *       x     private
     *      /
     * a - b
     *      \
     *       y     public
     */
    @Test
    void aDivergenceOpensOneIssueWhichResolveCloses() throws Exception {
        git.commit(priv, "a");
        git.copy(priv, pub, "main");
        String x = git.commit(priv, "main", "private.txt", "x", "x");
        String y = git.commit(pub, "main", "public.txt", "y", "y");

        Result first = command("sync");
        assertThat(first.exit()).as(first.out() + first.err()).isEqualTo(3);
        assertThat(first.branch().path("issue").path("action").asText()).isEqualTo("OPENED");
        assertThat(trackerRepo.openIssues()).singleElement().satisfies(issue -> {
            assertThat(issue.labels).containsExactlyInAnyOrder("sync-failure", "urgent");
            assertThat(issue.body).contains(x).contains(y).contains("<!-- mirror-sync:cookbook:main -->");
        });
        assertThat(trackerRepo.labels).containsKeys("sync-failure", "urgent");

        Result second = command("sync");
        assertThat(second.exit()).isEqualTo(3);
        assertThat(second.branch().path("issue").path("action").asText()).isEqualTo("NONE");
        assertThat(trackerRepo.issues).hasSize(1);

        Result resolved = command("resolve", "--strategy", "merge");
        assertThat(resolved.exit()).as(resolved.out() + resolved.err()).isZero();
        assertThat(resolved.branch().path("issue").path("action").asText()).isEqualTo("CLOSED");
        assertThat(trackerRepo.issues).hasSize(1);
        assertThat(trackerRepo.openIssues()).isEmpty();
        FakeGitHub.Issue closed = trackerRepo.issues.values().iterator().next();
        assertThat(closed.state).isEqualTo("closed");
        String merged = git.revParse(priv, "refs/heads/main").orElseThrow();
        assertThat(closed.comments).anyMatch(c -> c.contains(merged.substring(0, 12)));
        assertThat(git.revParse(pub, "refs/heads/main").orElseThrow()).isEqualTo(merged);

        for (Result r : List.of(first, second, resolved)) {
            assertThat(r.out() + r.err()).doesNotContain(FakeGitHub.TOKEN);
        }
    }

    /*
     *       x     private main           m = merge(x, y) on mirror-sync/resolve-main (private), proposed as a PR
     *      /                \
     * a - b                  m
     *      \                /
     *       y     public main
     */
    @Test
    void resolveViaPullRequestProposesTheMergeAndTheNextSyncClosesTheIssue() throws Exception {
        git.commit(priv, "a");
        git.copy(priv, pub, "main");
        String x = git.commit(priv, "main", "private.txt", "x", "x");
        String y = git.commit(pub, "main", "public.txt", "y", "y");
        assertThat(command("sync").exit()).isEqualTo(3);

        Result proposed = command("resolve", "--strategy", "merge", "--via-pull-request");

        assertThat(proposed.exit()).as(proposed.out() + proposed.err()).isZero();
        assertThat(proposed.branch().path("outcome").asText()).isEqualTo("PENDING");
        String head = git.revParse(priv, "refs/heads/mirror-sync/resolve-main").orElseThrow();
        assertThat(git.isAncestor(priv, x, head)).isTrue();
        assertThat(git.revParse(priv, "refs/heads/main")).contains(x);
        assertThat(git.revParse(pub, "refs/heads/main")).contains(y);
        FakeGitHub.Issue pr = trackerRepo.issues.values().stream()
                .filter(i -> i.pullRequest)
                .findFirst()
                .orElseThrow();
        assertThat(pr.head).isEqualTo("mirror-sync/resolve-main");
        assertThat(pr.base).isEqualTo("main");
        FakeGitHub.Issue issue = trackerRepo.openIssues().stream()
                .filter(i -> !i.pullRequest)
                .findFirst()
                .orElseThrow();
        assertThat(issue.comments).anyMatch(c -> c.contains("#" + pr.number));

        // A maintainer merges the pull request (here: a fast-forward of private main), and the next sync finishes.
        git.setBranch(priv, "main", Optional.of(head));
        Result after = command("sync");
        assertThat(after.exit()).as(after.out() + after.err()).isZero();
        assertThat(git.revParse(pub, "refs/heads/main")).contains(head);
        assertThat(trackerRepo.openIssues().stream().filter(i -> !i.pullRequest))
                .isEmpty();
    }

    @Test
    void aPullRequestClosedWithoutMergingIsACleanNoOp() throws Exception {
        git.commit(priv, "a");
        String before = git.refs(priv) + git.refs(pub);
        Path event = Files.writeString(
                dir.resolve("event.json"),
                "{\"action\":\"closed\",\"pull_request\":{\"merged\":false,\"number\":7,\"base\":{\"ref\":\"main\"}}}");

        Result result = cli(
                Map.of(
                        "GITHUB_ACTIONS",
                        "true",
                        "GITHUB_EVENT_NAME",
                        "pull_request",
                        "GITHUB_EVENT_PATH",
                        event.toString()),
                "sync",
                "--private",
                priv.toString(),
                "--public",
                pub.toString(),
                "--cache",
                dir.resolve("cache").toString(),
                "--tracker",
                "github:acme/cookbook-private",
                "--tracker-endpoint",
                github.endpoint());

        assertThat(result.exit()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).startsWith("nothing to do for this pull_request event: ");
        assertThat(git.refs(priv) + git.refs(pub)).isEqualTo(before);
        assertThat(trackerRepo.issues).isEmpty();
    }

    @Test
    void aMalformedEventPayloadIsAClearConfigurationError() throws Exception {
        Path event = Files.writeString(dir.resolve("event.json"), "{\"action\": \"closed\", ");
        Result result = cli(
                Map.of(
                        "GITHUB_ACTIONS",
                        "true",
                        "GITHUB_EVENT_NAME",
                        "pull_request",
                        "GITHUB_EVENT_PATH",
                        event.toString()),
                "sync",
                "--private",
                priv.toString(),
                "--public",
                pub.toString(),
                "--cache",
                dir.resolve("cache").toString());
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("event.json");
    }
}
