package dev.mirrorsync.core.spi;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.CommitList;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.RepoLocation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

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
     * As {@link #listRefs(RepoLocation, Collection)}, and also every ref whose name starts with one of {@code prefixes}
     * (for example {@code refs/heads/} for every branch): still one ref advertisement. The engine asks this when a pair
     * selects branches by pattern or syncs tags. Refs that are not commits (annotated tags) are listed with the id of
     * their tag object.
     *
     * <p>The default answers only when {@code prefixes} is empty; backends that can list by prefix override it.
     *
     * @throws MirrorSyncException with {@code UNSUPPORTED} from the default when prefixes are asked
     */
    default Map<String, CommitId> listRefs(
            RepoLocation repo, Collection<String> refNames, Collection<String> prefixes) {
        if (prefixes.isEmpty()) {
            return listRefs(repo, refNames);
        }
        throw new MirrorSyncException(
                MirrorSyncException.Reason.UNSUPPORTED,
                getClass().getSimpleName() + " cannot list refs by prefix (branch patterns and tags need it)");
    }

    /**
     * Brings the named refs' commits and everything they reach into the local store. Refs that do not
     * exist on the remote are skipped. Fetching what is already local transfers nothing.
     */
    void fetch(RepoLocation repo, Collection<String> refNames);

    /**
     * Brings refs just listed into the local store at the ids the listing gave ({@code refs}: full name to id, as
     * {@link #listRefs} answered). The engine fetches this way, so a backend can make the listing and the fetch one
     * conversation with the remote: reuse the listing's connection, or ask for the ids themselves, with no second ref
     * advertisement. The ids are what the engine planned with. A backend that fetches by name instead (the default, or a
     * backend whose server refused an id) brings the refs' current values: when a ref moved in between, the listed id
     * may then be missing from the local store, the engine's questions about it fail for this run, and the next run
     * lists the new value.
     *
     * <p>The default fetches by name ({@link #fetch(RepoLocation, Collection)}).
     */
    default void fetchListed(RepoLocation repo, Map<String, CommitId> refs) {
        fetch(repo, refs.keySet());
    }

    /**
     * As {@link #fetchListed(RepoLocation, Map)}, where the caller knows more: every commit reachable from
     * {@code boundary} (one ref of {@code repo}, full name to its listed id) is also on the side the fetched commits will
     * be pushed to. The engine says so when one side's tip is the last synced commit and the other side's branch moved
     * on from it: a fast-forward's history beyond the watermark is all that is new.
     *
     * <p>A backend may then bring into an empty local store only the commits the refs reach beyond the boundary, with
     * the boundary commits themselves (a shallow fetch): on a fresh CI runner a fast-forward of a few commits costs a
     * few commits, not the whole history. It must still answer every later question exactly as the whole history
     * would, completing the local history first wherever the shallow one cannot tell (a merge base, a commit that is
     * no ancestor, a range the boundary does not bound), and it must not leave a shallow store for another run to
     * answer from.
     *
     * <p>The default ignores the boundary and fetches everything the refs reach.
     */
    default void fetchListed(RepoLocation repo, Map<String, CommitId> refs, Map<String, CommitId> boundary) {
        fetchListed(repo, refs);
    }

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
     * Pushes several leased ref updates to one remote, in one push where the backend can: each update keeps its own
     * lease and gets its own result (in the order given), so one rejected ref never fails the others. Not atomic: a
     * caller that needs "both or neither" must not put the two updates in one call.
     *
     * <p>The default pushes the updates one by one. A transport failure throws, as {@link #push(RepoLocation, RefUpdate)}
     * does; updates before it may have been applied (a retry then finds them up to date).
     */
    default List<PushResult> push(RepoLocation repo, List<RefUpdate> updates) {
        List<PushResult> results = new ArrayList<>(updates.size());
        for (RefUpdate update : updates) {
            results.add(push(repo, update));
        }
        return results;
    }

    /**
     * How many distinct Git LFS objects the commits reachable from {@code tip} and from none of {@code excluded} point
     * to: files they add or change under a {@code filter=lfs} attribute whose content is an LFS pointer. mirror-sync
     * carries commits, not LFS objects, so the engine reports this count for every branch it moves. Empty (the
     * default) when the backend cannot tell.
     */
    default OptionalLong lfsObjectsIn(CommitId tip, Collection<CommitId> excluded) {
        return OptionalLong.empty();
    }

    /**
     * Writes, in the local store only, a commit with no parent whose tree holds one file {@code path} with {@code text}:
     * state a {@link SyncStateStore} keeps in one ref (the synced-tags record), pushed like any commit. The commit's
     * author, committer and time are fixed, so the same text gives the same commit. Backends that cannot write objects
     * keep this default.
     *
     * @throws MirrorSyncException with {@code UNSUPPORTED} from the default
     */
    default CommitId writeRecord(String path, String text) {
        throw new MirrorSyncException(
                MirrorSyncException.Reason.UNSUPPORTED,
                getClass().getSimpleName() + " cannot write records (the synced-tags record needs it)");
    }

    /**
     * The file {@code path} of a local commit written by {@link #writeRecord} (or fetched), or empty when the commit
     * has no such file.
     *
     * @throws MirrorSyncException with {@code CACHE} when the commit is not local; {@code UNSUPPORTED} from the default
     */
    default Optional<String> readRecord(CommitId commit, String path) {
        throw new MirrorSyncException(
                MirrorSyncException.Reason.UNSUPPORTED,
                getClass().getSimpleName() + " cannot read records (the synced-tags record needs it)");
    }

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
        throw new MirrorSyncException(
                MirrorSyncException.Reason.UNSUPPORTED,
                getClass().getSimpleName() + " cannot check push access without pushing");
    }

    /**
     * Merges two local commits in memory, without a work tree, and when the merge is clean writes the merge
     * commit to the local store (it is not pushed). Backends that cannot merge keep this default.
     */
    default MergeResult merge(CommitId ours, CommitId theirs, MergeRequest request) {
        throw new MirrorSyncException(
                MirrorSyncException.Reason.UNSUPPORTED, getClass().getSimpleName() + " cannot merge in memory");
    }
}
