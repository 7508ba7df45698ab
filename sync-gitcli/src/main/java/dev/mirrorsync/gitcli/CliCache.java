package dev.mirrorsync.gitcli;

import dev.mirrorsync.core.FileLocks;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.MirrorSyncException.Reason;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The git backend's cache: a bare repository laid out, marked and locked exactly as the JGit backend's is (the marker
 * file {@value #MARKER}, {@code mirrorsync.cache = true} in its config, the lock file {@value #LOCK}, tracking refs under
 * {@code refs/mirror-sync/cache/<key>/}), so that either backend can use a cache the other made, and a run of one waits
 * for a run of the other. A directory that is neither empty nor such a cache is refused before anything is written.
 */
final class CliCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CliCache.class);
    static final String MARKER = "MIRROR_SYNC_CACHE";
    static final String LOCK = "mirror-sync.lock";

    private final Path directory;
    private final boolean temporary;
    private final FileChannel channel;
    private final FileLock lock;

    private CliCache(Path directory, boolean temporary, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.temporary = temporary;
        this.channel = channel;
        this.lock = lock;
    }

    Path directory() {
        return directory;
    }

    private enum Kind { FRESH, OURS, FOREIGN }

    static CliCache open(Path requested, boolean temporary, Duration lockWait, String git) {
        Path dir = requested.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new MirrorSyncException(Reason.CACHE, "the cache directory " + dir
                    + " is a file, not a directory: point the cache at a new or empty directory");
        }
        if (Files.isDirectory(dir) && classify(dir) == Kind.FOREIGN) {
            throw foreign(dir);
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = FileLocks.lock(channel, lockWait,
                            () -> LOG.info("waiting for the cache lock {}: another mirror-sync run is using {}", LOCK, dir))
                    .orElseThrow(() -> new MirrorSyncException(Reason.CACHE, "the cache " + dir + " is in use by another"
                            + " mirror-sync run (waited " + lockWait.toSeconds() + " s for its lock " + LOCK + "): let it"
                            + " finish, or give this run its own cache directory"));
            CliCache cache = new CliCache(dir, temporary, channel, lock);
            try {
                cache.prepare(new GitProcess(git, dir, Duration.ofMinutes(5)));
            } catch (RuntimeException e) {
                cache.close();
                throw e;
            }
            return cache;
        } catch (InterruptedIOException e) {
            closeQuietly(channel);
            throw new MirrorSyncException(Reason.CACHE, "interrupted while waiting for the lock of the cache " + dir, e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new MirrorSyncException(Reason.CACHE, "cannot use the cache directory " + dir + " (" + e.getMessage()
                    + "): choose a directory this user can create and write", e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** Under the lock: creates a fresh cache, or checks an existing one (rebuilding it when damaged). */
    private void prepare(GitProcess git) throws IOException {
        switch (classify(directory)) {
            case FOREIGN -> throw foreign(directory);
            case FRESH -> create(git);
            case OURS -> {
                removeStaleGitLocks();
                GitProcess.Result check = git.run(GitProcess.command("for-each-ref", "--format=%(objectname)"));
                GitProcess.Result config = git.run(GitProcess.command("config", "--bool", "mirrorsync.cache"));
                if (!check.ok() || !config.out().strip().equals("true")) {
                    LOG.warn("the cache {} is damaged ({}); rebuilding it (it holds only copies of remote objects)",
                            directory, GitFailures.gist(check.ok() ? config.err() : check.err(), Secrets.NONE));
                    wipe();
                    create(git);
                }
            }
        }
    }

    private void create(GitProcess git) throws IOException {
        // The marker goes first: a cache left half-made by a crash is still recognised as ours and rebuilt.
        Files.writeString(directory.resolve(MARKER), "This directory is a mirror-sync cache: a bare git repository holding"
                + " copies of remote objects.\nIt is safe to delete when no mirror-sync run is using it.\n",
                StandardCharsets.UTF_8);
        GitProcess outside = new GitProcess(git.executable(), null, Duration.ofMinutes(1));
        require(outside.run(GitProcess.command("init", "-q", "--bare", "--template=", "-b", "main", directory.toString())),
                "creating the cache");
        require(git.run(GitProcess.command("config", "mirrorsync.cache", "true")), "marking the cache");
        require(git.run(GitProcess.command("config", "core.logAllRefUpdates", "false")), "configuring the cache");
        LOG.debug("created the cache {}", directory);
    }

    private static void require(GitProcess.Result result, String doing) {
        if (!result.ok()) {
            throw GitFailures.cache(doing, result);
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
            throw new MirrorSyncException(Reason.CACHE, "cannot read the cache directory " + dir + " (" + e.getMessage()
                    + "): choose a directory this user can read and write", e);
        }
        if (empty) {
            return Kind.FRESH;
        }
        return markedInConfig(dir) ? Kind.OURS : Kind.FOREIGN;
    }

    private static boolean markedInConfig(Path dir) {
        Path config = dir.resolve("config");
        try {
            return Files.isRegularFile(config) && Files.readAllLines(config, StandardCharsets.UTF_8).stream()
                    .map(String::strip).anyMatch(l -> l.equalsIgnoreCase("[mirrorsync]"));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    private static MirrorSyncException foreign(Path dir) {
        return new MirrorSyncException(Reason.CACHE, "the cache directory " + dir + " is not empty and is not a"
                + " mirror-sync cache: point the cache at a new or empty directory");
    }

    /**
     * Deletes the lock files a stopped run left behind (every {@code *.lock} but ours, and packs' {@code .keep} files):
     * only mirror-sync writes a cache, and only while holding {@value #LOCK}, which this process now holds.
     */
    private void removeStaleGitLocks() throws IOException {
        Path ours = directory.resolve(LOCK);
        Path objects = directory.resolve("objects");
        Path packs = objects.resolve("pack");
        List<Path> stale = new ArrayList<>();
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                boolean loose = objects.equals(d.getParent()) && d.getFileName().toString().length() == 2;
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
            LOG.warn("removed {} stale lock file(s) from the cache {}, left by a run that was stopped mid-update",
                    stale.size(), directory);
        }
    }

    private void wipe() throws IOException {
        delete(directory, directory.resolve(LOCK));
    }

    /** Deletes a tree (but {@code keep}); never follows symbolic links. */
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

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing the cache lock file failed", e);
        }
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
                LOG.debug("could not delete the temporary cache {}", directory, e);
            }
        }
    }
}
