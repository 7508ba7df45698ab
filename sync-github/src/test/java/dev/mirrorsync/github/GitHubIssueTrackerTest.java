package dev.mirrorsync.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.MirrorSyncException.Reason;
import dev.mirrorsync.core.spi.IssueDraft;
import dev.mirrorsync.core.spi.IssueRef;
import dev.mirrorsync.core.spi.TrackedIssue;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The real github-api client, through {@link GitHubIssueTracker}, against {@link FakeGitHub} over HTTP. */
class GitHubIssueTrackerTest {
    private static final String REPO = "acme/cookbooks-private";
    private static final String KEY = "mirror-sync:cookbooks:main";

    private FakeGitHub github;
    private FakeGitHub.Repo repo;
    private GitHubIssueTracker tracker;

    @BeforeEach
    void start() {
        github = new FakeGitHub();
        repo = github.repository(REPO, "private");
        tracker = github.tracker(REPO);
    }

    @AfterEach
    void stop() {
        github.close();
    }

    private static IssueDraft draft(String key, String title, String situation) {
        return IssueDraft.builder()
                .key(key)
                .title(title)
                .body("<!-- " + key + " -->\n\nmirror-sync could not keep `main` in sync: **" + situation + "**.\n")
                .labels(List.of("sync-failure", "urgent"))
                .build();
    }

    @Test
    void opensAnIssueAndCreatesTheLabelsTheRepositoryLacks() {
        IssueRef ref = tracker.open(draft(KEY, "mirror-sync: main diverged (cookbooks)", "diverged"));

        assertThat(ref.id()).isEqualTo("1");
        assertThat(ref.url()).contains("https://github.com/" + REPO + "/issues/1");
        FakeGitHub.Issue issue = repo.issues.get(1);
        assertThat(issue.title).isEqualTo("mirror-sync: main diverged (cookbooks)");
        assertThat(issue.body).startsWith("<!-- " + KEY + " -->");
        assertThat(issue.labels).containsExactly("sync-failure", "urgent");
        assertThat(repo.labels).containsOnlyKeys("sync-failure", "urgent");
        assertThat(repo.labels.get("sync-failure")).containsEntry("color", "b60205");
        github.server().verify(2, postRequestedFor(urlPathEqualTo("/repos/" + REPO + "/labels")));
        // An installation token cannot call GET /user: the client must not need it.
        github.server().verify(0, anyRequestedFor(urlPathMatching("/user.*")));
    }

    /* Only GitHub's errors[].code "already_exists" means another client created the label first. */
    @Test
    void aLabelCreatedByAnotherClientMeanwhileIsUsed() {
        repo.labelsCreatedConcurrently = true;
        tracker.open(draft(KEY, "mirror-sync: main diverged (cookbooks)", "diverged"));
        assertThat(repo.issues.get(1).labels).containsExactly("sync-failure", "urgent");
    }

