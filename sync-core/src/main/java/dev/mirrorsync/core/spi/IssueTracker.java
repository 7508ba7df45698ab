package dev.mirrorsync.core.spi;

import dev.mirrorsync.core.MirrorSyncException;
import java.util.List;
import java.util.Optional;

/**
 * Where problems that need a human are filed: one open issue per problem key, updated rather than
 * duplicated, closed once the branch is back in sync.
 *
 * <p>Implemented by {@code GitHubIssueTracker}, the {@code file:} tracker and {@code RecordingIssueTracker};
 * a third party adds one through {@link IssueTrackerProvider} and checks it with {@code IssueTrackerContract}.
 * Methods throw {@link MirrorSyncException} (with {@code isRetryable()} for rate limits and 5xx answers).
 */
public interface IssueTracker {

    /** The open issue filed under {@code key}, if any. When several are open (filed by hand), the oldest. */
    Optional<TrackedIssue> findOpen(String key);

    /** Opens a new issue with the draft's title, body and labels (creating labels the tracker lacks). */
    IssueRef open(IssueDraft draft);

    /** Replaces the issue's title and body with the draft's and adds {@code comment} saying what changed. */
    void update(IssueRef issue, IssueDraft draft, String comment);

    /** Adds {@code comment} and closes the issue. Closing a closed issue is not an error. */
    void close(IssueRef issue, String comment);

    /**
     * Whether anyone may read the issues. A public tracker gets counts and ids of private-only commits, never
     * their subjects or authors. The default is the safe answer: public.
     */
    default boolean isPubliclyVisible() {
        return true;
    }

    /** Adds a comment to an open issue, for example to link the pull request that will resolve it. */
    default void comment(IssueRef issue, String comment) {
        throw new MirrorSyncException(MirrorSyncException.Reason.UNSUPPORTED, describe() + " cannot comment on issues");
    }

    /**
     * Whether this tracker could file mirror-sync's issues (open issues, create the labels it lacks), asked without
     * changing anything: for {@code mirror-sync sync --check}. The default cannot tell and says so.
     *
     * @throws MirrorSyncException when the tracker cannot be reached or read at all
     */
    default List<AccessCheck> checkAccess() {
        return List.of(AccessCheck.notChecked("issues", describe() + " cannot tell without filing an issue"));
    }

    /**
     * The code host this tracker files in (its repository, pull requests, branch protection), when it has one: a
     * role of its own, so that a tracker of issues alone implements nothing it cannot do. The default: none.
     */
    default Optional<CodeHost> codeHost() {
        return Optional.empty();
    }

    /** A short description for output, without credentials: {@code github:owner/repo}, {@code file:/tmp/issues}. */
    default String describe() {
        return getClass().getSimpleName();
    }
}
