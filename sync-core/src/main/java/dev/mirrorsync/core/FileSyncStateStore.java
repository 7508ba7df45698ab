package dev.mirrorsync.core;

import dev.mirrorsync.core.spi.SyncStateStore;
import dev.mirrorsync.core.spi.SyncedTags;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
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
    public boolean compareAndSet(MirrorPair pair, String branch, Optional<CommitId> expected, CommitId next) {
        return underLock(properties -> {
            String key = key(pair, branch);
            Optional<CommitId> current =
                    Optional.ofNullable(properties.getProperty(key)).map(CommitId::of);
            if (!current.equals(expected)) {
                return current.equals(Optional.of(next)) ? Change.SAME : Change.REFUSED;
            }
            properties.setProperty(key, next.hex());
            return Change.WRITTEN;
        });
    }

    /** Tags are kept beside the watermarks as {@code <pair>/tag:<name>=<object>}: no branch name contains ':'. */
    @Override
    public SyncedTags readTags(MirrorPair pair, Map<String, CommitId> listed) {
        return SyncedTags.of(tags(load(), pair), Optional.empty());
    }

    @Override
    public boolean compareAndSetTags(MirrorPair pair, SyncedTags expected, Map<String, CommitId> next) {
        return underLock(properties -> {
            Map<String, CommitId> current = tags(properties, pair);
            if (!current.equals(expected.tags())) {
                return current.equals(next) ? Change.SAME : Change.REFUSED;
            }
            current.keySet().forEach(tag -> properties.remove(tagKey(pair, tag)));
            next.forEach((tag, id) -> properties.setProperty(tagKey(pair, tag), id.hex()));
            return Change.WRITTEN;
        });
    }

    private static Map<String, CommitId> tags(Properties properties, MirrorPair pair) {
        String prefix = tagKey(pair, "");
        Map<String, CommitId> tags = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(prefix)) {
                tags.put(key.substring(prefix.length()), CommitId.of(properties.getProperty(key)));
            }
        }
        return tags;
    }

    private static String tagKey(MirrorPair pair, String tag) {
        return pair.name() + "/tag:" + tag;
    }

    /** What a compare-and-set found: it wrote, the value was already the new one, or another run changed it. */
    private enum Change {
        WRITTEN,
        SAME,
        REFUSED
    }

    /** Runs {@code change} on the file's properties holding the lock, and writes them when it says so. */
    @SuppressWarnings("try") // the lock is held for the block's extent, not used in it
    private boolean underLock(Function<Properties, Change> change) {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = lock(channel)) {
                Properties properties = load();
                Change result = change.apply(properties);
                if (result == Change.WRITTEN) {
                    store(properties);
                }
                return result != Change.REFUSED;
            }
        } catch (IOException e) {
            throw new MirrorSyncException(
                    MirrorSyncException.Reason.INVALID_INPUT,
                    "cannot write the state file " + file + ": " + e.getMessage(),
                    e);
        }
    }

    /** Waits for another run's lock, in another process or in this JVM (two stores on one file). */
    private FileLock lock(FileChannel channel) throws IOException {
        return FileLocks.lock(channel, LOCK_WAIT, () -> LOG.info("waiting for the lock of the state file {}", file))
                .orElseThrow(
                        () -> new IOException("another run held its lock for over " + LOCK_WAIT.toSeconds() + " s"));
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
            throw new MirrorSyncException(
                    MirrorSyncException.Reason.INVALID_INPUT,
                    "cannot read the state file " + file + " (" + e.getMessage()
                            + "); fix or delete it (the next run then"
                            + " starts without watermarks), or choose another state file",
                    e);
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
