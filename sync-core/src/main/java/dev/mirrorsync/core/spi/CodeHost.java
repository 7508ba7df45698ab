package dev.mirrorsync.core.spi;

import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.PrintableText;
import dev.mirrorsync.core.RepoLocation;
import java.util.Locale;
import java.util.regex.Pattern;

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
    /** {@code OWNER/REPO}, as GitHub spells a repository. */
    Pattern OWNER_REPO = Pattern.compile("[A-Za-z0-9._-]{1,100}/[A-Za-z0-9._-]{1,100}");

    /**
     * Checks an {@code OWNER/REPO} value, for every place that takes one. The value ends up in API paths, so
     * {@code .} and {@code ..} are refused as well: {@code owner/..} would otherwise walk out of {@code /repos/owner/}.
     *
     * @param what what the value is, for the message: "the GitHub repository for issues"
     * @return {@code value}
     * @throws MirrorSyncException with {@code INVALID_INPUT}, saying what is wrong
     */
    static String checkRepository(String value, String what) {
        if (value == null || !OWNER_REPO.matcher(value).matches()) {
            throw new MirrorSyncException(
                    MirrorSyncException.Reason.INVALID_INPUT,
                    what
                            + " must be OWNER/REPO (letters, digits, '.', '_', '-'), got "
                            + (value == null ? "nothing" : "'" + PrintableText.of(value) + "'"));
        }
        for (String part : value.split("/")) {
            if (part.chars().allMatch(c -> c == '.')) {
                throw new MirrorSyncException(
                        MirrorSyncException.Reason.INVALID_INPUT,
                        what + " must be OWNER/REPO, and '" + part + "' is neither an owner nor a repository: got '"
                                + value + "'");
            }
        }
        return value;
    }

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
        return AccessCheck.notChecked(
                "branch protection of " + branch, repository() + " does not know branch protection");
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
