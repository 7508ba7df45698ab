package dev.mirrorsync.jgit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/** Repositories made with JGit (no work tree), and the host isolation every test JVM needs. */
final class JGitRepos {
    private static final AtomicLong CLOCK = new AtomicLong(1_600_000_000L);

    static {
        isolateHostConfig();
    }

    private JGitRepos() {}

    /**
     * Makes every JGit use in this test JVM (test repositories, JGit's HTTP server) ignore the host's git
     * configuration. Tests may install a global reader; the library itself does not.
     */
    static synchronized void isolateHostConfig() {
        if (!(SystemReader.getInstance() instanceof EmptyConfigReader)) {
            SystemReader.setInstance(new EmptyConfigReader(SystemReader.getInstance(), new Config()));
        }
    }

    /** A SystemReader whose user, system and JGit configurations are empty or the given user config. */
    static final class EmptyConfigReader extends SystemReader {
        private final SystemReader delegate;
        private final Config user;

        EmptyConfigReader(SystemReader delegate, Config user) {
            this.delegate = delegate;
            this.user = user;
        }

        SystemReader delegate() {
            return delegate;
        }

        private static FileBasedConfig fixed(Config parent, FS fs, String text) {
            return new FileBasedConfig(parent, null, fs) {
                @Override
                public void load() {
                    try {
                        fromText(text);
                    } catch (ConfigInvalidException e) {
                        throw new IllegalStateException(e);
                    }
                }

                @Override
                public boolean isOutdated() {
                    return false;
                }
            };
        }

        @Override
        public String getHostname() {
            return "localhost";
        }

        @Override
        public String getenv(String variable) {
            return delegate.getenv(variable);
        }

        @Override
        public String getProperty(String key) {
            return delegate.getProperty(key);
        }

        @Override
        public FileBasedConfig openUserConfig(Config parent, FS fs) {
            return fixed(parent, fs, user.toText());
        }

        @Override
        public FileBasedConfig openSystemConfig(Config parent, FS fs) {
            return fixed(parent, fs, "");
        }

        @Override
        public FileBasedConfig openJGitConfig(Config parent, FS fs) {
            return fixed(parent, fs, "");
        }

        @Override
        public long getCurrentTime() {
            return delegate.getCurrentTime();
        }

        @Override
        public int getTimezone(long when) {
            return delegate.getTimezone(when);
        }
    }

    static Repository initBare(Path dir) {
        try {
            return Git.init()
                    .setBare(true)
                    .setInitialBranch("main")
                    .setDirectory(dir.toFile())
                    .call()
                    .getRepository();
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    static Instant tick() {
        return Instant.ofEpochSecond(CLOCK.addAndGet(60));
    }

    /** A commit with exactly these files (paths may have folders), at a time later than every earlier one. */
    static ObjectId commit(Repository repo, String message, Map<String, ?> files, ObjectId... parents)
            throws IOException {
        return commit(repo, message, "Ada Author", files, parents);
    }

    static ObjectId commit(Repository repo, String message, String author, Map<String, ?> files, ObjectId... parents)
            throws IOException {
        try (ObjectInserter inserter = repo.newObjectInserter()) {
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            for (Map.Entry<String, ?> file : new TreeMap<>(files).entrySet()) {
                byte[] content = file.getValue() instanceof byte[] bytes
                        ? bytes
                        : file.getValue().toString().getBytes(StandardCharsets.UTF_8);
                DirCacheEntry entry = new DirCacheEntry(file.getKey());
                entry.setFileMode(FileMode.REGULAR_FILE);
                entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, content));
                builder.add(entry);
            }
            builder.finish();
            ObjectId tree = index.writeTree(inserter);
            PersonIdent person = new PersonIdent(author, "author@mirror-sync.invalid", tick(), ZoneOffset.UTC);
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree);
            commit.setParentIds(parents);
            commit.setAuthor(person);
            commit.setCommitter(person);
            commit.setMessage(message);
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return id;
        }
    }

    static void setRef(Repository repo, String ref, ObjectId id) throws IOException {
        RefUpdate update = repo.updateRef(ref);
        update.setNewObjectId(id);
        update.setForceUpdate(true);
        RefUpdate.Result result = update.update();
        if (result != RefUpdate.Result.NEW
                && result != RefUpdate.Result.FORCED
                && result != RefUpdate.Result.FAST_FORWARD
                && result != RefUpdate.Result.NO_CHANGE) {
            throw new IOException("could not set " + ref + ": " + result);
        }
    }
}
