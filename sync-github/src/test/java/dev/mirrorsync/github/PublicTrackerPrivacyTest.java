package dev.mirrorsync.github;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.core.BranchReport;
import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.IssueAction;
import dev.mirrorsync.core.MirrorPair;
import dev.mirrorsync.core.MirrorSync;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.RetryPolicy;
import dev.mirrorsync.core.SyncRequest;
import dev.mirrorsync.core.SyncState;
import dev.mirrorsync.testing.InMemoryGitBackend;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * No private detail in a public tracker, end to end: the engine on an in-memory pair, the real github-api client,
 * and a fake GitHub whose repository JSON says public or private. What reaches GitHub is what is checked.
 *
 * <pre>
 *   private:  B --- S        S: "acquire Northwind quietly" (private only)
 *              \
 *   public:     --- F        F: "fix the soup recipe"
 * </pre>
 */
class PublicTrackerPrivacyTest {
    private static final String PRIVATE_URL = "https://git.example.invalid/acme/cookbooks-private.git";
    private static final String PUBLIC_URL = "https://git.example.invalid/acme/cookbooks.git";
    private static final String SECRET_SUBJECT = "acquire Northwind quietly";

    private FakeGitHub github;
    private InMemoryGitBackend world;
    private CommitId secret;
    private MirrorPair pair;

    @BeforeEach
    void diverge() {
        github = new FakeGitHub();
        world = new InMemoryGitBackend();
        world.createRemote(PRIVATE_URL);
        world.createRemote(PUBLIC_URL);
        CommitId base = world.commit(PRIVATE_URL, "main", "base");
        world.setRef(PUBLIC_URL, "refs/heads/main", Optional.of(base));
        secret = world.commit(PRIVATE_URL, "main", SECRET_SUBJECT);
        world.commit(PUBLIC_URL, "main", "fix the soup recipe");
        pair = MirrorPair.builder()
                .name("cookbooks")
                .privateRepo(RepoLocation.of(PRIVATE_URL))
                .publicRepo(RepoLocation.of(PUBLIC_URL))
                .addBranches("main")
                .build();
    }

    @AfterEach
    void stop() {
        github.close();
    }

    private BranchReport syncFilingIn(String repository) {
        MirrorSync mirrorSync = MirrorSync.builder()
                .gitBackend(world)
                .issueTracker(github.tracker(repository))
                .retryPolicy(RetryPolicy.noRetries())
                .sleeper(d -> {})
                .build();
        return mirrorSync.sync(pair, SyncRequest.defaults()).branches().get(0);
    }

    @Test
    void anIssueInAPublicRepositoryListsPrivateCommitsByIdOnly() {
        FakeGitHub.Repo repo = github.repository("acme/cookbooks", "public");

        BranchReport report = syncFilingIn("acme/cookbooks");

        assertThat(report.state()).contains(SyncState.DIVERGED);
        assertThat(report.issueAction()).isEqualTo(IssueAction.OPENED);
        String body = repo.issues.get(1).body;
        assertThat(body).contains(secret.abbreviated(), "private commits are listed by id only", "fix the soup recipe");
        assertThat(body).doesNotContain("Northwind");
        assertThat(repo.issues.get(1).title).doesNotContain("Northwind");
    }

    @Test
    void anIssueInAPrivateRepositoryNamesThem() {
        FakeGitHub.Repo repo = github.repository("acme/cookbooks-private", "private");

        BranchReport report = syncFilingIn("acme/cookbooks-private");

        assertThat(report.issueAction()).isEqualTo(IssueAction.OPENED);
        assertThat(repo.issues.get(1).body).contains(secret.abbreviated(), "Northwind");
    }

    @Test
    void aSecondRunOverTheSameDivergenceLeavesTheOneIssueAlone() {
        FakeGitHub.Repo repo = github.repository("acme/cookbooks", "public");

        syncFilingIn("acme/cookbooks");
        BranchReport second = syncFilingIn("acme/cookbooks");

        assertThat(second.issueAction()).isEqualTo(IssueAction.NONE);
        assertThat(second.issue()).map(r -> r.id()).contains("1");
        assertThat(repo.openIssues()).hasSize(1);
        assertThat(repo.issues.get(1).comments).isEmpty();
    }
}
