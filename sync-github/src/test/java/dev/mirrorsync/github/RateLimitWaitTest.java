package dev.mirrorsync.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.mirrorsync.core.BranchReport;
import dev.mirrorsync.core.IssueAction;
import dev.mirrorsync.core.MirrorPair;
import dev.mirrorsync.core.MirrorSync;
import dev.mirrorsync.core.MirrorSyncException.Reason;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.SyncRequest;
import dev.mirrorsync.testing.InMemoryGitBackend;
import dev.mirrorsync.testing.RecordingSleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GitHub's rate limits honoured end to end (the real client, the engine's retrier, a fake GitHub over HTTP): a limit
 * that lifts within the bound is waited out exactly and the issue is filed; one that lasts longer ends the run at the
 * first refusal, saying when to run again, instead of trying three more times inside the window. A fixed clock and a
 * recording sleeper: nothing really waits.
 *
 * <pre>
 *   private:  B - x       public:  B - y      (diverged: one issue to open)
 * </pre>
 */
class RateLimitWaitTest {
    private static final String REPO = "acme/cookbooks-private";
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    private FakeGitHub github;
    private FakeGitHub.Repo repo;
    private final RecordingSleeper sleeper = new RecordingSleeper();

    @BeforeEach
    void start() {
        github = new FakeGitHub();
        repo = github.repository(REPO, "private");
        repo.label("sync-failure");
        repo.label("urgent");
    }

    @AfterEach
    void stop() {
        github.close();
    }

    private BranchReport syncDiverged() {
        String priv = "https://git.example.invalid/acme/cookbooks-private.git";
        String pub = "https://git.example.invalid/acme/cookbooks.git";
        InMemoryGitBackend world = LostAnswerTest.diverged(priv, pub);
        GitHubIssueTracker tracker = GitHubIssueTracker.builder()
                .endpoint(github.endpoint())
                .repository(REPO)
                .token(FakeGitHub.TOKEN)
                .tokenVariable("GITHUB_TOKEN")
                .timeout(Duration.ofSeconds(5))
                .clock(clock)
                .build();
        MirrorPair pair = MirrorPair.builder()
                .name("cookbooks")
                .privateRepo(RepoLocation.of(priv))
                .publicRepo(RepoLocation.of(pub))
                .addBranches("main")
                .build();
        return MirrorSync.builder()
                .gitBackend(world)
                .issueTracker(tracker)
                .sleeper(sleeper)
                .clock(clock)
                .build()
                .sync(pair, SyncRequest.defaults())
                .branches()
                .get(0);
    }

    private void firstOpenAnswers(ResponseDefinitionBuilder answer) {
        github.server()
                .stubFor(post(urlPathEqualTo("/repos/" + REPO + "/issues"))
                        .atPriority(1)
                        .inScenario("limit")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willSetStateTo("lifted")
                        .willReturn(answer));
    }

    @Test
    void aSecondaryLimitWithRetryAfterWithinTheBoundIsWaitedOutThenTheIssueIsFiled() {
        firstOpenAnswers(aResponse()
                .withStatus(429)
                .withHeader("Content-Type", "application/json")
                .withHeader("retry-after", "30")
                .withBody(FakeGitHub.errorBody("You have exceeded a secondary rate limit.")));

        BranchReport report = syncDiverged();

        assertThat(report.issueAction()).as(report.toString()).isEqualTo(IssueAction.OPENED);
        assertThat(sleeper.waits())
                .as("the wait GitHub asked for, and no retry before it")
                .containsExactly(Duration.ofSeconds(30));
        assertThat(repo.openIssues()).hasSize(1);
    }

    /* GitHub sends the primary limit as 429 too: with x-ratelimit-remaining 0 it lasts until x-ratelimit-reset. */
    @Test
    void aPrimaryLimitThatResetsInAnHourStopsAtTheFirstRefusalAndSaysWhenToRunAgain() {
        Instant reset = NOW.plusSeconds(3600);
        firstOpenAnswers(aResponse()
                .withStatus(429)
                .withHeader("Content-Type", "application/json")
                .withHeader("x-ratelimit-limit", "5000")
                .withHeader("x-ratelimit-remaining", "0")
                .withHeader("x-ratelimit-reset", Long.toString(reset.getEpochSecond()))
                .withBody(FakeGitHub.errorBody("API rate limit exceeded for installation ID 1.")));

        BranchReport report = syncDiverged();

        String text = report.toString();
        assertThat(report.failure()).as(text).contains(Reason.RATE_LIMITED);
        assertThat(report.message())
                .as(text)
                .contains("API rate limit for the token in GITHUB_TOKEN is used up")
                .contains(reset.toString())
                .contains("run again after");
        assertThat(sleeper.waits()).as("no wait, no retry inside the window").isEmpty();
        github.server().verify(1, postRequestedFor(urlPathEqualTo("/repos/" + REPO + "/issues")));
        assertThat(repo.openIssues()).isEmpty();
    }
}
