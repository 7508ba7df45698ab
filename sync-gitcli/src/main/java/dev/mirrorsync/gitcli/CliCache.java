package dev.mirrorsync.gitcli;

import dev.mirrorsync.core.CacheDirectory;
import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.MirrorSyncException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The git backend's cache: the bare repository in a {@link CacheDirectory}, which owns the layout, the marker and the
 * lock shared with the JGit backend, so that either backend can use a cache the other made, and a run of one waits for
 * a run of the other. This class creates, checks and repacks the repository with the git command.
 */
final class CliCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CliCache.class);
    /**
     * Beside git's {@code shallow} file: the cut a shallow cache holds ({@link Cut}). Written only once the cut is known
     * to be exact, and removed before any fetch that could change it, so a run killed in between leaves a shallow cache
     * with no record, which the next run empties.
     */
    static final String CUT = "mirror-sync-cut";

    /**
     * What a shallow cache holds, below {@code boundary}, a commit here that both sides held: every commit here outside
     * the boundary's history has all its parents here, every cut commit lies in the boundary's history, and no other
     * commit does. {@code remote} is the key of the remote the cut was fetched from.
     */
    record Cut(CommitId boundary, String remote) {}

    private final CacheDirectory directory;
    private final GitProcess git;

    private CliCache(CacheDirectory directory, GitProcess git) {
        this.directory = directory;
        this.git = git;
    }

    Path directory() {
        return directory.directory();
    }

    /** Opens (creating, checking or rebuilding) the cache in {@code requested}, or in a temporary directory, and locks it. */
    static CliCache open(Optional<Path> requested, Duration lockWait, String gitExecutable) {
        CacheDirectory directory = CacheDirectory.openOrTemporary(requested, lockWait);
        CliCache cache =
                new CliCache(directory, new GitProcess(gitExecutable, directory.directory(), Duration.ofMinutes(5)));
        try {
            cache.prepare();
            return cache;
        } catch (IOException e) {
            cache.close();
            throw new MirrorSyncException(
                    Reason.CACHE,
                    "cannot use the cache directory " + directory.directory() + " (" + CacheDirectory.describe(e)
                            + "): choose a directory this user can create and write",
                    e);
        } catch (RuntimeException e) {
            cache.close();
            throw e;
        }
    }

    /** Under the lock: creates a fresh cache, or checks an existing one (rebuilding it when damaged). */
    private void prepare() throws IOException {
        if (directory.isFresh()) {
            create();
            return;
        }
        directory.removeStaleGitLocks();
        GitProcess.Result check = git.run(GitProcess.command("for-each-ref", "--format=%(objectname)"));
        GitProcess.Result config = git.run(GitProcess.command(
                "config", "--bool", CacheDirectory.CONFIG_SECTION + "." + CacheDirectory.CONFIG_KEY));
        if (!check.ok() || !config.out().strip().equals("true")) {
            LOG.warn(
                    "the cache {} is damaged ({}); rebuilding it (it holds only copies of remote objects)",
                    directory.directory(),
                    GitFailures.gist(check.ok() ? config.err() : check.err(), Secrets.NONE));
            directory.wipe();
            create();
        }
    }

    /** Whether a fetch left the repository shallow (see {@link CacheDirectory#isShallow()}). */
    boolean isShallow() {
        return directory.isShallow();
    }

    /** The commits whose parents a shallow fetch left out (empty when the history is complete). */
    List<CommitId> shallowCommits() {
        Path file = directory.directory().resolve(CacheDirectory.SHALLOW);
        try {
            if (!Files.exists(file)) {
                return List.of();
            }
            return Files.readAllLines(file, StandardCharsets.US_ASCII).stream()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty())
                    .map(CommitId::of)
                    .toList();
        } catch (IOException e) {
            throw new MirrorSyncException(
                    Reason.CACHE,
                    "cannot read " + file + " (" + CacheDirectory.describe(e) + "): delete the cache and run again",
                    e);
        }
    }

    /** The cut an earlier run recorded for this shallow cache; empty when the cache is whole or the record is missing. */
    Optional<Cut> recordedCut() {
        Path file = directory.directory().resolve(CUT);
        if (!isShallow() || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            String[] fields =
                    Files.readString(file, StandardCharsets.US_ASCII).strip().split(" ");
            if (fields.length != 2 || !fields[1].matches("[0-9a-f]{1,64}")) {
                return Optional.empty();
            }
            return Optional.of(new Cut(CommitId.of(fields[0]), fields[1]));
        } catch (IOException | IllegalArgumentException e) {
            // unreadable: as if there were no record, and the cache is emptied
            return Optional.empty();
        }
    }

    /** Records the exact cut a shallow fetch left (see {@link Cut}). */
    void recordCut(Cut cut) {
        replace(CUT, cut.boundary().hex() + " " + cut.remote() + "\n");
    }

    /** Forgets the recorded cut: the next run that finds this cache shallow empties it. */
    void forgetCut() {
        delete(CUT);
    }

    /**
     * Keeps the cut marks of {@link #shallowCommits()} that {@code keep} accepts and drops the others (under git's
     * own lock name, moved into place as git writes the file); with none left the history is complete and the file
     * goes.
     */
    void keepCuts(Predicate<CommitId> keep) {
        List<CommitId> cuts = shallowCommits();
        if (cuts.isEmpty()) {
            return;
        }
        StringBuilder kept = new StringBuilder();
        cuts.stream().filter(keep).forEach(cut -> kept.append(cut.hex()).append('\n'));
        if (kept.length() > 0) {
            replace(CacheDirectory.SHALLOW, kept.toString());
            return;
        }
        delete(CacheDirectory.SHALLOW);
        forgetCut();
    }

    private void delete(String name) {
        Path file = directory.directory().resolve(name);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new MirrorSyncException(
                    Reason.CACHE,
                    "cannot delete " + file + " (" + CacheDirectory.describe(e) + "): delete the cache and run again",
                    e);
        }
    }

    /** Replaces the file {@code name} in the repository with {@code text}: written under git's lock name, moved in place. */
    private void replace(String name, String text) {
        Path file = directory.directory().resolve(name);
        try {
            Path lock = directory.directory().resolve(name + ".lock");
            Files.writeString(lock, text, StandardCharsets.US_ASCII);
            Files.move(lock, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new MirrorSyncException(
                    Reason.CACHE,
                    "cannot write " + file + " (" + CacheDirectory.describe(e) + "): delete the cache and run again",
                    e);
        }
    }

    /** Whether the repository holds no ref at all: a new cache, or one whose every fetch failed. */
    boolean holdsNoRefs() {
        GitProcess.Result refs = git.run(GitProcess.command("for-each-ref", "--count=1", "--format=%(refname)"));
        require(refs, "reading the cache's refs");
        return refs.out().isBlank();
    }

    /** Empties the repository and creates it again, still under the lock (it holds only copies of remote objects). */
    void rebuild() {
        try {
            directory.wipe();
            create();
        } catch (IOException e) {
            throw new MirrorSyncException(
                    Reason.CACHE,
                    "cannot empty the cache directory " + directory.directory() + " (" + CacheDirectory.describe(e)
                            + "): delete it and run again",
                    e);
        }
    }

    private void create() throws IOException {
        // The marker goes first: a cache left half-made by a crash is still recognised as ours and rebuilt.
        directory.writeMarker();
        GitProcess outside = new GitProcess(git.executable(), null, Duration.ofMinutes(1));
        require(
                outside.run(GitProcess.command(
                        "init",
                        "-q",
                        "--bare",
                        "--template=",
                        "-b",
                        "main",
                        directory.directory().toString())),
                "creating the cache");
        require(
                git.run(GitProcess.command(
                        "config", CacheDirectory.CONFIG_SECTION + "." + CacheDirectory.CONFIG_KEY, "true")),
                "marking the cache");
        require(git.run(GitProcess.command("config", "core.logAllRefUpdates", "false")), "configuring the cache");
        LOG.debug("created the cache {}", directory.directory());
    }

    private static void require(GitProcess.Result result, String doing) {
        if (!result.ok()) {
            throw GitFailures.cache(doing, result);
        }
    }

    /**
     * Repacks a cache that holds too many packs (see {@link CacheDirectory#needsRepack()}) into one, still under the
     * lock, then releases the lock; deletes a temporary cache. A failed repack is logged, not thrown: the cache stays
     * correct, just slower, and the next close tries again.
     */
    @Override
    public void close() {
        try {
            if (directory.needsRepack()) {
                repack();
            }
        } finally {
            directory.close();
        }
    }

    private void repack() {
        int before = directory.packCount();
        // git's own gc (in the foreground): every reachable object into one pack, the old packs and the loose copies
        // deleted; unreachable objects are kept loose until they expire (the cache holds only copies of remote
        // objects).
        // A shallow cache (kept from run to run, see Cut) is repacked without gc's prune, and with its unreachable
        // objects kept (-k): dropping a packed parent while its loose child stays would leave an uncut commit without
        // it.
        GitProcess.Result result = directory.isShallow()
                ? git.run(GitProcess.command("repack", "-a", "-d", "-k", "-q"))
                : git.run(GitProcess.command("gc", "--quiet").config("gc.autoDetach", "false"));
        if (result.ok()) {
            LOG.info("repacked the cache {}: {} packs became {}", directory.directory(), before, directory.packCount());
        } else {
            LOG.warn(
                    "could not repack the cache {} ({} packs): {}",
                    directory.directory(),
                    before,
                    GitFailures.gist(result.err(), Secrets.NONE));
        }
    }
}
