package dev.mirrorsync.core;

import dev.mirrorsync.core.spi.SyncStateStore;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps watermarks in a properties file, {@code <pair>/<branch>=<commit>}. A compare-and-set holds an
 * exclusive lock on a sibling {@code .lock} file and replaces the file atomically, so concurrent processes
 * never lose each other's writes.
 */
final class FileSyncStateStore implements SyncStateStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileSyncStateStore.class);
    private static final Duration LOCK_WAIT = Duration.ofMinutes(2);

    private final Path file;

    FileSyncStateStore(Path file) {
        this.file = file.toAbsolutePath();
    }

    @Override
    public Optional<CommitId> read(MirrorPair pair, String branch) {
        return Optional.ofNullable(load().getProperty(key(pair, branch))).map(CommitId::of);
    }

    @Override
    @SuppressWarnings("try") // the lock is held for the block's extent, not used in it
    public boolean compareAndSet(MirrorPair pair, String branch, Optional<CommitId> expected, CommitId next) {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = lock(channel)) {
                Properties properties = load();
                String key = key(pair, branch);
                Optional<CommitId> current = Optional.ofNullable(properties.getProperty(key)).map(CommitId::of);
                if (!current.equals(expected)) {
                    return current.equals(Optional.of(next));
                }
                properties.setProperty(key, next.hex());
                store(properties);
                return true;
            }
        } catch (IOException e) {
            throw new MirrorSyncException(MirrorSyncException.Reason.INVALID_INPUT,
                    "cannot write the state file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Waits for another run's lock, in another process or in this JVM (two stores on one file). */
    private FileLock lock(FileChannel channel) throws IOException {
        return FileLocks.lock(channel, LOCK_WAIT, () -> LOG.info("waiting for the lock of the state file {}", file))
                .orElseThrow(() -> new IOException("another run held its lock for over " + LOCK_WAIT.toSeconds() + " s"));
    }

    private static String key(MirrorPair pair, String branch) {
        return pair.name() + "/" + branch;
    }

    private Properties load() {
        Properties properties = new Properties();
        if (!Files.exists(file)) {
            return properties;
        }
        try {
            properties.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
            // A damaged file must not read as "no watermark": that would silently switch off rewrite detection.
            for (String key : properties.stringPropertyNames()) {
                if (!key.contains("/")) {
                    throw new IllegalArgumentException("'" + PrintableText.of(key) + "' is not a <pair>/<branch> key");
                }
                CommitId.of(properties.getProperty(key));
            }
            return properties;
        } catch (IOException | IllegalArgumentException e) {
            throw new MirrorSyncException(MirrorSyncException.Reason.INVALID_INPUT,
                    "cannot read the state file " + file + " (" + e.getMessage() + "); fix or delete it (the next run then"
                            + " starts without watermarks), or choose another with --state file:PATH", e);
        }
    }

    private void store(Properties properties) throws IOException {
        StringWriter text = new StringWriter();
        properties.store(text, "mirror-sync watermarks: <pair>/<branch>=<last commit both sides agreed on>");
        Path temp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            out.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
            out.force(true);
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public String toString() {
        return "file:" + file;
    }
}
