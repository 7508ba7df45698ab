package dev.mirrorsync.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorsync.core.BranchReport;
import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.IssueAction;
import dev.mirrorsync.core.MirrorPair;
import dev.mirrorsync.core.MirrorSync;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.SyncRequest;
import dev.mirrorsync.core.spi.IssueDraft;
import dev.mirrorsync.core.spi.IssueRef;
import dev.mirrorsync.core.spi.IssueTracker;
import dev.mirrorsync.core.spi.TrackedIssue;
import dev.mirrorsync.testing.FaultProxy;
import dev.mirrorsync.testing.InMemoryGitBackend;
import dev.mirrorsync.testing.RecordingSleeper;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The two cases {@link GitHubTrackerFaultTest} found, pinned: an answer cut off after GitHub did the work is a
 * retryable network failure, not an internal error; and a retried open looks for the issue first, so a problem is
 * never filed twice when only the answer to the first open was lost.
 */
class LostAnswerTest {
    private FakeGitHub github;
    private FakeGitHub.Repo repo;

    @BeforeEach
    void start() {
        github = new FakeGitHub();
        repo = github.repository("acme/cookbooks-private", "private");
    }

    @AfterEach
    void stop() {
        github.close();
    }

    @Test
    void aSuccessWhoseBodyWasCutOffIsARetryableNetworkFailure() {
        github.server()
                .stubFor(get(urlPathEqualTo("/repos/acme/cookbooks-private/issues"))
                        .atPriority(1)
                        .willReturn(aResponse()
                                .withStatus(200)
                                .withHeader("Content-Type", "application/json")
                                .withBody("[{\"number\": 1, \"tit")));
        assertThatThrownBy(() -> github.tracker("acme/cookbooks-private").findOpen("mirror-sync:p:main"))
                .isInstanceOfSatisfying(MirrorSyncException.class, e -> {
                    assertThat(e.reason()).isEqualTo(MirrorSyncException.Reason.NETWORK);
                    assertThat(e.isRetryable()).isTrue();
                    assertThat(e.getMessage()).contains("broke off").doesNotContain(FakeGitHub.TOKEN);
                });
    }

    /* The headers arrive, the body stops (a black hole): the request timeout is over, the deadline still holds. */
    @Test
    void anAnswerWhoseBodyStallsEndsWithinTheTimeout() throws Exception {
        try (FaultProxy proxy = FaultProxy.start("127.0.0.1", github.server().port(), 1, Duration.ofSeconds(60))) {
            // A listing long enough (twenty issues, many KiB) that the stall at 4 KiB lands in its body, past the
            // headers.
            for (int i = 0; i < 20; i++) {
                StringBuilder text = new StringBuilder();
                Random random = new Random(i);
                for (int k = 0; k < 40; k++) {
                    text.append(Long.toHexString(random.nextLong())).append(' ');
                }
                repo.issue("issue " + i, text.toString(), "open", List.of("sync-failure"), false);
            }
            proxy.script(FaultProxy.Fault.STALL, FaultProxy.Direction.ANSWER, 4096);
            GitHubIssueTracker tracker = GitHubIssueTracker.builder()
                    .endpoint("http://127.0.0.1:" + proxy.port())
                    .repository("acme/cookbooks-private")
                    .token(FakeGitHub.TOKEN)
                    .tokenVariable("GITHUB_TOKEN")
                    .timeout(Duration.ofSeconds(1))
                    .build();
            assertThatThrownBy(() -> tracker.findOpen("mirror-sync:p:main"))
                    .isInstanceOfSatisfying(MirrorSyncException.class, e -> {
                        assertThat(e.reason()).as(e.getMessage()).isEqualTo(MirrorSyncException.Reason.NETWORK);
                        assertThat(e.getMessage()).contains("did not arrive in full within 1000 ms");
                    });
            assertThat(proxy.fired()).containsEntry(FaultProxy.Fault.STALL, 1);
        }
    }

    /*
     *   private:  B - x       public:  B - y      (diverged: one issue)
     *   the first open reaches GitHub, its answer does not
     */
    @Test
    void anOpenWhoseAnswerWasLostIsNotFiledTwice() {
        String priv = "https://git.example.invalid/acme/cookbooks-private.git";
        String pub = "https://git.example.invalid/acme/cookbooks.git";
        InMemoryGitBackend world = diverged(priv, pub);
        GitHubIssueTracker real = github.tracker("acme/cookbooks-private");
        AtomicInteger opens = new AtomicInteger();
        IssueTracker answerLost = new IssueTracker() {
            @Override
            public Optional<TrackedIssue> findOpen(String key) {
                return real.findOpen(key);
            }

            @Override
            public IssueRef open(IssueDraft draft) {
                IssueRef ref = real.open(draft);
                if (opens.incrementAndGet() == 1) {
                    throw new MirrorSyncException(
                            MirrorSyncException.Reason.NETWORK, "the answer was lost on the way back");
                }
                return ref;
            }

            @Override
            public void update(IssueRef issue, IssueDraft draft, String comment) {
                real.update(issue, draft, comment);
            }

            @Override
            public void close(IssueRef issue, String comment) {
                real.close(issue, comment);
            }

            @Override
            public boolean isPubliclyVisible() {
                return real.isPubliclyVisible();
            }
        };
        MirrorPair pair = MirrorPair.builder()
                .name("cookbooks")
                .privateRepo(RepoLocation.of(priv))
                .publicRepo(RepoLocation.of(pub))
                .addBranches("main")
                .build();

        BranchReport report = MirrorSync.builder()
                .gitBackend(world)
                .issueTracker(answerLost)
                .sleeper(new RecordingSleeper())
                .build()
                .sync(pair, SyncRequest.defaults())
                .branches()
                .get(0);

        assertThat(report.issueAction()).isEqualTo(IssueAction.OPENED);
        assertThat(report.failure()).isEmpty();
        assertThat(repo.openIssues()).as("one issue for the one problem").hasSize(1);
        assertThat(opens)
                .as("the retry found the issue instead of opening another")
                .hasValue(1);
    }

    /** Two in-memory remotes whose {@code main} diverged: {@code B - x} on {@code priv}, {@code B - y} on {@code pub}. */
    static InMemoryGitBackend diverged(String priv, String pub) {
        InMemoryGitBackend world = new InMemoryGitBackend();
        world.createRemote(priv);
        world.createRemote(pub);
        CommitId base = world.commit(priv, "main", "base");
        world.setRef(pub, "refs/heads/main", Optional.of(base));
        world.commit(priv, "main", "x");
        world.commit(pub, "main", "y");
        return world;
    }
}
