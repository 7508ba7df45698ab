package dev.mirrorsync.jgit;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.MirrorPair;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.Side;
import dev.mirrorsync.core.spi.GitBackend;
import dev.mirrorsync.testing.GitCommand;
import dev.mirrorsync.testing.SyncWorld;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A {@link SyncWorld} over real git: the pair's two remotes are bare repositories made by C git, the engine's
 * backend is a real one (a {@link JGitBackend} unless told otherwise) over its own cache directory, and everything the harness does from
 * outside (commits, force-pushes, deletions, and every question the invariant checker asks) is done by the
 * {@code git} command on those repositories, isolated from the host's configuration as {@link GitCli} is.
 *
 * <ul>
 *   <li>A commit is one {@code git fast-import} run: the first parent's tree plus a new file, as in memory.
 *       fast-import needs a ref to build on, so it uses a scratch ref that the same stream deletes again.</li>
 *   <li>Parents made on the other side are copied first with {@code git pack-objects | git unpack-objects}, so each
 *       repository holds only what was made there, copied there, or pushed there by the engine.</li>
 *   <li>{@link #reachable} is {@code git rev-list} on that side's repository: "nothing lost" is git's answer.
 *       Answers are kept per side and tip; that is sound because a commit's ancestry never changes and nothing in
 *       these repositories deletes objects ({@code gc.auto=0}, {@code receive.autogc=false}). {@link #firstParent}
 *       is {@code git rev-list --parents}, kept the same way.</li>
 *   <li>{@link #refs} is {@code git for-each-ref}, kept until the next write: {@link #setRef}, or any push through
 *       {@link #backend()} (the only ways these repositories' refs change), so that the harness's before/after
 *       snapshots do not list unchanged repositories again.</li>
 * </ul>
 *
 * <p>Commit times come from a per-world clock, so one seed gives the same commit ids on every replay. Not
 * thread-safe, as {@link SyncWorld} says.
 */
public final class GitSyncWorld implements SyncWorld, AutoCloseable {
    private static final AtomicInteger WORLDS = new AtomicInteger();
    private static final String SCRATCH_REF = "refs/mirror-sync-test/fast-import";
    private static final String COMMITTER = "Mirror Sync Test <test@mirror-sync.invalid>";

    private final Path home;
    private final Path remotes;
    private final BiFunction<Side, Path, String> urls;
    private final Function<Path, GitBackend> backends;
    private final String prefix;
    private final Map<Side, Path> bare = new EnumMap<>(Side.class);
    private final Map<CommitId, Side> madeOn = new HashMap<>();
    private final Map<Side, Set<CommitId>> present = new EnumMap<>(Side.class);
    private final Map<Side, Map<CommitId, Set<CommitId>>> closures = new EnumMap<>(Side.class);
    private final Map<CommitId, Optional<CommitId>> firstParents = new HashMap<>();
    private MirrorPair pair;
    private PushWatchingBackend backend;
    /** Each side's refs as git last listed them; forgotten on every write (ours, or a push by the engine). */
    private final Map<Side, Map<String, CommitId>> refs = new EnumMap<>(Side.class);

    private long clock = 1_700_000_000L;
    private int files;

    /**
     * @param home a new directory for this world's cache (and, for {@code file://}, its remotes)
     * @param remotes where the bare repositories go (a server's root, for HTTP)
     * @param urls the URL the engine reaches a side's bare repository by
     */
    private GitSyncWorld(
            Path home, Path remotes, BiFunction<Side, Path, String> urls, Function<Path, GitBackend> backends) {
        this.home = home;
        this.backends = backends;
        this.remotes = remotes;
        this.urls = urls;
        this.prefix = "world" + WORLDS.incrementAndGet() + "-";
        for (Side side : Side.values()) {
            present.put(side, new HashSet<>());
            closures.put(side, new HashMap<>());
        }
    }

    /** Remotes reached by {@code file://} URLs, under {@code home}. */
    static GitSyncWorld overFiles(Path home) {
        return overFiles(home, GitSyncWorld::jgit);
    }

    /**
     * Remotes reached by {@code file://} URLs, under {@code home}, synced by the backend {@code backends} opens on a
     * cache directory (closed with the world when it is {@link AutoCloseable}).
     */
    public static GitSyncWorld overFiles(Path home, Function<Path, GitBackend> backends) {
        Path remotes = home.resolve("remotes");
        return new GitSyncWorld(home, remotes, (side, dir) -> dir.toUri().toString(), backends);
    }

    private static GitBackend jgit(Path cache) {
        return JGitBackend.builder().cacheDirectory(cache).build();
    }

    /** Remotes in {@code servedRoot}, reached over smart HTTP: private through one server, public through the other. */
    static GitSyncWorld overHttp(
            Path home, Path servedRoot, JGitHttpServer privateServer, JGitHttpServer publicServer) {
        return overHttp(home, servedRoot, privateServer, publicServer, GitSyncWorld::jgit);
    }

    /** The same, synced by the backend {@code backends} opens on a cache directory. */
    public static GitSyncWorld overHttp(
            Path home,
            Path servedRoot,
            JGitHttpServer privateServer,
            JGitHttpServer publicServer,
            Function<Path, GitBackend> backends) {
        return new GitSyncWorld(
                home,
                servedRoot,
                (side, dir) -> (side == Side.PRIVATE ? privateServer : publicServer)
                        .url(dir.getFileName().toString()),
                backends);
    }

    @Override
    public MirrorPair createPair(
            String name, List<String> branches, Optional<String> privateToken, Optional<String> publicToken) {
        if (pair != null) {
            throw new IllegalStateException("a world holds one pair");
        }
        Path first = init(remotes.resolve(prefix + Side.PRIVATE.label() + ".git"));
        bare.put(Side.PRIVATE, first);
        // The public one is a copy of the new, empty private one: the same bytes git init writes, one process less.
        bare.put(Side.PUBLIC, copy(first, remotes.resolve(prefix + Side.PUBLIC.label() + ".git")));
        pair = MirrorPair.builder()
                .name(name)
                .privateRepo(RepoLocation.of(urls.apply(Side.PRIVATE, bare.get(Side.PRIVATE)), privateToken))
                .publicRepo(RepoLocation.of(urls.apply(Side.PUBLIC, bare.get(Side.PUBLIC)), publicToken))
                .branches(branches)
                .build();
        return pair;
    }

    private static Path init(Path dir) {
        try {
            Files.createDirectories(dir.getParent());
            // No template: no sample hooks to copy, and nothing from the host.
            git(dir.getParent(), null, "init", "-q", "--bare", "--template=", "-b", "main", dir.toString());
            // Nothing may delete an object while the world is checked against it. These throwaway repositories need
            // no fsync, and fast-import may keep its one-commit pack instead of exploding it with a second process.
            Files.writeString(
                    dir.resolve("config"),
                    "[gc]\n\tauto = 0\n[receive]\n\tautogc = false\n[core]\n\tfsync = none\n"
                            + "[fastimport]\n\tunpackLimit = 0\n",
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    private static Path copy(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Files.copy(path, to.resolve(from.relativize(path).toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }

    @Override
    public GitBackend backend() {
        pairOrThrow();
        if (backend == null) {
            backend = new PushWatchingBackend(backends.apply(home.resolve("cache")), () -> refs.clear());
        }
        return backend;
    }

    @Override
    public CommitId commit(Side side, List<CommitId> parents, String subject, String author) {
        Path repo = repo(side);
        ensurePresent(side, parents);
        files++;
        clock += 60;
        String message = subject + "\n";
        String content = subject + "\n";
        StringBuilder stream = new StringBuilder();
        stream.append("commit ").append(SCRATCH_REF).append('\n');
        stream.append("mark :1\n");
        stream.append("author ")
                .append(author)
                .append(" <author@mirror-sync.invalid> ")
                .append(clock)
                .append(" +0000\n");
        stream.append("committer ").append(COMMITTER).append(' ').append(clock).append(" +0000\n");
        data(stream, message);
        for (int i = 0; i < parents.size(); i++) {
            stream.append(i == 0 ? "from " : "merge ")
                    .append(parents.get(i).hex())
                    .append('\n');
        }
        stream.append("M 100644 inline file-").append(files).append(".txt\n");
        data(stream, content);
        stream.append('\n');
        // A reset without "from" deletes the scratch ref when the import ends.
        stream.append("reset ").append(SCRATCH_REF).append("\n\n");
        stream.append("get-mark :1\n");
        String out = git(repo, stream.toString(), "fast-import", "--quiet", "--date-format=raw");
        CommitId id = CommitId.of(out.strip());
        madeOn.put(id, side);
        present.get(side).add(id);
        return id;
    }

    private static void data(StringBuilder stream, String text) {
        stream.append("data ")
                .append(text.getBytes(StandardCharsets.UTF_8).length)
                .append('\n')
                .append(text);
    }

    /** Copies commits (with their history) that {@code side} may not have yet from the side they were made on. */
    private void ensurePresent(Side side, Collection<CommitId> commits) {
        for (CommitId commit : commits) {
            if (present.get(side).contains(commit)) {
                continue;
            }
            Side source = madeOn.get(commit);
            if (source == null) {
                throw new IllegalArgumentException("commit " + commit.abbreviated() + " was not made by this world");
            }
            byte[] pack = run(
                            repo(source),
                            (commit.hex() + "\n").getBytes(StandardCharsets.UTF_8),
                            "pack-objects",
                            "--revs",
                            "--stdout",
                            "-q")
                    .out();
            run(repo(side), pack, "unpack-objects", "-q");
            present.get(side).add(commit);
        }
    }

    @Override
    public void setRef(Side side, String ref, Optional<CommitId> value) {
        Map<String, CommitId> known = refs.remove(side);
        if (value.isEmpty() && known != null && !known.containsKey(ref)) {
            refs.put(side, known);
            return;
        }
        if (value.isPresent()) {
            ensurePresent(side, List.of(value.get()));
            git(repo(side), null, "update-ref", ref, value.get().hex());
        } else {
            git(repo(side), null, "update-ref", "-d", ref);
        }
    }

    @Override
    public Map<String, CommitId> refs(Side side) {
        return refs.computeIfAbsent(side, this::forEachRef);
    }

    private Map<String, CommitId> forEachRef(Side side) {
        String out = git(repo(side), null, "for-each-ref", "--format=%(objectname) %(refname)");
        Map<String, CommitId> found = new TreeMap<>();
        for (String line : out.lines().toList()) {
            int space = line.indexOf(' ');
            found.put(line.substring(space + 1), CommitId.of(line.substring(0, space)));
        }
        if (found.containsKey(SCRATCH_REF)) {
            throw new IllegalStateException("git fast-import left its scratch ref " + SCRATCH_REF + " behind");
        }
        return Collections.unmodifiableMap(found);
    }

    @Override
    public Set<CommitId> reachable(Side side, Collection<CommitId> tips) {
        Set<CommitId> all = new HashSet<>();
        for (CommitId tip : tips) {
            all.addAll(closures.get(side).computeIfAbsent(tip, t -> revList(side, t)));
        }
        return all;
    }

    private Set<CommitId> revList(Side side, CommitId tip) {
        String out = git(repo(side), null, "rev-list", tip.hex(), "--");
        Set<CommitId> ids = new HashSet<>();
        out.lines().forEach(line -> ids.add(CommitId.of(line)));
        return Set.copyOf(ids);
    }

    @Override
    public Optional<CommitId> firstParent(CommitId commit) {
        return firstParents.computeIfAbsent(commit, c -> {
            Side side = Optional.ofNullable(madeOn.get(c))
                    .orElseThrow(() ->
                            new IllegalArgumentException("commit " + c.abbreviated() + " was not made by this world"));
            String[] line = git(repo(side), null, "rev-list", "--parents", "-n", "1", c.hex(), "--")
                    .strip()
                    .split(" ");
            return line.length > 1 ? Optional.of(CommitId.of(line[1])) : Optional.empty();
        });
    }

    /** Closes the backend and deletes the world's repositories and cache. */
    @Override
    public void close() {
        if (backend != null) {
            backend.close();
        }
        bare.values().forEach(GitSyncWorld::delete);
        delete(home);
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }

    private Path repo(Side side) {
        pairOrThrow();
        return bare.get(side);
    }

    private MirrorPair pairOrThrow() {
        if (pair == null) {
            throw new IllegalStateException("createPair first");
        }
        return pair;
    }

    // ---------------------------------------------------------------------------------------------

    private record Output(byte[] out, String err) {}

    private static String git(Path cwd, String input, String... args) {
        return new String(
                run(cwd, input == null ? null : input.getBytes(StandardCharsets.UTF_8), args)
                        .out(),
                StandardCharsets.UTF_8);
    }

    /** Runs git in {@code cwd} with the host's configuration shut out; fails unless it exits with 0. */
    private static Output run(Path cwd, byte[] input, String... args) {
        GitCommand.Result result = GitCommand.run(cwd, Map.of(), input, List.of(args));
        if (result.exit() != 0) {
            throw new AssertionError("git " + String.join(" ", args) + " failed in " + cwd + " (exit " + result.exit()
                    + "): " + result.err().strip());
        }
        return new Output(result.stdout(), result.err());
    }
}
