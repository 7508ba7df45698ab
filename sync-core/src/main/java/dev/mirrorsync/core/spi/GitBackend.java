package dev.mirrorsync.core.spi;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.CommitList;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.RepoLocation;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Git as the engine sees it: remotes it can list and fetch from and push to with leases, and a local
 * object store (a cache) in which it answers ancestry questions about what it fetched.
 *
 * <p>Implemented by {@code JGitBackend} (sync-jgit) and {@code InMemoryGitBackend} (sync-testing); every
 * implementation passes {@code GitBackendContract}. Implementations are used from one thread at a time
 * per instance unless they document otherwise.
 *
 * <p>Every method throws {@link MirrorSyncException} with a {@link MirrorSyncException.Reason} for failures;
 * a rejected push is a {@link PushResult}, not an exception. No method ever updates a remote ref without a
 * lease, and none writes credentials into a message, a log line or the cache's configuration.
 */
public interface GitBackend {

    /**
     * Lists the current values of the named refs on a remote from its ref advertisement, fetching nothing.
     * Refs that do not exist are absent from the answer.
     *
     * @param refNames full ref names, for example {@code refs/heads/main}
     */
    Map<String, CommitId> listRefs(RepoLocation repo, Collection<String> refNames);

    /**
     * Brings the named refs' commits and everything they reach into the local store. Refs that do not
     * exist on the remote are skipped. Fetching what is already local transfers nothing.
     */
    void fetch(RepoLocation repo, Collection<String> refNames);

    /**
     * Whether {@code ancestor} is reachable from {@code descendant} (a commit is its own ancestor).
     * {@code descendant} must be in the local store; an {@code ancestor} that is not local is no ancestor.
     */
    boolean isAncestor(CommitId ancestor, CommitId descendant);

    /** The best common ancestor of two local commits, or empty when they share no history. */
    Optional<CommitId> mergeBase(CommitId a, CommitId b);

    /**
     * The commits reachable from {@code tip} and from none of {@code excluded}, newest first: at most
     * {@code limit} listed, the exact total counted. Excluded ids that are not local are ignored.
     */
    CommitList commitsOnlyIn(CommitId tip, Collection<CommitId> excluded, int limit);

    /**
     * As {@link #commitsOnlyIn(CommitId, Collection, int)}, but counting stops after {@code countCap} commits: with
     * more, the total is {@code countCap} and {@link CommitList#totalIsLowerBound()} is set ("N+"). A report of a
     * branch created from a deep history needs its newest commits, not the exact depth. Backends override this to
     * stop walking at the cap; this default counts everything and then caps.
     */
    default CommitList commitsOnlyIn(CommitId tip, Collection<CommitId> excluded, int limit, long countCap) {
        return commitsOnlyIn(tip, excluded, limit).cappedAt(countCap);
    }

    /** Pushes one leased ref update (see {@link RefUpdate}); the new commit must be in the local store. */
    PushResult push(RepoLocation repo, RefUpdate update);

    /**
     * Checks, changing nothing, that a push to {@code repo} with its credentials would be allowed: opens a push
     * connection (a smart-HTTP or SSH server checks the receive-pack authorization before it advertises its refs) and
     * closes it without sending an update. For {@code mirror-sync sync --check}. A branch protection rule is not seen
     * this way: the server applies it to each update.
     *
     * @throws MirrorSyncException with {@code AUTHENTICATION}, {@code PERMISSION}, {@code NOT_FOUND} or {@code NETWORK}
     *     when the push would be refused; with {@code UNSUPPORTED} from backends that cannot tell (this default),
     *     which callers report as "not checked", never as a pass
     */
    default void checkPushAccess(RepoLocation repo) {
        throw new MirrorSyncException(MirrorSyncException.Reason.UNSUPPORTED,
                getClass().getSimpleName() + " cannot check push access without pushing");
    }

    /**
     * Merges two local commits in memory, without a work tree, and when the merge is clean writes the merge
     * commit to the local store (it is not pushed). Backends that cannot merge keep this default.
     */
    default MergeResult merge(CommitId ours, CommitId theirs, MergeRequest request) {
        throw new MirrorSyncException(MirrorSyncException.Reason.UNSUPPORTED,
                getClass().getSimpleName() + " cannot merge in memory");
    }
}
