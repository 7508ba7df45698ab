package dev.mirrorsync.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A bare repository for the demo, and a developer who commits to it directly (a change "merging" on that side).
 * Lives in the CLI only: the demo is a tour, not a test fixture.
 */
final class DemoRepository implements AutoCloseable {
    private final Repository repository;
    private final String who;
    private int clock;

    private DemoRepository(Repository repository, String who) {
        this.repository = repository;
        this.who = who;
    }

    static DemoRepository createBare(Path directory, String who) throws IOException {
        try {
            Git git = Git.init()
                    .setBare(true)
                    .setInitialBranch("main")
                    .setDirectory(directory.toFile())
                    .call();
            return new DemoRepository(git.getRepository(), who);
        } catch (GitAPIException e) {
            throw new IOException("cannot create the demo repository " + directory + ": " + e.getMessage(), e);
        }
    }

    Path directory() {
        return repository.getDirectory().toPath();
    }

    /** Commits {@code path = content} on top of {@code main} (or as its first commit) and moves {@code main}. */
    String commit(String message, String path, String content) throws IOException {
        ObjectId parent = repository.resolve(Constants.R_HEADS + "main");
        try (ObjectInserter inserter = repository.newObjectInserter();
                RevWalk walk = new RevWalk(repository)) {
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            if (parent != null) {
                RevCommit parentCommit = walk.parseCommit(parent);
                try (TreeWalk tree = new TreeWalk(repository)) {
                    tree.addTree(parentCommit.getTree());
                    tree.setRecursive(true);
                    while (tree.next()) {
                        if (!tree.getPathString().equals(path)) {
                            DirCacheEntry entry = new DirCacheEntry(tree.getPathString());
                            entry.setFileMode(tree.getFileMode(0));
                            entry.setObjectId(tree.getObjectId(0));
                            builder.add(entry);
                        }
                    }
                }
            }
            DirCacheEntry entry = new DirCacheEntry(path);
            entry.setFileMode(FileMode.REGULAR_FILE);
            entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8)));
            builder.add(entry);
            builder.finish();

            PersonIdent ident = new PersonIdent(
                    who,
                    who.toLowerCase(Locale.ROOT).replace(' ', '.') + "@example.invalid",
                    Instant.parse("2026-01-01T12:00:00Z").plusSeconds(60L * ++clock),
                    ZoneOffset.UTC);
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(index.writeTree(inserter));
            if (parent != null) {
                commit.setParentId(parent);
            }
            commit.setAuthor(ident);
            commit.setCommitter(ident);
            commit.setMessage(message + "\n");
            ObjectId id = inserter.insert(commit);
            inserter.flush();

            RefUpdate update = repository.updateRef(Constants.R_HEADS + "main");
            update.setExpectedOldObjectId(parent == null ? ObjectId.zeroId() : parent);
            update.setNewObjectId(id);
            RefUpdate.Result result = update.update(walk);
            if (result != RefUpdate.Result.NEW && result != RefUpdate.Result.FAST_FORWARD) {
                throw new IOException("could not move main in " + directory() + ": " + result);
            }
            return id.name();
        }
    }

    /** The id {@code main} points at, or {@code null}. */
    String main() throws IOException {
        ObjectId id = repository.resolve(Constants.R_HEADS + "main");
        return id == null ? null : id.name();
    }

    @Override
    public void close() {
        repository.close();
    }
}