    @Test
    void anyOther422OnCreatingALabelIsARealErrorAndNoIssueIsOpened() {
        repo.labelColorError = "invalid";
        assertThatThrownBy(() -> tracker.open(draft(KEY, "mirror-sync: main diverged (cookbooks)", "diverged")))
                .isInstanceOfSatisfying(MirrorSyncException.class, e -> {
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.getMessage())
                            .contains("creating the labels")
                            .contains("422")
                            .contains("color")
                            .contains("invalid");
                });
        assertThat(repo.issues).isEmpty();
    }

    @Test
    void labelsThatExistAreNotCreatedAgainAndAreCheckedOnlyOnce() {
        repo.label("sync-failure");
        tracker.open(draft(KEY, "t1", "diverged"));
        tracker.open(draft("mirror-sync:cookbooks:dev", "t2", "diverged"));

        github.server().verify(1, postRequestedFor(urlPathEqualTo("/repos/" + REPO + "/labels")));
        github.server().verify(1, getRequestedFor(urlPathEqualTo("/repos/" + REPO + "/labels/urgent")));
        github.server().verify(1, getRequestedFor(urlPathEqualTo("/repos/" + REPO)));
        assertThat(repo.labels).containsOnlyKeys("sync-failure", "urgent");
    }

    @Test
    void aDraftWithoutTheMarkerStillGetsOneSoThatItIsFoundAgain() {
        IssueDraft bare = IssueDraft.builder()
                .key(KEY)
                .title("t")
                .body("no marker here")
                .addLabels("urgent")
                .build();
        IssueRef ref = tracker.open(bare);

        assertThat(repo.issues.get(1).labels).contains("sync-failure", "urgent");
        assertThat(tracker.findOpen(KEY)).map(TrackedIssue::ref).contains(ref);
    }

    @Test
    void findOpenPagesThroughOpenIssuesAndReturnsTheOldestWithTheMarker() {
        github.pageSize(2);
        String marker = "<!-- " + KEY + " -->";
        repo.issue("unrelated", "text", "open", List.of("sync-failure"), false); // #1
        repo.issue("a prefix key", "<!-- " + KEY + "2 -->", "open", List.of("sync-failure"), false); // #2
        repo.issue("closed one", marker, "closed", List.of("sync-failure"), false); // #3
        repo.issue("a pull request", marker, "open", List.of("sync-failure"), true); // #4
        repo.issue("no label", marker, "open", List.of("bug"), false); // #5
        repo.issue("the one", marker + "\nbody", "open", List.of("sync-failure"), false); // #6
        repo.issue("a copy filed by hand", marker, "open", List.of("sync-failure", "urgent"), false); // #7

        Optional<TrackedIssue> found = tracker.findOpen(KEY);

        assertThat(found).isPresent();
        assertThat(found.get().ref().id()).isEqualTo("6");
        assertThat(found.get().ref().url()).contains("https://github.com/" + REPO + "/issues/6");
        assertThat(found.get().title()).isEqualTo("the one");
        assertThat(found.get().body()).isEqualTo(marker + "\nbody");
        // five open issues carry the label (#1, #2, #4, #6, #7): three pages of two
        github.server().verify(3, getRequestedFor(urlPathEqualTo("/repos/" + REPO + "/issues")));
        assertThat(tracker.findOpen("mirror-sync:cookbooks:dev")).isEmpty();
    }

    @Test
    void repeatedRunsKeepOneIssuePerKey() {
        for (int run = 0; run < 3; run++) {
            for (String key : List.of(KEY, "mirror-sync:cookbooks:release")) {
                IssueDraft draft = draft(key, "mirror-sync: diverged", "diverged");
                Optional<TrackedIssue> open = tracker.findOpen(key);
                if (open.isEmpty()) {
                    tracker.open(draft);
                } else {
                    assertThat(open.get().body()).isEqualTo(draft.body()); // an unchanged situation: an identical body
                }
            }
        }
        assertThat(repo.openIssues()).hasSize(2);
        assertThat(repo.openIssues())
                .extracting(i -> i.body)
                .anySatisfy(b -> assertThat(b).contains("<!-- " + KEY + " -->"))
                .anySatisfy(b -> assertThat(b).contains("<!-- mirror-sync:cookbooks:release -->"));
    }

    @Test
    void updateReplacesTitleAndBodyAndComments() {
        IssueRef ref = tracker.open(draft(KEY, "mirror-sync: main diverged (cookbooks)", "diverged"));
        IssueDraft changed = draft(KEY, "mirror-sync: main unrelated histories (cookbooks)", "unrelated histories");

        tracker.update(ref, changed, "The situation changed: now unrelated histories.");

        FakeGitHub.Issue issue = repo.issues.get(1);
        assertThat(issue.title).isEqualTo(changed.title());
        assertThat(issue.body).isEqualTo(changed.body());
        assertThat(issue.comments).containsExactly("The situation changed: now unrelated histories.");
        assertThat(tracker.findOpen(KEY)).get().satisfies(t -> {
            assertThat(t.title()).isEqualTo(changed.title());
            assertThat(t.body()).isEqualTo(changed.body());
        });
    }

    @Test
    void updateLeavesAnUnchangedTitleAlone() {
        IssueRef ref = tracker.open(draft(KEY, "same title", "diverged"));
        tracker.update(ref, draft(KEY, "same title", "private side rewritten"), "changed");

        github.server().verify(1, patchRequestedFor(urlEqualTo("/repos/" + REPO + "/issues/1")));
        assertThat(repo.issues.get(1).body).contains("private side rewritten");
    }

    @Test
    void closeCommentsAndClosesAndClosingAgainIsHarmless() {
        IssueRef ref = tracker.open(draft(KEY, "t", "diverged"));

        tracker.close(ref, "Back in sync. Closed by mirror-sync.");
        tracker.close(ref, "Back in sync. Closed by mirror-sync.");

        FakeGitHub.Issue issue = repo.issues.get(1);
        assertThat(issue.state).isEqualTo("closed");
        assertThat(issue.comments).containsExactly("Back in sync. Closed by mirror-sync.");
        assertThat(tracker.findOpen(KEY)).isEmpty();
    }

    @Test
    void anIssueThatIsNotThereIsNotFound() {
        MirrorSyncException e =
                catchThrowableOfType(MirrorSyncException.class, () -> tracker.close(IssueRef.of("42"), "done"));
        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThatThrownBy(() -> tracker.update(IssueRef.of("#x"), draft(KEY, "t", "d"), "c"))
                .isInstanceOf(MirrorSyncException.class)
                .hasMessageContaining("not an issue number")
                .extracting(t -> ((MirrorSyncException) t).reason())
                .isEqualTo(Reason.INVALID_INPUT);
    }

    @Test
    void commentsOnAnIssueWithoutChangingIt() {
        IssueDraft draft = draft(KEY, "t", "diverged");
        IssueRef ref = tracker.open(draft);

        tracker.comment(ref, "Pull request #9 proposes the merge that resolves this.");

        assertThat(repo.issues.get(1).comments)
                .containsExactly("Pull request #9 proposes the merge that resolves this.");
        assertThat(tracker.findOpen(KEY)).get().extracting(TrackedIssue::body).isEqualTo(draft.body());
    }

    @Test
    void opensAPullRequestOnceForTheSameBranches() {
        IssueRef pr = tracker.openPullRequest(
                "mirror-sync/resolve-main",
                "main",
                "mirror-sync: merge private and public main",
                "This merges private `main` and public `main`.");
        IssueRef again = tracker.openPullRequest("mirror-sync/resolve-main", "main", "t", "b");
        IssueRef other = tracker.openPullRequest("mirror-sync/resolve-dev", "dev", "t", "b");

        assertThat(pr.id()).isEqualTo("1");
        assertThat(pr.url()).contains("https://github.com/" + REPO + "/pull/1");
        assertThat(again).isEqualTo(pr);
        assertThat(other.id()).isEqualTo("2");
        FakeGitHub.Issue opened = repo.issues.get(1);
        assertThat(opened.pullRequest).isTrue();
        assertThat(opened.head).isEqualTo("mirror-sync/resolve-main");
        assertThat(opened.base).isEqualTo("main");
        assertThat(opened.title).isEqualTo("mirror-sync: merge private and public main");
        // A pull request is never mistaken for the branch's issue.
        assertThat(tracker.findOpen(KEY)).isEmpty();
    }

    @Test
    void aTokenThatMayNotOpenPullRequestsIsTold() {
        repo.readOnly = true;

        MirrorSyncException e = failureOf(() -> tracker.openPullRequest("mirror-sync/resolve-main", "main", "t", "b"));

        assertThat(e.reason()).isEqualTo(Reason.PERMISSION);
        assertThat(e.getMessage()).contains("Pull requests: Read and write", "pull-requests: write");
    }

    @ParameterizedTest(name = "private={0}, visibility={1} -> public {2}")
    @CsvSource({
        "public, public, true",
        "private, private, false",
        "internal, internal, true",
        "private, , false",
        "public, , true"
    })
    void visibilityComesFromTheRepository(String visibility, String field, boolean publiclyVisible) {
        FakeGitHub.Repo other = github.repository("acme/other", visibility);
        other.visibilityFieldMissing = field == null;
        assertThat(github.tracker("acme/other").isPubliclyVisible()).isEqualTo(publiclyVisible);
    }

    @Test
    void describesItselfWithoutTheToken() {
        assertThat(tracker.describe()).isEqualTo("github:" + REPO);
        assertThat(tracker.toString()).contains(REPO).doesNotContain(FakeGitHub.TOKEN);
    }

    // ---- failures -------------------------------------------------------------------------------------

    private MirrorSyncException failureOf(Runnable call) {
        MirrorSyncException e = catchThrowableOfType(MirrorSyncException.class, call::run);
        assertThat(e).as("a MirrorSyncException").isNotNull();
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(FakeGitHub.TOKEN);
        }
        return e;
    }

    @Test
    void anExhaustedRateLimitIsRetryableAndSaysWhenItResets() {
        github.server()
                .stubFor(get(urlPathEqualTo("/repos/" + REPO + "/issues"))
                        .atPriority(1)
                        .inScenario("limit")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willSetStateTo("reset")
                        .willReturn(aResponse()
                                .withStatus(403)
                                .withHeader("Content-Type", "application/json")
                                .withHeader("x-ratelimit-limit", "5000")
                                .withHeader("x-ratelimit-remaining", "0")
                                .withHeader("x-ratelimit-reset", "1893456000")
                                .withBody(FakeGitHub.errorBody("API rate limit exceeded for installation ID 1."))));

        MirrorSyncException e = failureOf(() -> tracker.findOpen(KEY));

        assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getMessage()).contains("rate limit", "GITHUB_TOKEN", "2030-01-01T00:00:00Z");
        // The limit has reset: the next attempt (the engine's retrier makes it) goes through.
        assertThat(tracker.findOpen(KEY)).isEmpty();
    }

    @Test
    void tooManyRequestsIsRateLimited() {
        github.server()
                .stubFor(post(urlPathEqualTo("/repos/" + REPO + "/issues"))
                        .atPriority(1)
                        .willReturn(aResponse()
                                .withStatus(429)
                                .withHeader("Retry-After", "60")
                                .withBody(FakeGitHub.errorBody("You have exceeded a secondary rate limit."))));
        repo.label("sync-failure");
        repo.label("urgent");

        MirrorSyncException e = failureOf(() -> tracker.open(draft(KEY, "t", "d")));

        assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED);
        assertThat(e.getMessage()).contains("secondary rate limit", "retry after 60 s");
        assertThat(repo.issues).isEmpty();
    }

    @Test
    void aSecondaryLimitOn403IsRateLimitedWithOrWithoutRetryAfter() {
        github.server()
                .stubFor(get(urlPathEqualTo("/repos/" + REPO + "/issues"))
                        .atPriority(1)
                        .inScenario("secondary")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willSetStateTo("second")
                        .willReturn(aResponse()
                                .withStatus(403)
                                .withHeader("retry-after", "30")
                                .withBody(FakeGitHub.errorBody("You have exceeded a secondary rate limit."))));
        github.server()
                .stubFor(get(urlPathEqualTo("/repos/" + REPO + "/issues"))
                        .atPriority(1)
                        .inScenario("secondary")
                        .whenScenarioStateIs("second")
                        .willSetStateTo("done")
                        .willReturn(aResponse()
                                .withStatus(403)
                                .withBody(FakeGitHub.errorBody(
                                        "You have exceeded a secondary rate limit. Please wait a few minutes."))));

        assertThat(failureOf(() -> tracker.findOpen(KEY)).reason()).isEqualTo(Reason.RATE_LIMITED);
        MirrorSyncException noHeader = failureOf(() -> tracker.findOpen(KEY));
        assertThat(noHeader.reason()).isEqualTo(Reason.RATE_LIMITED);
        assertThat(noHeader.isRetryable()).isTrue();
        assertThat(tracker.findOpen(KEY)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"500", "502", "503", "504"})
    void serverErrorsAreRetryable(int status) {
        github.server()
                .stubFor(get(urlPathEqualTo("/repos/" + REPO + "/issues"))
                        .atPriority(1)
                        .willReturn(aResponse()
                                .withStatus(status)
                                .withHeader("Content-Type", "text/html")
                                .withBody("<html><head><title>Unicorn! · GitHub</title></head></html>")));

        MirrorSyncException e = failureOf(() -> tracker.findOpen(KEY));

        assertThat(e.reason()).isEqualTo(Reason.SERVER_ERROR);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getMessage()).contains(Integer.toString(status), REPO).doesNotContain("<html>");
    }

    @Test
    void aBadTokenIsAnAuthenticationFailureNamingTheVariable() {
        GitHubIssueTracker wrongToken = GitHubIssueTracker.builder()
                .endpoint(github.endpoint())
                .repository(REPO)
                .token("ghp_wrongwrongwrong")
                .tokenVariable("GITHUB_TOKEN")
                .build();

        MirrorSyncException e = catchThrowableOfType(MirrorSyncException.class, () -> wrongToken.findOpen(KEY));

        assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION);
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage())
                .contains("GITHUB_TOKEN is missing, wrong or expired")
                .doesNotContain("ghp_wrongwrongwrong");
    }

    @Test
    void aTokenWithoutIssuesWriteIsAPermissionFailureNamingThePermission() {
        repo.readOnly = true;

        MirrorSyncException e = failureOf(() -> tracker.open(draft(KEY, "t", "d")));

        assertThat(e.reason()).isEqualTo(Reason.PERMISSION);
        assertThat(e.isRetryable()).isFalse();
        assertThat(e.getMessage())
                .contains(
                        "labels",
                        "Issues: Read and write",
                        "GITHUB_TOKEN",
                        "Resource not accessible by personal access token");

        repo.label("sync-failure");
        repo.label("urgent");
        MirrorSyncException onIssue = failureOf(() -> tracker.open(draft(KEY, "t", "d")));
        assertThat(onIssue.reason()).isEqualTo(Reason.PERMISSION);
        assertThat(onIssue.getMessage()).contains("opening an issue", "Issues: Read and write");
    }

    @Test
    void aTokenEchoedBackByTheServerIsMaskedInTheMessage() {
        github.server()
                .stubFor(get(urlPathEqualTo("/repos/" + REPO + "/issues"))
                        .atPriority(1)
                        .willReturn(aResponse()
                                .withStatus(403)
                                .withBody(FakeGitHub.errorBody("token " + FakeGitHub.TOKEN + " may not list issues"))));

        MirrorSyncException e = catchThrowableOfType(MirrorSyncException.class, () -> tracker.findOpen(KEY));

        assertThat(e.reason()).isEqualTo(Reason.PERMISSION);
        assertThat(e.getMessage())
                .contains("token **** may not list issues", "Issues: Read")
                .doesNotContain(FakeGitHub.TOKEN);
    }

    @Test
    void aMissingRepositoryIsNotFound() {
        GitHubIssueTracker missing = github.tracker("acme/does-not-exist");

        MirrorSyncException e = failureOf(() -> missing.findOpen(KEY));

        assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND);
        assertThat(e.getMessage()).contains("acme/does-not-exist", "not found", "GITHUB_TOKEN", "cannot see it");
        assertThat(failureOf(missing::isPubliclyVisible).reason()).isEqualTo(Reason.NOT_FOUND);
    }

    @Test
    void disabledIssuesAreReportedAsSuch() {
        github.server()
                .stubFor(post(urlPathEqualTo("/repos/" + REPO + "/issues"))
                        .atPriority(1)
                        .willReturn(aResponse()
                                .withStatus(410)
                                .withBody(FakeGitHub.errorBody("Issues are disabled for this repo"))));
        repo.label("sync-failure");
        repo.label("urgent");

        MirrorSyncException e = failureOf(() -> tracker.open(draft(KEY, "t", "d")));

        assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED);
        assertThat(e.getMessage()).contains("issues are disabled");
    }

    @Test
    void anUnreachableGitHubIsANetworkFailure() {
        String endpoint = github.endpoint();
        github.close();
        GitHubIssueTracker unreachable = GitHubIssueTracker.builder()
                .endpoint(endpoint)
                .repository(REPO)
                .token(FakeGitHub.TOKEN)
                .build();

        MirrorSyncException e = failureOf(() -> unreachable.findOpen(KEY));

        assertThat(e.reason()).isEqualTo(Reason.NETWORK);
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.getMessage()).contains(endpoint);
    }

    @Test
    void aGitHubThatDoesNotAnswerTimesOut() {
        github.server()
                .stubFor(get(urlPathEqualTo("/repos/" + REPO))
                        .atPriority(1)
                        .willReturn(aResponse()
                                .withStatus(200)
                                .withFixedDelay(3_000)
                                .withBody("{}")));
        GitHubIssueTracker impatient = GitHubIssueTracker.builder()
                .endpoint(github.endpoint())
                .repository(REPO)
                .token(FakeGitHub.TOKEN)
                .timeout(Duration.ofMillis(500))
                .build();

        long start = System.nanoTime();
        MirrorSyncException e = failureOf(() -> impatient.findOpen(KEY));

        assertThat(e.reason()).isEqualTo(Reason.NETWORK);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2_900));
    }

    @Test
    void aFailedRepositoryReadIsNotRemembered() {
        github.server()
                .stubFor(get(urlPathEqualTo("/repos/" + REPO))
                        .atPriority(1)
                        .inScenario("blip")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willSetStateTo("ok")
                        .willReturn(aResponse().withStatus(502)));

        assertThat(failureOf(tracker::isPubliclyVisible).reason()).isEqualTo(Reason.SERVER_ERROR);
        assertThat(tracker.isPubliclyVisible()).isFalse();
        github.server().verify(2, getRequestedFor(urlPathEqualTo("/repos/" + REPO)));
    }

    @Test
    void everyRequestCarriesTheTokenAsATokenHeader() {
        tracker.open(draft(KEY, "t", "d"));
        github.server()
                .getAllServeEvents()
                .forEach(event -> assertThat(event.getRequest().getHeader("Authorization"))
                        .isEqualTo("token " + FakeGitHub.TOKEN));
        assertThat(github.server().getAllServeEvents()).isNotEmpty();
        github.server().verify(0, anyRequestedFor(anyUrl()).withHeader("Authorization", WireMock.absent()));
    }
}
