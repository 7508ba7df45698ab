package dev.mirrorsync.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.mirrorsync.cli.GitRepos;
import dev.mirrorsync.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --max-retry-wait}: the CLI's bound on waiting out a rate limit, through the real GitHub client against the
 * fake GitHub. The first request to open the issue is refused with {@code 429} and {@code retry-after: 1}: within the
 * default bound it is waited out and the issue is filed; with {@code --max-retry-wait 0} the run stops at that refusal
 * (one request, no issue) and says when to run again; a value that is no duration is a usage error that touches nothing.
 *
 * <pre>
 *       x     private
 *      /
 * a - b
 *      \
 *       y     public      (diverged: one issue to open)
 * </pre>
 */
class MaxRetryWaitTest {
    private static final String REPO = "acme/cookbook-private";

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
        trackerRepo = github.repository(REPO, "private");
        trackerRepo.label("sync-failure");
        trackerRepo.label("urgent");
        git = new GitRepos(dir);
        priv = git.bare("private");
        pub = git.bare("public");
        git.commit(priv, "a");
        git.commit(priv, "b");
        git.copy(priv, pub, "main");
        git.commit(priv, "main", "private.txt", "x", "x");
        git.commit(pub, "main", "public.txt", "y", "y");
        github.server()
                .stubFor(post(urlPathEqualTo("/repos/" + REPO + "/issues"))
                        .atPriority(1)
                        .inScenario("limit")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willSetStateTo("lifted")
                        .willReturn(aResponse()
                                .withStatus(429)
                                .withHeader("Content-Type", "application/json")
                                .withHeader("retry-after", "1")
                                .withBody(FakeGitHub.errorBody("You have exceeded a secondary rate limit."))));
    }

    @AfterEach
    void tearDown() {
        github.close();
    }

    private record Result(int exit, String out, String err) {}

    private Result sync(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "sync",
                "--private",
                priv.toString(),
                "--public",
                pub.toString(),
                "--name",
                "cookbook",
                "--cache",
                dir.resolve("cache").toString(),
                "--tracker",
                "github:" + REPO,
                "--tracker-endpoint",
                github.endpoint()));
        args.addAll(List.of(extra));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(
                args.toArray(String[]::new),
                Map.of("HOME", dir.toString(), "GITHUB_TOKEN", FakeGitHub.TOKEN),
                new PrintWriter(out),
                new PrintWriter(err),
                false);
        return new Result(exit, out.toString(), err.toString());
    }

    @Test
    void withinTheDefaultBoundTheLimitIsWaitedOutAndTheIssueFiled() {
        Result result = sync();

        assertThat(result.exit()).as(result.toString()).isEqualTo(3);
        github.server().verify(2, postRequestedFor(urlPathEqualTo("/repos/" + REPO + "/issues")));
        assertThat(trackerRepo.openIssues()).hasSize(1);
    }

    @Test
    void withABoundBelowTheAskedWaitTheRunStopsAtTheFirstRefusalAndSaysWhenToRunAgain() {
        Result result = sync("--max-retry-wait", "0");

        assertThat(result.exit()).as(result.toString()).isEqualTo(1);
        assertThat(result.out() + result.err()).as(result.toString()).contains("run again after");
        github.server().verify(1, postRequestedFor(urlPathEqualTo("/repos/" + REPO + "/issues")));
        assertThat(trackerRepo.openIssues()).isEmpty();
    }

    @Test
    void aValueThatIsNoDurationIsAUsageErrorThatTouchesNothing() {
        for (String bad : List.of("soon", "PT-5S", "5 minutes", "")) {
            Result result = sync("--max-retry-wait", bad);

            assertThat(result.exit()).as(bad + ": " + result).isEqualTo(2);
            assertThat(result.err()).as(bad).contains("--max-retry-wait must");
        }
        github.server().verify(0, anyRequestedFor(anyUrl()));
        assertThat(dir.resolve("cache")).doesNotExist();
        assertThat(git.revParse(pub, "refs/heads/main")).isPresent();
    }
}
