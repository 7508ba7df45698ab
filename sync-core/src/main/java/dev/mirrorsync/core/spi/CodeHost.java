package dev.mirrorsync.core.spi;

import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.RepoLocation;
import java.util.Locale;

/**
 * The code host behind a tracker, a role of its own beside {@link IssueTracker}: the repository the tracker files
 * in, stated as data, the pull requests proposed there ({@code resolve} through a pull request where a branch is
 * protected) and the branch protection that guards it. A tracker that has one returns it from
 * {@link IssueTracker#codeHost()}; trackers without a code host (files, chat) keep that method's empty default.
 *
 * <p>Implemented by {@code GitHubIssueTracker} and {@code RecordingIssueTracker}. Methods throw
 * {@link MirrorSyncException}, with {@code isRetryable()} for rate limits and 5xx answers.
 */
public interface CodeHost {

    /** The repository the tracker files in, as {@code OWNER/REPO}. */
    String repository();

    /**
     * Opens a pull request in {@link #repository()} that proposes merging {@code headBranch} into
     * {@code baseBranch}, or returns the one that is open already for the same branches.
     */
    IssueRef openPullRequest(String headBranch, String baseBranch, String title, String body);

    /**
     * Whether a push to {@code branch} of {@link #repository()} would meet a branch protection rule; best effort,
     * read-only. The default cannot tell and says so.
     *
     * @throws MirrorSyncException when the host cannot be reached or read at all
     */
    default AccessCheck checkBranchProtection(String branch) {
        return AccessCheck.notChecked("branch protection of " + branch, repository() + " does not know branch protection");
    }

    /**
     * Whether {@code repo} (one side of a pair) is {@link #repository()}: its URL, without a trailing {@code /} or
     * {@code .git}, ends with {@code /OWNER/REPO} or {@code :OWNER/REPO} (scp-like), compared without case.
     */
    default boolean hosts(RepoLocation repo) {
        String name = repository().toLowerCase(Locale.ROOT);
        if (!name.matches("[^/\\s]+/[^/\\s]+")) {
            return false;
        }
        String url = repo.url().toLowerCase(Locale.ROOT).replaceAll("/+$", "").replaceAll("\\.git$", "");
        return url.endsWith("/" + name) || url.endsWith(":" + name);
    }
}
