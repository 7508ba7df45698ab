package dev.mirrorsync.cli;

import dev.mirrorsync.core.MirrorPair;
import dev.mirrorsync.core.MirrorSync;
import dev.mirrorsync.core.RetryPolicy;
import dev.mirrorsync.core.SyncStateStores;
import dev.mirrorsync.core.spi.CrashHook;
import dev.mirrorsync.core.spi.GitBackend;
import dev.mirrorsync.core.spi.IssueTracker;
import dev.mirrorsync.core.spi.SyncStateStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Everything one command run needs, wired from the options: the pair, the git backend over its cache, the
 * watermark store, the tracker, and the {@link MirrorSync} over them. Everything is checked before any
 * remote is touched, so that a configuration error changes nothing.
 */
final class Session implements AutoCloseable {
    private final MirrorPair pair;
    private final Backends.Opened backend;
    private final Optional<IssueTracker> tracker;
    private final MirrorSync mirrorSync;

    private Session(MirrorPair pair, Backends.Opened backend, Optional<IssueTracker> tracker, MirrorSync mirrorSync) {
        this.pair = pair;
        this.backend = backend;
        this.tracker = tracker;
        this.mirrorSync = mirrorSync;
    }

    /**
     * @param withTracker {@code false} for read-only commands, which never touch a tracker
     */
    static Session open(
            Console console, PairOptions pairOptions, EngineOptions engine, boolean withTracker, boolean showProgress) {
        MirrorPair pair = pairOptions.toPair(console);
        RetryPolicy retryPolicy =
                RetryPolicy.builder().maxRetryAfterWait(engine.maxRetryWait()).build();
        Optional<IssueTracker> tracker =
                withTracker ? Trackers.create(engine.tracker, engine, console) : Optional.empty();
        Optional<CrashHook> halt = TestHalt.fromEnvironment(console);
        Backends.Opened backend = Backends.open(
                engine.backend,
                cacheDirectory(engine, pair, console),
                showProgress ? Optional.of(new ProgressLine(console.err())) : Optional.empty(),
                halt);
        try {
            SyncStateStore store = stateStore(engine.state, backend.backend());
            MirrorSync.Builder builder = MirrorSync.builder()
                    .gitBackend(backend.backend())
                    .stateStore(store)
                    .retryPolicy(retryPolicy)
                    .spelling(new CliSpelling(pairOptions, engine));
            tracker.ifPresent(builder::issueTracker);
            halt.ifPresent(builder::crashHook);
            return new Session(pair, backend, tracker, builder.build());
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    MirrorPair pair() {
        return pair;
    }

    MirrorSync mirrorSync() {
        return mirrorSync;
    }

    Optional<IssueTracker> tracker() {
        return tracker;
    }

    @Override
    public void close() {
        backend.close();
    }

    private static SyncStateStore stateStore(String spec, GitBackend backend) {
        checkStateSpec(spec);
        if (spec.equals("ref")) {
            return SyncStateStores.privateRef(backend);
        }
        if (spec.equals("none")) {
            return SyncStateStores.none();
        }
        return SyncStateStores.file(path(spec.substring("file:".length()), "--state file:PATH"));
    }

    /** Refuses a {@code --state} that is not {@code ref}, {@code file:PATH} or {@code none}. */
    static void checkStateSpec(String spec) {
        boolean file = spec.startsWith("file:") && spec.length() > "file:".length();
        if (!spec.equals("ref") && !spec.equals("none") && !file) {
            throw new IllegalArgumentException("--state must be ref, file:PATH or none, not '" + spec + "'");
        }
    }

    /** {@code --cache}, or a directory per pair under {@code $XDG_CACHE_HOME/mirror-sync} ({@code ~/.cache}). */
    private static Path cacheDirectory(EngineOptions engine, MirrorPair pair, Console console) {
        if (engine.cache != null) {
            return path(engine.cache, "--cache DIR");
        }
        Path root = console.env("XDG_CACHE_HOME")
                .map(Path::of)
                .or(() -> console.env("HOME").map(home -> Path.of(home, ".cache")))
                .orElse(Path.of(System.getProperty("java.io.tmpdir")));
        String id = pair.privateRepo().url() + "\n" + pair.publicRepo().url();
        return root.resolve("mirror-sync").resolve(pair.name().replace('/', '_') + "-" + shortHash(id));
    }

    private static Path path(String text, String option) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(
                    option + ": '" + text + "' is not a usable path (" + e.getReason() + ")");
        }
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
