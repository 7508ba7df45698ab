package dev.mirrorsync.jgit;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.spi.MergeRequest;
import dev.mirrorsync.core.spi.MergeResult;
import java.io.IOException;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.merge.MergeStrategy;
import org.eclipse.jgit.merge.ResolveMerger;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;

/**
 * A three-way merge in the cache's object store, with no index and no work tree (JGit's recursive strategy in
 * core mode). Binary files that both sides changed conflict; a file deleted on one side and unchanged on the
 * other is deleted. JGit's merger has no rename detection: a rename merges cleanly against changes to other
 * files, but a rename on one side and an edit of the same file on the other is reported as a conflict on the
 * old path, never merged wrongly.
 */
final class InCoreMerge {
    private final Repository repo;

    InCoreMerge(Repository repo) {
        this.repo = repo;
    }

    MergeResult merge(CommitId ours, CommitId theirs, MergeRequest request) throws IOException {
        try (RevWalk walk = new RevWalk(repo);
                ObjectInserter inserter = repo.newObjectInserter()) {
            RevCommit oursCommit = History.local(walk, ours);
            RevCommit theirsCommit = History.local(walk, theirs);
            ResolveMerger merger = (ResolveMerger) MergeStrategy.RECURSIVE.newMerger(inserter, repo.getConfig());
            if (!merger.merge(oursCommit, theirsCommit)) {
                TreeSet<String> paths = new TreeSet<>(merger.getUnmergedPaths());
                if (merger.getFailingPaths() != null) {
                    paths.addAll(merger.getFailingPaths().keySet());
                }
                paths.addAll(merger.getMergeResults().entrySet().stream()
                        .filter(e -> e.getValue().containsConflicts())
                        .map(Map.Entry::getKey)
                        .toList());
                if (paths.isEmpty()) {
                    throw new MirrorSyncException(
                            MirrorSyncException.Reason.INTERNAL,
                            "merging " + ours.abbreviated() + " and " + theirs.abbreviated()
                                    + " failed without naming a conflicting path");
                }
                return MergeResult.conflicts(paths.stream().toList());
            }
            PersonIdent person =
                    new PersonIdent(request.authorName(), request.authorEmail(), request.time(), ZoneOffset.UTC);
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(merger.getResultTreeId());
            commit.setParentIds(oursCommit, theirsCommit);
            commit.setAuthor(person);
            commit.setCommitter(person);
            commit.setMessage(request.message());
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return MergeResult.clean(History.commitId(id));
        }
    }
}
