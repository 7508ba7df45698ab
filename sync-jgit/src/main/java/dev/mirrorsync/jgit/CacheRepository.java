package dev.mirrorsync.jgit;

import dev.mirrorsync.core.FileLocks;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.MirrorSyncException.Reason;
import java.io.File;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.errors.InvalidRefNameException;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
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
 * <p>The directory is the bare repository itself, marked as mirror-sync's by the file {@value #MARKER} and the
 * configuration key {@code mirrorsync.cache=true}. A non-empty directory without either is never touched. A
 * marked cache that cannot be opened or whose refs point at missing objects is deleted and created again: it
 * only ever holds copies of remote objects. An exclusive lock on {@value #LOCK} is held while open, so two
 * processes never write the same cache; the second waits a bounded time and then fails.
 */
final class CacheRepository implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CacheRepository.class);
    static final String MARKER = "MIRROR_SYNC_CACHE";
    static final String LOCK = "mirror-sync.lock";
    static final String CONFIG_SECTION = "mirrorsync";
    static final String CONFIG_KEY = "cache";

    private final Path directory;
    private final boolean temporary;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final IsolatedRepository repository;

    private CacheRepository(Path directory, boolean temporary, FileChannel lockChannel, FileLock lock,
            IsolatedRepository repository) {
        this.directory = directory;
        this.temporary = temporary;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.repository = repository;
    }

    IsolatedRepository repository() {
        return repository;
    }

    Path directory() {
        return directory;
    }

    /** Opens (creating, validating or rebuilding) the cache in {@code directory} and locks it. */
    static CacheRepository open(Path directory, boolean temporary, Duration lockWait) {
        Path dir = directory.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new MirrorSyncException(Reason.CACHE, "the cache directory " + dir
                    + " is a file, not a directory: point the cache at a new or empty directory");
        }
        // Refuse a foreign directory before writing anything into it, not even the lock file.
        if (Files.isDirectory(dir) && classify(dir) == Kind.FOREIGN) {
            throw foreign(dir);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new MirrorSyncException(Reason.CACHE, "cannot create the cache directory " + dir + " ("
                    + describe(e) + "): choose a directory this user can create and write", e);
        }
        if (!Files.isReadable(dir) || !Files.isWritable(dir)) {
            throw unusable(dir, null);
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw unusable(dir, e);
        }
        try {
            FileLock lock = lock(channel, dir, lockWait);
            try {
                return new CacheRepository(dir, temporary, channel, lock, openLocked(dir));
            } catch (RuntimeException e) {
                lock.release();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            if (e instanceof MirrorSyncException mse) {
                throw mse;
            }
            throw new MirrorSyncException(Reason.CACHE, "cannot open the cache " + dir + " (" + describe(e)
                    + "): delete the directory or point the cache elsewhere", e);
        }
    }

    private static FileLock lock(FileChannel channel, Path dir, Duration wait) throws IOException {
        try {
            return FileLocks.lock(channel, wait,
                            () -> LOG.info("waiting for the cache lock {}: another mirror-sync run is using {}", LOCK, dir))
                    .orElseThrow(() -> new MirrorSyncException(Reason.CACHE, "the cache " + dir + " is in use by another"
                            + " mirror-sync run (waited " + wait.toSeconds() + " s for its lock " + LOCK + "): let it finish,"
                            + " or give this run its own cache directory"));
        } catch (InterruptedIOException e) {
            throw new MirrorSyncException(Reason.CACHE, "interrupted while waiting for the lock of the cache " + dir, e);
        }
    }

    private enum Kind { FRESH, OURS, FOREIGN }

    private static Kind classify(Path dir) {
        boolean empty = true;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.equals(MARKER)) {
                    return Kind.OURS;
                }
                if (!name.equals(LOCK)) {
                    empty = false;
                }
            }
        } catch (IOException e) {
            throw unusable(dir, e);
        }
        if (empty) {
            return Kind.FRESH;
        }
        return markedInConfig(dir) ? Kind.OURS : Kind.FOREIGN;
    }

    private static boolean markedInConfig(Path dir) {
        File config = dir.resolve(Constants.CONFIG).toFile();
        if (!config.isFile()) {
            return false;
        }
        FileBasedConfig parsed = new FileBasedConfig(null, config, FS.DETECTED);
        try {
            parsed.load();
        } catch (IOException | ConfigInvalidException e) {
            return false;
        }
        return parsed.getBoolean(CONFIG_SECTION, CONFIG_KEY, false);
    }

    private static IsolatedRepository openLocked(Path dir) throws IOException {
        // Classify again under the lock: another process may have created or rebuilt it meanwhile.
        switch (classify(dir)) {
            case FOREIGN -> throw foreign(dir);
            case FRESH -> {
                return create(dir);
            }
            case OURS -> {
                removeStaleGitLocks(dir);
                try {
                    IsolatedRepository repo = openExisting(dir);
                    LOG.debug("reusing the cache {}", dir);
                    return repo;
                } catch (IOException | RuntimeException e) {
                    LOG.warn("the cache {} is damaged ({}); rebuilding it (it holds only copies of remote objects)",
                            dir, JGitErrors.chainText(e));
                    wipe(dir);
                    return create(dir);
                }
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /**
     * Deletes every git lock file in the cache ({@code *.lock} anywhere: refs, {@code packed-refs}, {@code HEAD},
     * {@code config}, and a pack's {@code .keep.lock}) and every {@code .keep} file beside its packs, whatever they
     * contain. Only mirror-sync writes a cache, and only while holding {@value #LOCK}, which this process now holds: any
     * such file was left by a run that was stopped mid-update. Left in place, a ref lock makes every later update of
     * its ref fail with LOCK_FAILURE, and a pack's lock every later fetch of the same objects (they make the same pack
     * name), for good. Symbolic links are neither followed nor deleted.
     */
    private static void removeStaleGitLocks(Path dir) throws IOException {
        Path ours = dir.resolve(LOCK);
        Path packs = dir.resolve("objects").resolve("pack");
        List<Path> stale = new ArrayList<>();
        Path objects = dir.resolve("objects");
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                // Loose objects are never locked: their 256 folders need not be read.
                boolean loose = objects.equals(d.getParent()) && d.getFileName().toString().length() == 2;
                return loose ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String name = file.getFileName().toString();
                boolean lock = name.endsWith(".lock") && !file.equals(ours);
                boolean keep = name.endsWith(".keep") && packs.equals(file.getParent());
                if (attrs.isRegularFile() && (lock || keep)) {
                    stale.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        for (Path file : stale) {
            Files.deleteIfExists(file);
        }
        if (!stale.isEmpty()) {
            LOG.warn("removed {} stale lock file(s) from the cache {}, left by a run that was stopped mid-update", stale.size(), dir);
        }
    }

    private static FileRepositoryBuilder builder(Path dir) {
        FileRepositoryBuilder builder = new FileRepositoryBuilder();
        builder.setGitDir(dir.toFile()).setBare().setFS(FS.DETECTED);
        return builder;
    }

    private static IsolatedRepository create(Path dir) throws IOException {
        // The marker goes first: a cache left half-made by a crash is still recognised as ours and rebuilt.
        Files.writeString(dir.resolve(MARKER), "This directory is a mirror-sync cache: a bare git repository holding"
                + " copies of remote objects.\nIt is safe to delete when no mirror-sync run is using it.\n",
                StandardCharsets.UTF_8);
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
            config.setBoolean(ConfigConstants.CONFIG_CORE_SECTION, null, ConfigConstants.CONFIG_KEY_LOGALLREFUPDATES, false);
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

    /** Deletes everything in a cache directory but the lock file (held by us); never follows symbolic links. */
    private static void wipe(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!file.equals(dir.resolve(LOCK))) {
                    Files.delete(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                if (!d.equals(dir)) {
                    Files.delete(d);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static MirrorSyncException foreign(Path dir) {
        return new MirrorSyncException(Reason.CACHE, "the cache directory " + dir + " is not empty and is not a"
                + " mirror-sync cache (it has no " + MARKER + " file): mirror-sync will not write into it. Point the"
                + " cache at a new or empty directory, or at one mirror-sync created");
    }

    private static MirrorSyncException unusable(Path dir, Exception e) {
        String why = e == null ? "not readable and writable by this user" : describe(e);
        return new MirrorSyncException(Reason.CACHE, "cannot use the cache directory " + dir + " (" + why
                + "): choose a directory this user can read and write", e);
    }

    private static String describe(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing the cache lock file failed", e);
        }
    }

    @Override
    public void close() {
        repository.close();
        try {
            lock.release();
        } catch (IOException e) {
            LOG.debug("releasing the cache lock failed", e);
        }
        closeQuietly(lockChannel);
        if (temporary) {
            try {
                Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        Files.delete(file);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                        Files.delete(d);
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                LOG.warn("could not delete the temporary cache {}: {}", directory, describe(e));
            }
        }
    }
}
