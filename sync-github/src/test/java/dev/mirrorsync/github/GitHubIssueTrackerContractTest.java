package dev.mirrorsync.github;

import dev.mirrorsync.core.spi.IssueTracker;
import dev.mirrorsync.testing.IssueTrackerContract;
import org.junit.jupiter.api.AfterEach;

/** The shared tracker contract, for the real github-api client against {@link FakeGitHub} over HTTP. */
class GitHubIssueTrackerContractTest extends IssueTrackerContract {
    private FakeGitHub github;

    @Override
    protected IssueTracker newTracker() {
        github = new FakeGitHub();
        github.repository("acme/cookbooks-private", "private");
        return github.tracker("acme/cookbooks-private");
    }

    @AfterEach
    void stopGitHub() {
        github.close();
    }
}
