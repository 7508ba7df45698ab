package dev.mirrorsync.core;

import dev.mirrorsync.core.MirrorSyncException.Reason;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
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
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one owner of a git backend's cache directory: its layout, its marker and its lock, shared by every backend so
 * that any of them can use a cache another made, and a run of one waits for a run of another.
 *
 * <p>The directory is a bare git repository marked as mirror-sync's by the file {@value #MARKER} and the configuration
 * key {@code mirrorsync.cache = true}. A non-empty directory with neither is refused before anything is written into
 * it, not even the lock file. An exclusive lock on {@value #LOCK} is held from {@link #open} to {@link #close()}; a
 * second holder, in this process or another, waits a bounded time and then fails. What is inside the repository (how
 * it is created, checked, fetched into and repacked) is the backend's business.
 *
 * <p><b>Housekeeping.</b> Every fetch leaves a pack (or, with C git, loose objects); a backend calls
 * {@link #needsRepack()} before it closes and, when the cache holds more than {@value #PACK_LIMIT} packs or too many
 * loose objects, repacks it into one while it still holds the lock, so a repack never runs while another run uses
 * the cache.
 *
 * <p>Not thread-safe: one backend owns an instance.
 */
public final class CacheDirectory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CacheDirectory.class);
    /** The file that marks a directory as a mirror-sync cache. */
    public static final String MARKER = "MIRROR_SYNC_CACHE";
    /** The lock file, held while a backend has the cache open. */
    public static final String LOCK = "mirror-sync.lock";
    /** The configuration section and key ({@code mirrorsync.cache = true}) that also mark a cache. */
    public static final String CONFIG_SECTION = "mirrorsync";

    public static final String CONFIG_KEY = "cache";
    /**
     * Packs above which the cache is repacked when a backend closes it. Each run adds one or two, so about every ten
     * runs; below git's own {@code gc.autoPackLimit} (50) because a run reads every pack's index for each object.
     */
    public static final int PACK_LIMIT = 20;

    /** git's list of the commits below which a shallow repository has no history. */
    public static final String SHALLOW = "shallow";
    /**
     * Loose objects above which the cache is repacked too: C git unpacks a small fetch (under 100 objects) into loose
     * objects instead of a pack. The same threshold as git's {@code gc.auto}.
     */
    public static final int LOOSE_LIMIT = 6_700;

    private static final String MARKER_TEXT = "This directory is a mirror-sync cache: a bare git repository holding"
            + " copies of remote objects.\nIt is safe to delete when no mirror-sync run is using it.\n";

    private final Path directory;
    private final boolean temporary;
    private final boolean fresh;
    private final FileChannel channel;
    private final FileLock lock;

    private CacheDirectory(Path directory, boolean temporary, boolean fresh, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.temporary = temporary;
        this.fresh = fresh;
        this.channel = channel;
        this.lock = lock;
    }

    private enum Kind {
        FRESH,
        OURS,
        FOREIGN
    }

    /**
     * Opens {@code requested}, or, when it is empty, a new temporary directory that {@link #close()} deletes (also
     * deleted when opening it fails).
     *
     * @throws MirrorSyncException with {@link Reason#CACHE}, as {@link #open(Path, boolean, Duration)}, or when no
     *     temporary directory can be made
     */
    public static CacheDirectory openOrTemporary(Optional<Path> requested, Duration lockWait) {
        if (requested.isPresent()) {
            return open(requested.get(), false, lockWait);
        }
        Path temporary;
        try {
            temporary = Files.createTempDirectory("mirror-sync-cache-");
        } catch (IOException e) {
            throw new MirrorSyncException(
                    Reason.CACHE,
                    "cannot create a temporary cache directory (" + describe(e)
                            + "): set java.io.tmpdir to a writable directory or pass a cache directory",
                    e);
        }
        try {
            return open(temporary, true, lockWait);
        } catch (RuntimeException e) {
            try {
                delete(temporary, null);
                Files.deleteIfExists(temporary);
            } catch (IOException notDeleted) {
                LOG.debug("could not delete the temporary cache {}", temporary, notDeleted);
            }
            throw e;
        }
    }

    /**
     * Creates the directory if needed, refuses a foreign one, and locks it, waiting up to {@code lockWait}.
     *
     * @param temporary whether {@link #close()} deletes the directory
     * @throws MirrorSyncException with {@link Reason#CACHE}: a file, a foreign directory, no permission, or the lock
     *     not free in time
     */
    public static CacheDirectory open(Path requested, boolean temporary, Duration lockWait) {
        Path dir = requested.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new MirrorSyncException(
                    Reason.CACHE,
                    "the cache directory " + dir
                            + " is a file, not a directory: point the cache at a new or empty directory");
        }
        // Refuse a foreign directory before writing anything into it, not even the lock file.
        if (Files.isDirectory(dir) && classify(dir) == Kind.FOREIGN) {
            throw foreign(dir);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new MirrorSyncException(
                    Reason.CACHE,
                    "cannot create the cache directory " + dir + " (" + describe(e)
                            + "): choose a directory this user can create and write",
                    e);
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
            FileLock lock = FileLocks.lock(
                            channel,
                            lockWait,
                            () -> LOG.info(
                                    "waiting for the cache lock {}: another mirror-sync run is using {}", LOCK, dir))
                    .orElseThrow(() -> new MirrorSyncException(
                            Reason.CACHE,
                            "the cache " + dir + " is in use by another"
                                    + " mirror-sync run (waited " + lockWait.toSeconds() + " s for its lock " + LOCK
                                    + "): let it"
                                    + " finish, or give this run its own cache directory"));
            // Classify again under the lock: another process may have created or rebuilt it meanwhile.
            Kind kind;
            try {
                kind = classify(dir);
            } catch (RuntimeException e) {
                lock.release();
                throw e;
            }
            if (kind == Kind.FOREIGN) {
                lock.release();
                throw foreign(dir);
            }
            return new CacheDirectory(dir, temporary, kind == Kind.FRESH, channel, lock);
        } catch (InterruptedIOException e) {
            closeQuietly(channel);
            throw new MirrorSyncException(
                    Reason.CACHE, "interrupted while waiting for the lock of the cache " + dir, e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new MirrorSyncException(
                    Reason.CACHE,
                    "cannot open the cache " + dir + " (" + describe(e)
                            + "): delete the directory or point the cache elsewhere",
                    e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** The cache directory, absolute and normalised. */
    public Path directory() {
        return directory;
    }

    /** Whether the directory held nothing but perhaps the lock file when it was locked: the backend creates the repository. */
    public boolean isFresh() {
        return fresh;
    }

    /** Writes the marker file; a backend does this first when it creates the repository, so a half-made cache is still ours. */
    public void writeMarker() throws IOException {
        Files.writeString(directory.resolve(MARKER), MARKER_TEXT, StandardCharsets.UTF_8);
    }

    /**
     * Deletes every git lock file in the cache ({@code *.lock} anywhere but {@value #LOCK}: refs, {@code packed-refs},
     * {@code HEAD}, {@code config}, a pack's {@code .keep.lock}) and every {@code .keep} file beside its packs. Only
     * mirror-sync writes a cache, and only while holding {@value #LOCK}, which this instance holds: any such file was
     * left by a run that was stopped mid-update. Left in place, a ref lock makes every later update of its ref fail,
     * and a pack's every later fetch of the same objects, for good. Symbolic links are neither followed nor deleted.
     *
     * @return how many files were removed
     */
    public int removeStaleGitLocks() throws IOException {
        Path ours = directory.resolve(LOCK);
        Path objects = directory.resolve("objects");
        Path packs = objects.resolve("pack");
        List<Path> stale = new ArrayList<>();
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                // Loose objects are never locked: their 256 folders need not be read.
                boolean loose = objects.equals(d.getParent())
                        && d.getFileName().toString().length() == 2;
                return loose ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String name = file.getFileName().toString();
                boolean staleLock = name.endsWith(".lock") && !file.equals(ours);
                boolean keep = name.endsWith(".keep") && packs.equals(file.getParent());
                if (attrs.isRegularFile() && (staleLock || keep)) {
                    stale.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        for (Path file : stale) {
            Files.deleteIfExists(file);
        }
        if (!stale.isEmpty()) {
            LOG.warn(
                    "removed {} stale lock file(s) from the cache {}, left by a run that was stopped mid-update",
                    stale.size(),
                    directory);
        }
        return stale.size();
    }

    /** Deletes everything in the cache but the lock file (held here), to rebuild a damaged cache; never follows links. */
    public void wipe() throws IOException {
        delete(directory, directory.resolve(LOCK));
    }

    /**
     * Whether the repository is shallow: a fetch left out the history below some commits (git's {@code shallow} file
     * lists them). The git backend fetches shallow into an empty cache for a fast-forward from the watermark; a later run
     * continues such a cache only when it knows the cut is exact, and the JGit backend empties it before it uses it.
     */
    public boolean isShallow() {
        return Files.exists(directory.resolve(SHALLOW));
    }

    /** The pack files in the cache's object store. */
    public int packCount() {
        Path packs = directory.resolve("objects").resolve("pack");
        if (!Files.isDirectory(packs)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(packs)) {
            return (int) files.filter(f -> f.getFileName().toString().endsWith(".pack"))
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * About how many loose objects the cache holds, estimated as git's {@code gc --auto} does: the objects in one of
     * the 256 fan-out folders ({@code objects/17}), times 256.
     */
    public int looseObjectEstimate() {
        Path sample = directory.resolve("objects").resolve("17");
        if (!Files.isDirectory(sample)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(sample)) {
            return (int) files.count() * 256;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether the cache holds more than {@value #PACK_LIMIT} packs or about {@value #LOOSE_LIMIT} loose objects, so
     * that its backend should repack it before closing (a temporary cache never: it is deleted).
     */
    public boolean needsRepack() {
        return !temporary && (packCount() > PACK_LIMIT || looseObjectEstimate() > LOOSE_LIMIT);
    }

    /** Releases the lock; deletes a temporary cache. */
    @Override
    public void close() {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } catch (IOException e) {
            LOG.debug("releasing the cache lock failed", e);
        }
        closeQuietly(channel);
        if (temporary) {
            try {
                delete(directory, null);
                Files.deleteIfExists(directory);
            } catch (IOException e) {
                LOG.warn("could not delete the temporary cache {}: {}", directory, describe(e));
            }
        }
    }

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

    /** Whether the git config file has {@code [mirrorsync]} with {@code cache = true}: read as text, no git library. */
    private static boolean markedInConfig(Path dir) {
        Path config = dir.resolve("config");
        if (!Files.isRegularFile(config)) {
            return false;
        }
        try {
            boolean inSection = false;
            for (String raw : Files.readAllLines(config, StandardCharsets.UTF_8)) {
                String line = raw.strip();
                if (line.startsWith("[")) {
                    inSection = line.equalsIgnoreCase("[" + CONFIG_SECTION + "]");
                } else if (inSection && line.replace(" ", "").equalsIgnoreCase(CONFIG_KEY + "=true")) {
                    return true;
                }
            }
            return false;
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static void delete(Path root, Path keep) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!file.equals(keep)) {
                    Files.delete(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                if (!d.equals(root)) {
                    Files.delete(d);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static MirrorSyncException foreign(Path dir) {
        return new MirrorSyncException(
                Reason.CACHE,
                "the cache directory " + dir + " is not empty and is not a"
                        + " mirror-sync cache (it has no " + MARKER
                        + " file): mirror-sync will not write into it. Point the"
                        + " cache at a new or empty directory, or at one mirror-sync created");
    }

    private static MirrorSyncException unusable(Path dir, Exception e) {
        String why = e == null ? "not readable and writable by this user" : describe(e);
        return new MirrorSyncException(
                Reason.CACHE,
                "cannot use the cache directory " + dir + " (" + why
                        + "): choose a directory this user can read and write",
                e);
    }

    /** A file system failure in a few words: "permission denied", or the reason the JDK gives. */
    public static String describe(Exception e) {
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
}
