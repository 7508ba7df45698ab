package dev.mirrorsync.jgit;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.CommitInfo;
import dev.mirrorsync.core.CommitList;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.MirrorSyncException.Reason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevSort;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;

/** Ancestry questions answered from the cache's objects alone. */
final class History {
    private final Repository repo;

    History(Repository repo) {
        this.repo = repo;
    }

    static ObjectId id(CommitId commit) {
        return ObjectId.fromString(commit.hex());
    }

    static CommitId commitId(ObjectId id) {
        return CommitId.of(id.name());
    }

    boolean isAncestor(CommitId ancestor, CommitId descendant) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            walk.setRetainBody(false);
            RevCommit tip = local(walk, descendant);
            if (!walk.getObjectReader().has(id(ancestor))) {
                return false;
            }
            RevCommit base = local(walk, ancestor);
            return walk.isMergedInto(base, tip);
        }
    }

    Optional<CommitId> mergeBase(CommitId a, CommitId b) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            walk.setRetainBody(false);
            walk.setRevFilter(RevFilter.MERGE_BASE);
            walk.markStart(local(walk, a));
            walk.markStart(local(walk, b));
            RevCommit base = walk.next();
            return base == null ? Optional.empty() : Optional.of(commitId(base));
        }
    }

    /**
     * Walks newest first by commit time, streaming: RevWalk keeps its small per-commit nodes, but no list of
     * commits is built, and bodies are parsed only for the commits listed and dropped again at once.
     */
    CommitList commitsOnlyIn(CommitId tip, Collection<CommitId> excluded, int limit) throws IOException {
        return commitsOnlyIn(tip, excluded, limit, Long.MAX_VALUE);
    }

    /** As above, but the walk stops once more than {@code countCap} commits are counted: the total is then "cap+". */
    CommitList commitsOnlyIn(CommitId tip, Collection<CommitId> excluded, int limit, long countCap) throws IOException {
        if (countCap < 0) {
            throw new MirrorSyncException(Reason.INVALID_INPUT, "a commit count cap must not be negative: " + countCap);
        }
        if (limit < 0) {
            throw new MirrorSyncException(Reason.INVALID_INPUT, "a commit list limit must not be negative: " + limit);
        }
        try (RevWalk walk = new RevWalk(repo)) {
            walk.setRetainBody(false);
            walk.sort(RevSort.COMMIT_TIME_DESC);
            walk.markStart(local(walk, tip));
            ObjectReader reader = walk.getObjectReader();
            for (CommitId other : excluded) {
                if (reader.has(id(other))) {
                    walk.markUninteresting(local(walk, other));
                }
            }
            List<CommitInfo> listed = new ArrayList<>(Math.min(limit, 1024));
            long total = 0;
            for (RevCommit commit = walk.next(); commit != null; commit = walk.next()) {
                if (total == countCap) {
                    return CommitList.atLeast(countCap, listed);
                }
                total++;
                if (listed.size() < limit) {
                    walk.parseBody(commit);
                    listed.add(CommitInfo.builder()
                            .id(commitId(commit))
                            .subject(firstLine(commit.getFullMessage()))
                            .authorName(commit.getAuthorIdent().getName())
                            .authorTime(commit.getAuthorIdent().getWhenAsInstant())
                            .build());
                    commit.disposeBody();
                }
            }
            return CommitList.of(total, listed);
        }
    }

    static String firstLine(String message) {
        int end = message.indexOf('\n');
        String line = end < 0 ? message : message.substring(0, end);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /** Parses a commit that must be in the cache; a missing one is a clear error, not a wrong answer. */
    static RevCommit local(RevWalk walk, CommitId commit) throws IOException {
        try {
            return walk.parseCommit(id(commit));
        } catch (MissingObjectException e) {
            throw new MirrorSyncException(
                    Reason.CACHE,
                    "commit " + commit.abbreviated() + " is not in the local cache:"
                            + " fetch a ref that reaches it first",
                    e);
        } catch (IncorrectObjectTypeException e) {
            throw new MirrorSyncException(Reason.INVALID_INPUT, commit.abbreviated() + " is not a commit", e);
        }
    }
}
