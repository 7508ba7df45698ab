package dev.mirrorsync.testing;

import dev.mirrorsync.core.BranchNames;
import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.MirrorPair;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.Side;
import dev.mirrorsync.core.spi.GitBackend;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The two remotes of one pair, driven from outside the engine, as other people's clients would: what the
 * generators, {@link SyncHarness} and {@link Invariants} need to run the same scenarios against any
 * {@link GitBackend}. {@link InMemorySyncWorld} is the in-memory one; sync-jgit implements it over two bare
 * repositories so that the very same action sequences run against real git.
 *
 * <p>Faults, races and protected branches are not part of a world: {@link ScriptedGitBackend} adds them
 * around any backend. A world is used from one thread.
 */
public interface SyncWorld {

    /**
     * Creates the pair's two empty remotes, once per world, and the pair over them. The tokens go into the
     * {@link RepoLocation}s so that a test can check that they never escape.
     */
    MirrorPair createPair(
            String name, List<String> branches, Optional<String> privateToken, Optional<String> publicToken);

    /** The backend the engine is to use, with a fresh (empty) local cache. */
    GitBackend backend();

    /**
     * Writes a commit object into {@code side}'s repository, on no ref. Parents may be any commit this world
     * made, on either side: the implementation copies objects across as needed. Each call gives a new commit.
     */
    CommitId commit(Side side, List<CommitId> parents, String subject, String author);

    /** Sets (or, with an empty value, deletes) a ref on {@code side} directly, as a force-push by someone else would. */
    void setRef(Side side, String ref, Optional<CommitId> value);

    /** Every ref on {@code side} now. */
    Map<String, CommitId> refs(Side side);

    /** The commits reachable from {@code tips} (themselves included) in {@code side}'s repository. */
    Set<CommitId> reachable(Side side, Collection<CommitId> tips);

    /** The first parent of a commit, if it has parents. */
    Optional<CommitId> firstParent(CommitId commit);

    /** A branch's tip on a side. */
    default Optional<CommitId> branch(Side side, String branch) {
        return Optional.ofNullable(refs(side).get(BranchNames.ref(branch)));
    }

    /** A new commit on top of {@code branch} on {@code side} (a root when the branch is absent); moves the branch. */
    default CommitId commitOn(Side side, String branch, String subject, String author) {
        Optional<CommitId> parent = branch(side, branch);
        CommitId id = commit(side, parent.map(List::of).orElse(List.of()), subject, author);
        setRef(side, BranchNames.ref(branch), Optional.of(id));
        return id;
    }
}
