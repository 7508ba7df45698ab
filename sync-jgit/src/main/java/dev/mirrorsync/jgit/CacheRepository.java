package dev.mirrorsync.jgit;

import dev.mirrorsync.core.CacheDirectory;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.MirrorSyncException.Reason;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRefNameException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.util.FS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local bare repository both remotes of a pair are fetched into, so that ancestry questions across the two
 * sides can be answered locally, and reused across runs so that a run fetches only what is new.
 *
 * <p>The directory, its marker and its lock belong to {@link CacheDirectory} (shared with the git command backend).
 * A marked cache that cannot be opened or whose refs point at missing objects is deleted and created again: it
 * only ever holds copies of remote objects. When it holds more than {@link CacheDirectory#PACK_LIMIT} packs, it is
 * repacked into one on {@link #close()}, before the lock is released.
 */
final class CacheRepository implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CacheRepository.class);
    static final String MARKER = CacheDirectory.MARKER;
    static final String LOCK = CacheDirectory.LOCK;
    static final String CONFIG_SECTION = CacheDirectory.CONFIG_SECTION;
    static final String CONFIG_KEY = CacheDirectory.CONFIG_KEY;

    private final CacheDirectory cache;
    private final IsolatedRepository repository;

    private CacheRepository(CacheDirectory cache, IsolatedRepository repository) {
        this.cache = cache;
        this.repository = repository;
    }

    IsolatedRepository repository() {
        return repository;
    }

    Path directory() {
        return cache.directory();
    }

    /**
     * Opens (creating, validating or rebuilding) the cache in {@code directory}, or in a temporary directory deleted
     * on close, and locks it.
     */
    static CacheRepository open(Optional<Path> directory, Duration lockWait) {
        CacheDirectory cache = CacheDirectory.openOrTemporary(directory, lockWait);
        try {
            return new CacheRepository(cache, openLocked(cache));
        } catch (IOException | RuntimeException e) {
            cache.close();
            if (e instanceof MirrorSyncException mse) {
                throw mse;
            }
            throw new MirrorSyncException(
                    Reason.CACHE,
                    "cannot open the cache " + cache.directory() + " (" + CacheDirectory.describe(e)
                            + "): delete the directory or point the cache elsewhere",
                    e);
        }
    }

    private static IsolatedRepository openLocked(CacheDirectory cache) throws IOException {
        Path dir = cache.directory();
        if (cache.isFresh()) {
            return create(cache);
        }
        cache.removeStaleGitLocks();
        if (cache.isShallow()) {
            // The git backend's shallow fetch of an earlier run: this backend answers from whole histories only.
            LOG.info("the cache {} was left shallow by an earlier run; emptying it", dir);
            cache.wipe();
            return create(cache);
        }
        try {
            IsolatedRepository repo = openExisting(dir);
            LOG.debug("reusing the cache {}", dir);
            return repo;
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "the cache {} is damaged ({}); rebuilding it (it holds only copies of remote objects)",
                    dir,
                    JGitErrors.chainText(e));
            cache.wipe();
            return create(cache);
        }
    }

    private static FileRepositoryBuilder builder(Path dir) {
        FileRepositoryBuilder builder = new FileRepositoryBuilder();
        builder.setGitDir(dir.toFile()).setBare().setFS(FS.DETECTED);
        return builder;
    }

    private static IsolatedRepository create(CacheDirectory cache) throws IOException {
        Path dir = cache.directory();
        // The marker goes first: a cache left half-made by a crash is still recognised as ours and rebuilt.
        cache.writeMarker();
        FileRepositoryBuilder builder = builder(dir);
        try {
            builder.setInitialBranch("main");
        } catch (InvalidRefNameException e) {
            throw new IllegalStateException("'main' is a valid branch name", e);
        }
        IsolatedRepository repo = new IsolatedRepository(builder.setup());
        try {
            repo.create(true);
            FileBasedConfig config = repo.getConfig();
            config.setBoolean(CONFIG_SECTION, null, CONFIG_KEY, true);
            // Only mirror-sync writes here; reflogs would grow without bound and serve no one.
            config.setBoolean(
                    ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_LOGALLREFUPDATES, false);
            config.save();
            LOG.debug("created the cache {}", dir);
            return repo;
        } catch (IOException | RuntimeException e) {
            repo.close();
            throw e;
        }
    }

    private static IsolatedRepository openExisting(Path dir) throws IOException {
        FileRepositoryBuilder builder = builder(dir);
        builder.setMustExist(true);
        IsolatedRepository repo = new IsolatedRepository(builder.setup());
        try {
            if (!repo.getConfig().getBoolean(CONFIG_SECTION, CONFIG_KEY, false)) {
                throw new IOException("the configuration lacks " + CONFIG_SECTION + "." + CONFIG_KEY);
            }
            if (!repo.getObjectDatabase().exists()) {
                throw new IOException("the objects folder is missing");
            }
            // Every ref must point at a readable commit: a cache whose objects went missing would answer wrongly.
            try (RevWalk walk = new RevWalk(repo)) {
                walk.setRetainBody(false);
                for (Ref ref : repo.getRefDatabase().getRefs()) {
                    if (ref.getObjectId() != null) {
                        walk.parseAny(ref.getObjectId());
                    }
                }
            }
            return repo;
        } catch (IOException | RuntimeException e) {
            repo.close();
            throw e;
        }
    }

    /**
     * Repacks a cache that holds too many packs (see {@link CacheDirectory#needsRepack()}), then releases the lock.
     * A failed repack is logged, not thrown: the cache stays correct, just slower, and the next close tries again.
     */
    @Override
    public void close() {
        try {
            if (cache.needsRepack()) {
                repack();
            }
        } finally {
            repository.close();
            cache.close();
        }
    }

    private void repack() {
        int before = cache.packCount();
        try (Git git = Git.wrap(repository.files())) {
            // JGit's gc: every pack and loose object reachable from a ref into one pack; unreachable objects stay
            // loose until they expire (the cache holds only copies of remote objects). JGit keeps the replaced packs
            // for an hour by default, for readers that may still have them open; under the cache lock there are none.
            repository
                    .files()
                    .getConfig()
                    .setString(
                            ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_PRUNEPACKEXPIRE, "now");
            git.gc().setAggressive(false).call();
            LOG.info("repacked the cache {}: {} packs became {}", cache.directory(), before, cache.packCount());
        } catch (GitAPIException | RuntimeException e) {
            LOG.warn(
                    "could not repack the cache {} ({} packs): {}", cache.directory(), before, JGitErrors.chainText(e));
        }
    }
}
