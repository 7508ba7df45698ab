package dev.mirrorsync.jgit;

import dev.mirrorsync.core.CommitId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Record commits (see {@code GitBackend#writeRecord}): parentless, one file, a fixed author and time, so the same text
 * is the same commit.
 */
final class RecordCommits {
    private static final PersonIdent AUTHOR =
            new PersonIdent("mirror-sync", "mirror-sync@localhost", Instant.EPOCH, ZoneOffset.UTC);

    private RecordCommits() {}

    static CommitId write(Repository repo, String path, String text) throws IOException {
        try (ObjectInserter inserter = repo.newObjectInserter()) {
            ObjectId blob = inserter.insert(Constants.OBJ_BLOB, text.getBytes(StandardCharsets.UTF_8));
            TreeFormatter tree = new TreeFormatter();
            tree.append(path, FileMode.REGULAR_FILE, blob);
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(inserter.insert(tree));
            commit.setAuthor(AUTHOR);
            commit.setCommitter(AUTHOR);
            commit.setMessage("mirror-sync record: " + path + "\n");
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return History.commitId(id);
        }
    }

    static Optional<String> read(Repository repo, CommitId commit, String path) throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit parsed = History.local(walk, commit);
            try (TreeWalk tree = TreeWalk.forPath(repo, path, parsed.getTree())) {
                if (tree == null) {
                    return Optional.empty();
                }
                return Optional.of(new String(repo.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
            }
        }
    }
}
