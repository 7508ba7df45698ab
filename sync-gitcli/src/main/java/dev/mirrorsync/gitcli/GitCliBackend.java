package dev.mirrorsync.gitcli;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.CommitInfo;
import dev.mirrorsync.core.CommitList;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.MirrorSyncException.Reason;
import dev.mirrorsync.core.PrintableText;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.spi.GitBackend;
import dev.mirrorsync.core.spi.MergeRequest;
import dev.mirrorsync.core.spi.MergeResult;
import dev.mirrorsync.core.spi.PushResult;
import dev.mirrorsync.core.spi.RefUpdate;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link GitBackend} on the user's own {@code git} command (2.38 or newer), as Copybara drives it: listings that
 * ask the server for the wanted refs only ({@link RefListing}; {@code ls-remote} where that cannot be done), {@code
 * fetch} of only the named refs into a local bare cache, {@code push --porcelain} with
 * one {@code --force-with-lease=<ref>:<expected>} per update, {@code merge-base}, {@code rev-list}, and {@code
 * merge-tree --write-tree} for in-memory merges. C git's transport, pack negotiation and delta code are what plain
 * {@code git} users already run; this backend adds only the leases and the bookkeeping.
 *
 * <pre>{@code
 * try (GitCliBackend backend = GitCliBackend.builder().cacheDirectory(cache).build()) {
 *     MirrorSync.builder().gitBackend(backend).build().sync(pair, SyncRequest.defaults());
 * }
 * }</pre>
 *
 * <p><b>Cache.</b> The same layout, marker and lock as the JGit backend's cache, so either backend can reuse the
 * other's directory; exclusive from {@link Builder#build()} to {@link #close()}. Without a directory, a temporary one is
 * used and deleted on close.
 *
 * <p><b>Isolation and credentials.</b> Each command runs with the host's system and global git configuration shut out,
 * no hooks, no credential helpers, no prompts, and no {@code GIT_*} variable of the caller but the SSH ones. An HTTPS
 * token is given to the one command that talks to its remote as an {@code Authorization} header scoped to that URL,
 * through the environment: it is never in an argument, a URL, the cache's configuration, a log line, a message or
 * {@link #toString()}.
 *
 * <p><b>Failures</b> are {@link MirrorSyncException}s: {@code AUTHENTICATION}, {@code PERMISSION}, {@code NOT_FOUND},
 * {@code NETWORK} and {@code SERVER_ERROR} (retryable), {@code CACHE}, {@code INVALID_INPUT}, and {@code UNSUPPORTED}
 * when no suitable git is installed. A rejected push is a {@link PushResult}.
 *
 * <p>Thread-safe: calls on one instance are serialised.
 */
public final class GitCliBackend implements GitBackend, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GitCliBackend.class);
    /** The oldest git with {@code merge-tree --write-tree}. */
    static final int MIN_MAJOR = 2;

    static final int MIN_MINOR = 38;
    static final String TRACKING_PREFIX = "refs/mirror-sync/cache/";
    private static final Pattern VERSION = Pattern.compile("git version (\\d+)\\.(\\d+)");
    private static final Pattern MISSING_REF = Pattern.compile("couldn't find remote ref (\\S+)");
    /** What git prints when a server will not send an object it does not advertise (the client's or the server's words). */
    private static final Pattern UNADVERTISED =
            Pattern.compile("not our ref|unadvertised object|not allow request for", Pattern.CASE_INSENSITIVE);

    /** What git prints when a server (or its transport) cannot cut the history: then the history is fetched whole. */
    private static final Pattern NO_SHALLOW =
            Pattern.compile("shallow|deepen|does not support", Pattern.CASE_INSENSITIVE);

    /**
     * What git says when a fetch excluding the boundary's history has nothing to send: the server's own words (local
     * paths, SSH), or, over smart HTTP, where the server's message stays in its log, the response ending where its
     * shallow section should be (git's {@code PACKET_READ_RESPONSE_END}, 4).
     */
    private static final Pattern NOTHING_NEW =
            Pattern.compile("no commits selected for shallow requests|error processing shallow info: 4");
    /** Commits asked for one by one to complete a shallow fetch's new history, at most; beyond, it is fetched whole. */
    private static final int MAX_PROBES = 64;

    private static final Pattern VALID_REF = Pattern.compile("refs/[A-Za-z0-9._/+@-]+");
    private static final char FIELD = '\u001f';
    private static final char RECORD = '\u001e';

    private final CliCache cache;
    private final GitProcess git;
    private final Duration timeout;
    /** The shallow fetch this instance made into its empty cache, while the cache is still shallow; else null. */
    private ShallowFetch shallow;
    /**
     * An earlier run's shallow cache with its recorded cut, not yet used by this run: a fast-forward from the watermark
     * continues it ({@link #continueTheCut}); anything else empties the cache first ({@link #useCache()}).
     */
    private CliCache.Cut kept;
    /** This instance fetches whole histories: a shallow fetch fell back, or the history was completed. */
    private boolean fetchWhole;
    /** A commit was written here (a record, a merge): the cache is no longer empty even before a ref names it. */
    private boolean wroteLocally;

    private boolean closed;

    private GitCliBackend(CliCache cache, GitProcess git, Duration timeout) {
        this.cache = cache;
        this.git = git;
        this.timeout = timeout;
        if (cache.isShallow()) {
            kept = cache.recordedCut().orElse(null);
            if (kept == null) {
                // a shallow cache whose cut is not known to be exact (a run was killed mid-fetch): never answered from
                LOG.info("the cache {} was left shallow by an earlier run; emptying it", cache.directory());
                cache.rebuild();
            }
        }
    }

    /**
     * A fetch that left out the history below {@code boundary} (a commit both sides hold): from {@code location}, of the
     * listed ids as {@code specs}, or by name as {@code namedSpecs} when the server refuses an id.
     */
    private record ShallowFetch(
            RepoLocation location, List<String> specs, List<String> namedSpecs, CommitId boundary) {}

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The version of {@code git} on {@code PATH} (for example {@code "2.39.5"}) when it is 2.38 or newer, else empty:
     * what {@code --backend auto} asks. Runs {@code git version} once; never throws.
     */
    public static Optional<String> suitableGitVersion() {
        return suitableGitVersion("git");
    }

    static Optional<String> suitableGitVersion(String executable) {
        try {
            GitProcess.Result result =
                    new GitProcess(executable, null, Duration.ofSeconds(20)).run(GitProcess.command("version"));
            Matcher m = VERSION.matcher(result.out());
            if (!result.ok() || !m.find()) {
                return Optional.empty();
            }
            int major = Integer.parseInt(m.group(1));
            int minor = Integer.parseInt(m.group(2));
            boolean suitable = major > MIN_MAJOR || (major == MIN_MAJOR && minor >= MIN_MINOR);
            return suitable ? Optional.of(result.out().strip().substring("git version ".length())) : Optional.empty();
        } catch (MirrorSyncException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The cache directory in use. */
    public Path cacheDirectory() {
        return cache.directory();
    }

    // ---------------------------------------------------------------------------------------------
    // Remotes

    @Override
    public synchronized Map<String, CommitId> listRefs(RepoLocation location, Collection<String> refNames) {
        return listRefs(location, refNames, List.of());
    }

    /**
     * One listing of the named refs and every ref under {@code prefixes}, which asks the server for those alone
     * ({@link RefListing}: protocol v2's ref prefixes over smart HTTP and local paths), else {@code ls-remote}, which
     * makes it advertise every ref; an annotated tag is listed with the
     * id of its tag object (its peeled {@code ^{}} line is dropped).
     */
    @Override
    public synchronized Map<String, CommitId> listRefs(
            RepoLocation location, Collection<String> refNames, Collection<String> prefixes) {
        ensureOpen();
        List<String> names = checkRefNames(refNames);
        List<String> under = checkPrefixes(prefixes);
        Map<String, CommitId> found = new LinkedHashMap<>();
        if (names.isEmpty() && under.isEmpty()) {
            return found;
        }
        Secrets secrets = Secrets.of(location);
        List<String> asked = new ArrayList<>(names);
        asked.addAll(under);
        // The server advertises only the refs asked for (ls-refs with ref prefixes), or, where it cannot be asked so,
        // ls-remote lists them all.
        Map<String, CommitId> advertised = RefListing.list(git, remote(secrets), location, asked)
                .orElseGet(() -> listEveryRef(location, names, under, secrets));
        // Both answers hold more than was asked (a prefix refs/heads/main also matches refs/heads/main-2; ls-remote's
        // patterns match a ref's tail, so refs/heads/main also matches refs/x/refs/heads/main): keep exact names.
        for (String name : names) {
            CommitId id = advertised.get(name);
            if (id != null) {
                found.put(name, id);
            }
        }
        advertised.forEach((name, id) -> {
            if (under.stream().anyMatch(name::startsWith)) {
                found.put(name, id);
            }
        });
        LOG.debug(
                "listed {} refs of {} ({} named, {} prefixes)",
                found.size(),
                location.url(),
                names.size(),
                under.size());
        return found;
    }

    /** {@code ls-remote} with the names and prefixes as patterns: the server advertises every ref it has. */
    private Map<String, CommitId> listEveryRef(
            RepoLocation location, List<String> names, List<String> under, Secrets secrets) {
        GitProcess.Result result = git.run(remote(secrets)
                .args("ls-remote", "--", location.url())
                .args(names)
                .args(under.stream().map(prefix -> prefix + "*").toList()));
        if (!result.ok()) {
            throw GitFailures.remote("listing refs of", location.url(), result, secrets);
        }
        Map<String, CommitId> advertised = new LinkedHashMap<>();
        for (String line : result.out().lines().toList()) {
            int tab = line.indexOf('\t');
            if ((tab == 40 || tab == 64) && !line.endsWith("^{}")) {
                advertised.put(line.substring(tab + 1), CommitId.of(line.substring(0, tab)));
            }
        }
        return advertised;
    }

    @Override
    public synchronized void fetch(RepoLocation location, Collection<String> refNames) {
        useCache();
        Set<String> names = new LinkedHashSet<>(checkRefNames(refNames));
        if (shallow != null) {
            completeHistory();
        }
        Secrets secrets = Secrets.of(location);
        String key = remoteKey(location);
        // One fetch names every ref; a ref the remote does not have fails the whole command, so it is dropped and the
        // fetch asked again (the engine fetches only refs it has just listed, so this is the rare case).
        while (!names.isEmpty()) {
            List<String> specs = names.stream()
                    .map(name -> "+" + name + ":" + trackingRef(key, name))
                    .toList();
            GitProcess.Result result = git.run(
                    fetchCommand(secrets, key).args("--", location.url()).args(specs));
            if (result.ok()) {
                LOG.debug("fetched {} refs from {}", names.size(), location.url());
                return;
            }
            Matcher missing = MISSING_REF.matcher(result.err());
            boolean dropped = false;
            while (missing.find()) {
                dropped |= names.remove(missing.group(1));
            }
            if (!dropped) {
                throw GitFailures.remote("fetching from", location.url(), result, secrets);
            }
        }
    }

    /**
     * One {@code git fetch} of the listed ids themselves ({@code +<id>:<tracking ref>}): with protocol v2, git then
     * sends no {@code ls-refs}, so the listing stays the only ref advertisement of the run on this remote. A server
     * that will not send an id it does not advertise (protocol v0 after the ref moved) is asked by name instead.
     */
    @Override
    public synchronized void fetchListed(RepoLocation location, Map<String, CommitId> refs) {
        useCache();
        List<String> names = checkRefNames(refs.keySet());
        if (names.isEmpty()) {
            return;
        }
        Secrets secrets = Secrets.of(location);
        String key = remoteKey(location);
        if (shallow != null) {
            if (refs.values().stream().allMatch(this::hasCommit)) {
                // Already here (a boundary commit, say): no fetch, which would have to complete the history first.
                track(key, refs);
                return;
            }
            completeHistory();
        }
        List<String> specs = specs(key, refs);
        GitProcess.Result result =
                git.run(fetchCommand(secrets, key).args("--", location.url()).args(specs));
        if (result.ok()) {
            LOG.debug("fetched {} listed refs from {}", names.size(), location.url());
            return;
        }
        if (!UNADVERTISED.matcher(result.err()).find()) {
            throw GitFailures.remote("fetching from", location.url(), result, secrets);
        }
        LOG.debug("{} does not send unadvertised objects; fetching {} refs by name", location.url(), names.size());
        fetch(location, names);
    }

    /**
     * Into an empty cache, with one boundary, a shallow fetch: {@code --shallow-exclude=<boundary ref>} brings the
     * commits the refs reach beyond the boundary's history (what its cut hid is then asked for by itself: {@link
     * #completeTheNewHistory}), then {@code --deepen=1} the boundary commits themselves (the old parents of those
     * commits), so every fetched commit has its parents and trees here. The second fetch also lists the
     * boundary ref by name: when the server's value is not the listed one, the cut is not the one the questions rely on,
     * and the cache is emptied and fetched whole. Any failure of the shallow path does the same: it only costs bytes.
     *
     * <p>What the cache then holds, and why the questions' answers are the whole history's, is in {@link
     * #boundsTheRange(Collection)}. Every other fetch, and every question the shallow cache cannot answer, first completes
     * the history ({@link #completeHistory()}); an earlier run's shallow cache is continued from its
     * cut ({@link #continueTheCut}) or emptied before use.
     */
    @Override
    public synchronized void fetchListed(
            RepoLocation location, Map<String, CommitId> refs, Map<String, CommitId> boundary) {
        ensureOpen();
        List<String> names = checkRefNames(refs.keySet());
        List<String> boundaryRefs = checkRefNames(boundary.keySet());
        if (kept != null) {
            CliCache.Cut cut = kept;
            kept = null;
            if (continueTheCut(cut, location, refs, boundary)) {
                return;
            }
            LOG.debug("the cache {} is not continued from its cut; emptying it", cache.directory());
            cache.rebuild();
        }
        distrustAStrayCut();
        if (names.isEmpty()
                || boundaryRefs.size() != 1
                || fetchWhole
                || wroteLocally
                || shallow != null
                || !cache.holdsNoRefs()) {
            fetchListed(location, refs);
            return;
        }
        String boundaryRef = boundaryRefs.get(0);
        CommitId boundaryId = boundary.get(boundaryRef);
        Secrets secrets = Secrets.of(location);
        String key = remoteKey(location);
        List<String> specs = specs(key, refs);
        GitProcess.Result cut = git.run(fetchCommand(secrets, key)
                .args("--shallow-exclude=" + boundaryRef, "--", location.url())
                .args(specs));
        Optional<Set<CommitId>> whole = cut.ok()
                ? completeTheNewHistory(secrets, key, location.url(), boundaryRef, boundaryId)
                : Optional.of(Set.of());
        if (whole.isEmpty()) {
            LOG.debug(
                    "the shallow fetch from {} cut inside the new history; fetching the whole history", location.url());
            cache.rebuild();
            fetchWhole = true;
            fetchListed(location, refs);
            return;
        }
        List<String> deepen = new ArrayList<>(specs);
        deepen.add("+" + boundaryRef + ":" + trackingRef(key, boundaryRef));
        GitProcess.Result more = cut.ok()
                ? git.run(fetchCommand(secrets, key)
                        .args("--deepen=1", "--", location.url())
                        .args(deepen))
                : cut;
        boolean confirmed = false;
        if (more.ok()) {
            uncut(whole.get());
            confirmed = cutConfirmed(secrets, key, location.url(), boundaryRef, specs);
        }
        boolean cutAtTheBoundary = confirmed
                && boundaryId.equals(trackedId(key, boundaryRef).orElse(null))
                && hasCommit(boundaryId)
                && refs.values().stream().allMatch(this::hasCommit);
        if (!more.ok()
                && !NO_SHALLOW.matcher(more.err()).find()
                && !UNADVERTISED.matcher(more.err()).find()) {
            MirrorSyncException failure = GitFailures.remote("fetching from", location.url(), more, secrets);
            // The remote's fault, not the shallow path's: an empty cache again, and the caller retries or reports.
            cache.rebuild();
            throw failure;
        }
        if (!cutAtTheBoundary) {
            LOG.debug(
                    "no shallow fetch from {} ({}); fetching the whole history",
                    location.url(),
                    more.ok() ? "the boundary ref moved" : GitFailures.gist(more.err(), secrets));
            cache.rebuild();
            fetchWhole = true;
            fetchListed(location, refs);
            return;
        }
        List<String> named = names.stream()
                .map(name -> "+" + name + ":" + trackingRef(key, name))
                .toList();
        if (!cache.isShallow()) {
            LOG.debug("fetched {} refs from {}: the whole history was small enough", names.size(), location.url());
            return;
        }
        shallow = new ShallowFetch(location, specs, named, boundaryId);
        cache.recordCut(new CliCache.Cut(boundaryId, key));
        LOG.debug("fetched {} refs from {} beyond {}", names.size(), location.url(), boundaryId.abbreviated());
    }

    /**
     * Continues an earlier run's shallow cache, cut below {@code cut.boundary()} B, with the commits beyond the
     * watermark W this run listed, in one fetch ({@code --shallow-exclude=<watermark ref>}) instead of emptying it: when
     * W is here and B is in W's history (asked here: a "yes" is always right), the server sends only commits outside
     * W's history, so outside B's, and cuts those whose parents it left out. When each of those cut commits already
     * has all its parents here, its cut mark is dropped, and the cache again holds what {@link #range} relies on for B:
     * every commit outside B's history with all its parents, cuts only in B's history. Anything else (W moved on the
     * server since the listing, a parent missing, a cut git took back, a failure) returns false, and the caller empties
     * the cache and starts cold. The record is removed before the fetch and written again after it, so a run killed in
     * between leaves a cache the next run empties.
     */
    private boolean continueTheCut(
            CliCache.Cut cut, RepoLocation location, Map<String, CommitId> refs, Map<String, CommitId> boundary) {
        String key = remoteKey(location);
        // (no local write can come first: writeRecord and merge empty a kept cache through useCache)
        if (refs.isEmpty() || boundary.size() != 1 || !cut.remote().equals(key)) {
            return false;
        }
        String boundaryRef = boundary.keySet().iterator().next();
        CommitId boundaryId = boundary.get(boundaryRef);
        if (!hasCommit(boundaryId) || !isAncestorLocally(cut.boundary(), boundaryId)) {
            return false;
        }
        Secrets secrets = Secrets.of(location);
        List<String> specs = new ArrayList<>(specs(key, refs));
        String trackedBoundary = trackingRef(key, boundaryRef);
        if (refs.values().stream().allMatch(this::hasCommit)) {
            // nothing to fetch (the tips are commits this cache holds): the cut stays as it is
            track(key, refs);
        } else if (!fetchBeyondTheWatermark(secrets, key, location.url(), boundary, refs.values(), specs)) {
            return false;
        }
        // completing the history later asks for the watermark too: the earlier cuts lie in its history
        specs.add("+" + boundaryId.hex() + ":" + trackedBoundary);
        List<String> named = new ArrayList<>();
        refs.keySet().forEach(name -> named.add("+" + name + ":" + trackingRef(key, name)));
        named.add("+" + boundaryRef + ":" + trackedBoundary);
        shallow = new ShallowFetch(location, specs, named, cut.boundary());
        cache.recordCut(cut);
        LOG.debug(
                "fetched {} refs from {} beyond {} into the kept shallow cache",
                refs.size(),
                location.url(),
                boundaryId.abbreviated());
        return true;
    }

    /**
     * The one fetch of {@link #continueTheCut}: the listed ids and the watermark ref, excluding the watermark's history.
     * True when the server's watermark is the listed one, every id is here, no earlier cut was taken back, and every
     * commit it cut has all its parents here (then its cut mark is dropped).
     */
    private boolean fetchBeyondTheWatermark(
            Secrets secrets,
            String key,
            String url,
            Map<String, CommitId> boundary,
            Collection<CommitId> ids,
            List<String> specs) {
        String boundaryRef = boundary.keySet().iterator().next();
        cache.forgetCut();
        Set<CommitId> before = new HashSet<>(cache.shallowCommits());
        List<String> withBoundary = new ArrayList<>(specs);
        withBoundary.add("+" + boundaryRef + ":" + trackingRef(key, boundaryRef));
        GitProcess.Result fetched = git.run(fetchCommand(secrets, key)
                .args("--shallow-exclude=" + boundaryRef, "--", url)
                .args(withBoundary));
        if (!fetched.ok()) {
            LOG.debug("continuing the cut from {} failed: {}", url, GitFailures.gist(fetched.err(), secrets));
            return false;
        }
        if (!boundary.get(boundaryRef).equals(trackedId(key, boundaryRef).orElse(null))
                || !ids.stream().allMatch(this::hasCommit)) {
            return false;
        }
        Set<CommitId> fresh = new LinkedHashSet<>(cache.shallowCommits());
        if (!fresh.containsAll(before)) {
            return false;
        }
        fresh.removeAll(before);
        Map<CommitId, Optional<List<CommitId>>> cuts = cutCommits();
        for (CommitId commit : fresh) {
            Optional<List<CommitId>> parents = cuts.getOrDefault(commit, Optional.empty());
            if (parents.isEmpty() || !parents.get().stream().allMatch(this::hasCommit)) {
                return false;
            }
        }
        uncut(fresh);
        return true;
    }

    /**
     * Completes the new history a {@code --shallow-exclude} fetch brought, and answers the new commits that are parents
     * of cut commits (empty when the new history could not be completed within a few probes). git's server cuts below
     * every new commit that has a parent in the boundary's history and hides all of that commit's parents, also new ones
     * it did not otherwise send; and it may name a cut commit it did not send. So every missing parent of a cut commit
     * (and every cut commit not here) is asked for by itself, still excluding the boundary's history: the server either
     * sends it with the new history below it, or answers that nothing is selected, which means it is in the boundary's
     * history. Once every missing parent is known to be old, every new commit is here.
     */
    private Optional<Set<CommitId>> completeTheNewHistory(
            Secrets secrets, String key, String url, String boundaryRef, CommitId boundaryId) {
        Set<CommitId> old = new HashSet<>(Set.of(boundaryId));
        int probes = 0;
        while (true) {
            Set<CommitId> here = new LinkedHashSet<>();
            Set<CommitId> unknown = new LinkedHashSet<>();
            for (Map.Entry<CommitId, Optional<List<CommitId>>> cut :
                    cutCommits().entrySet()) {
                if (cut.getValue().isEmpty()) {
                    if (old.contains(cut.getKey())) {
                        return Optional.empty();
                    }
                    unknown.add(cut.getKey());
                    continue;
                }
                for (CommitId parent : cut.getValue().get()) {
                    if (hasCommit(parent)) {
                        here.add(parent);
                    } else if (!old.contains(parent)) {
                        unknown.add(parent);
                    }
                }
            }
            if (unknown.isEmpty()) {
                return Optional.of(here);
            }
            for (CommitId commit : unknown) {
                if (++probes > MAX_PROBES) {
                    return Optional.empty();
                }
                GitProcess.Result probe = git.run(
                        fetchCommand(secrets, key).args("--shallow-exclude=" + boundaryRef, "--", url, commit.hex()));
                if (!probe.ok()) {
                    if (!NOTHING_NEW.matcher(probe.err()).find()) {
                        LOG.debug(
                                "probing {} failed: {}", commit.abbreviated(), GitFailures.gist(probe.err(), secrets));
                        return Optional.empty();
                    }
                    old.add(commit);
                }
            }
        }
    }

    /** The cut commits (git's {@code shallow} file), each with its real parents, or empty when it is not here. */
    private Map<CommitId, Optional<List<CommitId>>> cutCommits() {
        List<CommitId> cuts = cache.shallowCommits();
        Map<CommitId, Optional<List<CommitId>>> parents = new LinkedHashMap<>();
        if (cuts.isEmpty()) {
            return parents;
        }
        StringBuilder ids = new StringBuilder();
        cuts.forEach(c -> ids.append(c.hex()).append('\n'));
        GitProcess.Result commits =
                git.run(GitProcess.command("cat-file", "--batch").input(ids.toString()));
        if (!commits.ok()) {
            throw GitFailures.cache("reading the commits of a shallow fetch", commits);
        }
        byte[] out = commits.stdout();
        int at = 0;
        for (CommitId cut : cuts) {
            int eol = indexOf(out, (byte) '\n', at);
            String[] header = new String(out, at, eol - at, StandardCharsets.US_ASCII).split(" ");
            if (header.length != 3 || !header[1].equals("commit")) {
                parents.put(cut, Optional.empty());
                at = eol + 1;
                continue;
            }
            int size = Integer.parseInt(header[2]);
            String body = new String(out, eol + 1, size, StandardCharsets.UTF_8);
            int end = body.indexOf("\n\n");
            List<CommitId> these = new ArrayList<>();
            for (String line : (end < 0 ? body : body.substring(0, end)).split("\n")) {
                if (line.startsWith("parent ")) {
                    these.add(CommitId.of(line.substring("parent ".length()).strip()));
                }
            }
            parents.put(cut, Optional.of(these));
            at = eol + 1 + size + 1;
        }
        return parents;
    }

    /**
     * Asks the server once more for the same cut: it answers {@code unshallow} for every cut commit here that lies beyond
     * the boundary. Had a probe's failure been taken for "old" (over HTTP, a response cut short reads the same as the
     * server's "nothing selected"), a new commit would be cut here, and the server un-cuts it: then the cut is not the
     * boundary's, and the history is fetched whole. The new commits it cuts again (their old parents are here) are
     * un-cut here.
     */
    private boolean cutConfirmed(Secrets secrets, String key, String url, String boundaryRef, List<String> specs) {
        Set<CommitId> before = new HashSet<>(cache.shallowCommits());
        GitProcess.Result again = git.run(fetchCommand(secrets, key)
                .args("--shallow-exclude=" + boundaryRef, "--", url)
                .args(specs));
        Set<CommitId> after = new LinkedHashSet<>(cache.shallowCommits());
        if (!again.ok() || !after.containsAll(before)) {
            LOG.debug("the server does not confirm the cut of {}; fetching the whole history", url);
            return false;
        }
        after.removeAll(before);
        uncut(after);
        return true;
    }

    /**
     * {@code --deepen=1} makes every parent of a cut commit a cut itself, also the new ones that were here with their
     * parents: their cut is dropped again, so that only commits of the boundary's history stay cut.
     */
    private void uncut(Set<CommitId> whole) {
        if (!whole.isEmpty()) {
            cache.keepCuts(cut -> !whole.contains(cut));
        }
    }

    private static int indexOf(byte[] bytes, byte b, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return bytes.length;
    }

    private static List<String> specs(String key, Map<String, CommitId> refs) {
        return refs.entrySet().stream()
                .map(e -> "+" + e.getValue().hex() + ":" + trackingRef(key, e.getKey()))
                .toList();
    }

    /** Sets tracking refs to ids already in the cache, with no fetch. */
    private void track(String key, Map<String, CommitId> refs) {
        StringBuilder updates = new StringBuilder();
        refs.forEach((name, id) -> updates.append("update ")
                .append(trackingRef(key, name))
                .append(' ')
                .append(id.hex())
                .append('\n'));
        GitProcess.Result result =
                git.run(GitProcess.command("update-ref", "--stdin").input(updates.toString()));
        if (!result.ok()) {
            throw GitFailures.cache("updating the cache's tracking refs", result);
        }
    }

    private Optional<CommitId> trackedId(String key, String refName) {
        GitProcess.Result result = git.run(
                GitProcess.command("rev-parse", "--verify", "--quiet", trackingRef(key, refName) + "^{commit}"));
        return result.ok() ? Optional.of(CommitId.of(result.out().strip())) : Optional.empty();
    }

    /**
     * Completes a shallow cache's history: {@code git fetch --unshallow} of the shallow fetch's own refs from its remote
     * (the boundary commits are all reachable from them there). The cost is the whole history's, as if the cache had
     * been fetched whole; it is paid only when a question needs it.
     */
    private void completeHistory() {
        ShallowFetch fetch = shallow;
        if (!cache.isShallow()) {
            shallow = null;
            fetchWhole = true;
            return;
        }
        Secrets secrets = Secrets.of(fetch.location());
        String key = remoteKey(fetch.location());
        String url = fetch.location().url();
        // a fetch that fails half-way may leave objects below the cut: the next run must not continue this cache
        cache.forgetCut();
        GitProcess.Result result = git.run(
                fetchCommand(secrets, key).args("--unshallow", "--", url).args(fetch.specs()));
        if (!result.ok() && UNADVERTISED.matcher(result.err()).find()) {
            result = git.run(
                    fetchCommand(secrets, key).args("--unshallow", "--", url).args(fetch.namedSpecs()));
        }
        if (!result.ok()) {
            throw GitFailures.remote("completing the cache's history from", url, result, secrets);
        }
        if (cache.isShallow()) {
            throw new MirrorSyncException(
                    Reason.CACHE,
                    "the cache's history could not be completed from " + url
                            + " (its refs no longer reach the commits fetched earlier): run again; the next run"
                            + " starts from an empty cache");
        }
        shallow = null;
        fetchWhole = true;
        LOG.debug("completed the cache's history from {}", url);
    }

    /**
     * {@code git fetch} into the cache, quiet and with nothing automatic. Negotiation offers only this remote's own
     * tracking refs as "haves": they are what the server is likely to have, and the walk does not start from every ref
     * in the cache.
     */
    private GitProcess.Command fetchCommand(Secrets secrets, String key) {
        return remote(secrets)
                .args(
                        "fetch",
                        "--quiet",
                        "--no-tags",
                        "--no-write-fetch-head",
                        "--no-auto-gc",
                        "--no-auto-maintenance",
                        "--no-recurse-submodules",
                        "--negotiation-tip=" + TRACKING_PREFIX + key + "/*");
    }

    @Override
    public synchronized PushResult push(RepoLocation location, RefUpdate update) {
        return push(location, List.of(update)).get(0);
    }

    /** One {@code git push --porcelain} for every update, each with its own {@code --force-with-lease} and result. */
    @Override
    public synchronized List<PushResult> push(RepoLocation location, List<RefUpdate> updates) {
        useCache();
        String url = location.url();
        PushResult[] results = new PushResult[updates.size()];
        List<Integer> sent = new ArrayList<>();
        GitProcess.Command command = remote(Secrets.of(location))
                .args("push", "--porcelain", "--no-verify", "--no-follow-tags", "--no-signed");
        List<String> refspecs = new ArrayList<>();
        for (int i = 0; i < updates.size(); i++) {
            RefUpdate update = updates.get(i);
            String refName = checkRefNames(List.of(update.refName())).get(0);
            if (!hasCommit(update.newId())) {
                throw new MirrorSyncException(
                        Reason.CACHE,
                        "cannot push " + update.newId().abbreviated() + " to " + refName + " of " + url
                                + ": the commit is not in the local cache; fetch it first");
            }
            Optional<CommitId> expected = update.expectedOld();
            // --force-with-lease lets any update through whose lease holds: a fast-forward-only update is checked here,
            // against the lease's value, which the server's compare-and-swap then guarantees is what gets replaced.
            if (update.fastForwardOnly()
                    && expected.isPresent()
                    && !isAncestorCompleting(expected.get(), update.newId())) {
                results[i] = PushResult.of(
                        PushResult.Status.REJECTED_NON_FAST_FORWARD,
                        "the update of " + refName
                                + " from " + expected.get().abbreviated() + " to "
                                + update.newId().abbreviated()
                                + " is not a fast-forward");
                continue;
            }
            command.args("--force-with-lease=" + refName + ":"
                    + expected.map(CommitId::hex).orElse(""));
            refspecs.add(update.newId().hex() + ":" + refName);
            sent.add(i);
        }
        if (sent.isEmpty()) {
            return List.of(results);
        }
        Secrets secrets = Secrets.of(location);
        GitProcess.Result result = git.run(command.args("--", url).args(refspecs));
        for (int i : sent) {
            RefUpdate update = updates.get(i);
            String refName = update.refName();
            Optional<PushResult> answer = PorcelainPush.parse(result.out(), refName, secrets);
            if (answer.isEmpty()) {
                throw GitFailures.remote("pushing " + refName + " to", url, result, secrets);
            }
            PushResult pushed = answer.get();
            if (pushed.status() == PushResult.Status.REJECTED_OTHER
                    && refMoved(location, refName, update.expectedOld())) {
                pushed = PushResult.of(
                        PushResult.Status.REJECTED_STALE_LEASE,
                        "the ref moved while pushing (stale lease;" + " the server's compare-and-swap failed): "
                                + pushed.message().orElse(""));
            }
            LOG.debug("push of {} to {} {}: {}", update.newId().abbreviated(), refName, url, pushed.status());
            if (pushed.isSuccess()) {
                GitProcess.Result recorded = git.run(GitProcess.command(
                        "update-ref",
                        "--no-deref",
                        trackingRef(remoteKey(location), refName),
                        update.newId().hex()));
                if (!recorded.ok()) {
                    LOG.debug(
                            "could not record the pushed value of {} locally: {}",
                            refName,
                            recorded.err().strip());
                }
            }
            results[i] = pushed;
        }
        return List.of(results);
    }

    /**
     * Connects to the remote's receive-pack and asks, as a dry run, to delete a ref that does not exist: the server checks
     * push authorization on that connection (a read-only token gets 403 there), and nothing is sent.
     */
    @Override
    public synchronized void checkPushAccess(RepoLocation location) {
        ensureOpen();
        Secrets secrets = Secrets.of(location);
        GitProcess.Result result = git.run(remote(secrets)
                .args(
                        "push",
                        "--dry-run",
                        "--porcelain",
                        "--no-verify",
                        "--",
                        location.url(),
                        ":refs/mirror-sync/access-check/never-created"));
        String err = result.err().toLowerCase(Locale.ROOT);
        if (result.ok() || err.contains("remote ref does not exist")) {
            if ("file".equals(location.scheme())) {
                Path refs = localGitDir(location).resolve("refs");
                if (Files.isDirectory(refs) && !Files.isWritable(refs)) {
                    throw new MirrorSyncException(
                            Reason.PERMISSION,
                            "checking push access to " + location.url()
                                    + " failed: its refs directory is not writable by this user; run as the repository's owner"
                                    + " or fix its permissions");
                }
            }
            return;
        }
        throw GitFailures.remote("checking push access to", location.url(), result, secrets);
    }

    private static Path localGitDir(RepoLocation location) {
        String url = location.url();
        Path path = url.startsWith("file://") ? Path.of(java.net.URI.create(url)) : Path.of(url);
        Path dotGit = path.resolve(".git");
        return Files.isDirectory(dotGit) ? dotGit : path;
    }

    /** After an unspecific rejection: whether the ref is no longer at the lease's value (see JGitBackend's twin). */
    private boolean refMoved(RepoLocation location, String refName, Optional<CommitId> expectedOld) {
        try {
            return !Optional.ofNullable(listRefs(location, List.of(refName)).get(refName))
                    .equals(expectedOld);
        } catch (MirrorSyncException e) {
            LOG.debug("could not look at {} again after a rejected push: {}", refName, e.getMessage());
            return false;
        }
    }

    /** A command that talks to a remote: its credential, and curl's stall bound as the timeout. */
    private GitProcess.Command remote(Secrets secrets) {
        GitProcess.Command command = new GitProcess.Command()
                .config("http.lowSpeedLimit", "1")
                .config("http.lowSpeedTime", Long.toString(Math.max(1, timeout.toSeconds())));
        return secrets.apply(command);
    }

    // ---------------------------------------------------------------------------------------------
    // The local store

    @Override
    public synchronized boolean isAncestor(CommitId ancestor, CommitId descendant) {
        useCache();
        requireLocal(List.of(descendant));
        return isAncestorCompleting(ancestor, descendant);
    }

    /** A shallow cache's "yes" is the whole history's (every edge here is a real one); its "no" may not be. */
    private boolean isAncestorCompleting(CommitId ancestor, CommitId descendant) {
        boolean answer = isAncestorLocally(ancestor, descendant);
        if (!answer && shallow != null) {
            completeHistory();
            answer = isAncestorLocally(ancestor, descendant);
        }
        return answer;
    }

    private boolean isAncestorLocally(CommitId ancestor, CommitId descendant) {
        if (!hasCommit(ancestor)) {
            return false;
        }
        GitProcess.Result result =
                git.run(GitProcess.command("merge-base", "--is-ancestor", ancestor.hex(), descendant.hex()));
        if (result.exit() > 1) {
            throw GitFailures.cache(
                    "checking whether " + ancestor.abbreviated() + " is an ancestor of " + descendant.abbreviated(),
                    result);
        }
        return result.ok();
    }

    @Override
    public synchronized Optional<CommitId> mergeBase(CommitId a, CommitId b) {
        useCache();
        requireLocal(List.of(a, b));
        if (shallow != null) {
            completeHistory();
        }
        GitProcess.Result result = git.run(GitProcess.command("merge-base", a.hex(), b.hex()));
        if (result.exit() == 1 && result.out().isBlank()) {
            return Optional.empty();
        }
        if (!result.ok()) {
            throw GitFailures.cache("finding the merge base of " + a.abbreviated() + " and " + b.abbreviated(), result);
        }
        return Optional.of(CommitId.of(result.out().strip()));
    }

    @Override
    public synchronized CommitList commitsOnlyIn(CommitId tip, Collection<CommitId> excluded, int limit) {
        return commitsOnlyIn(tip, excluded, limit, Long.MAX_VALUE);
    }

    /** Git LFS pointers in the commits {@code tip} has and {@code excluded} lack (see {@link LfsPointers}). */
    @Override
    public synchronized OptionalLong lfsObjectsIn(CommitId tip, Collection<CommitId> excluded) {
        useCache();
        List<String> revisions = range(tip, excluded);
        try {
            return OptionalLong.of(new LfsPointers(git).count(revisions));
        } catch (UncheckedIOException e) {
            throw new MirrorSyncException(
                    Reason.CACHE,
                    "looking for Git LFS pointers in " + tip.abbreviated() + " failed: "
                            + e.getCause().getMessage(),
                    e);
        }
    }

    /** {@code rev-list --count --max-count=cap+1}: git stops walking there, so a deep history costs no more than the cap. */
    @Override
    public synchronized CommitList commitsOnlyIn(
            CommitId tip, Collection<CommitId> excluded, int limit, long countCap) {
        useCache();
        if (countCap < 0) {
            throw new MirrorSyncException(Reason.INVALID_INPUT, "a commit count cap must not be negative: " + countCap);
        }
        if (limit < 0) {
            throw new MirrorSyncException(Reason.INVALID_INPUT, "a commit list limit must not be negative: " + limit);
        }
        List<String> revisions = range(tip, excluded);
        GitProcess.Command count = GitProcess.command("rev-list", "--count");
        if (countCap < Long.MAX_VALUE) {
            count.args("--max-count=" + (countCap + 1));
        }
        GitProcess.Result counted = git.run(count.args(revisions).args("--"));
        if (!counted.ok()) {
            throw GitFailures.cache("counting the commits of " + tip.abbreviated(), counted);
        }
        long total = Long.parseLong(counted.out().strip());
        List<CommitInfo> listed = new ArrayList<>();
        if (limit > 0 && total > 0) {
            GitProcess.Result logged = git.run(GitProcess.command(
                            "log",
                            "--no-decorate",
                            "--no-color",
                            "--max-count=" + limit,
                            "--format=%H%x1f%an%x1f%at%x1f%B%x1e")
                    .args(revisions)
                    .args("--"));
            if (!logged.ok()) {
                throw GitFailures.cache("listing the commits of " + tip.abbreviated(), logged);
            }
            for (String record : logged.out().split(String.valueOf(RECORD))) {
                String entry = record.strip();
                if (entry.isEmpty()) {
                    continue;
                }
                String[] fields = entry.split(String.valueOf(FIELD), 4);
                listed.add(CommitInfo.builder()
                        .id(CommitId.of(fields[0]))
                        .authorName(fields[1])
                        .authorTime(Instant.ofEpochSecond(Long.parseLong(fields[2])))
                        .subject(firstLine(fields.length > 3 ? fields[3] : ""))
                        .build());
            }
        }
        // with a cap, git counted up to cap + 1: more than the cap reads "cap+"
        return CommitList.of(Math.max(total, listed.size()), listed).cappedAt(countCap);
    }

    /**
     * The revisions of "{@code tip} and none of {@code excluded}" (excluded ids that are not local are left out), as the
     * whole history answers it. In a cache fetched shallow this holds when every excluded commit is local and the
     * boundary is reachable from one of them; else the history is completed first. Then the shallow commits are
     * excluded too.
     *
     * <p>Why that is exact. The shallow fetch left the cache holding exactly H = the commits the fetched refs reach
     * beyond the boundary W's history (the server computes it, excluding all of W's; the probes fill in what its cut
     * hid), and S = the parents of those commits that lie in W's history (W among them), whose own parents are left out
     * (git's cut marks; {@link #uncut} drops those on new commits). Every commit of H has its parents
     * here, in H or S; S lies in W's history. Now take E, the excluded commits, all local and reaching W. A commit the
     * whole history counts (reachable from the tip, from no commit of E) is never in W's history, since W's history is
     * inside E's; so the path to it from the tip runs through H, along edges that are all here: it is counted here. A
     * commit counted here is not in S (excluded), so it is in H, outside W's history; if some commit of E reached it in
     * the whole history, that path would run outside W's history too, so through H, along edges that are here, and E
     * would reach it here. A cache continued by later runs ({@link #continueTheCut}) holds the same for the first
     * cut's W: what they add lies outside W's history, each commit with its parents. The property tests of {@code
     * GitCliShallowStartTest} check this against a whole cache.
     */
    private List<String> range(CommitId tip, Collection<CommitId> excluded) {
        requireLocal(List.of(tip));
        if (shallow != null && !boundsTheRange(excluded)) {
            completeHistory();
        }
        List<String> revisions = new ArrayList<>();
        revisions.add(tip.hex());
        for (CommitId other : excluded) {
            if (hasCommit(other)) {
                revisions.add("^" + other.hex());
            }
        }
        if (shallow != null) {
            cache.shallowCommits().forEach(cut -> revisions.add("^" + cut.hex()));
        }
        return revisions;
    }

    /**
     * Whether every excluded commit is local and one of them reaches the shallow fetch's boundary (see {@link #range}).
     * Asked with {@code merge-base --is-ancestor}, which walks the whole way: {@code rev-list W --not E} stops early on
     * commit dates and answers wrongly when newer commits carry older dates.
     */
    private boolean boundsTheRange(Collection<CommitId> excluded) {
        if (excluded.isEmpty() || !excluded.stream().allMatch(this::hasCommit)) {
            return false;
        }
        return excluded.stream().anyMatch(e -> isAncestorLocally(shallow.boundary(), e));
    }

    /**
     * Commits that must be in the cache: a missing one is a clear error, not a wrong answer. In a shallow cache a
     * missing one may lie below the cut, so the history is completed first.
     */
    private void requireLocal(List<CommitId> commits) {
        if (shallow != null && !commits.stream().allMatch(this::hasCommit)) {
            completeHistory();
        }
        commits.forEach(this::requireCommit);
    }

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        String line = end < 0 ? message : message.substring(0, end);
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /**
     * {@code merge-tree --write-tree} merges without a work tree or index and writes the result's tree; the commit is
     * then written with {@code hash-object}, byte for byte what the JGit backend writes for the same request (both
     * parents, author and committer the request's identity at its time in UTC, the message as given), so both backends
     * give the same merge commit id.
     */
    @Override
    public synchronized MergeResult merge(CommitId ours, CommitId theirs, MergeRequest request) {
        useCache();
        wroteLocally = true;
        Objects.requireNonNull(request, "request");
        requireLocal(List.of(ours, theirs));
        if (shallow != null) {
            completeHistory();
        }
        GitProcess.Result merged = git.run(GitProcess.command(
                "merge-tree", "--write-tree", "--name-only", "--no-messages", ours.hex(), theirs.hex()));
        List<String> lines = merged.out().lines().filter(l -> !l.isEmpty()).toList();
        if (merged.exit() == 1) {
            List<String> paths = lines.stream().skip(1).distinct().sorted().toList();
            if (paths.isEmpty()) {
                throw new MirrorSyncException(
                        Reason.INTERNAL,
                        "merging " + ours.abbreviated() + " and " + theirs.abbreviated()
                                + " failed without naming a conflicting path");
            }
            return MergeResult.conflicts(paths);
        }
        if (!merged.ok() || lines.isEmpty()) {
            throw GitFailures.cache("merging " + ours.abbreviated() + " and " + theirs.abbreviated(), merged);
        }
        String person = request.authorName() + " <" + request.authorEmail() + "> "
                + request.time().getEpochSecond() + " +0000";
        String commit = "tree " + lines.get(0).strip() + "\n"
                + "parent " + ours.hex() + "\n"
                + "parent " + theirs.hex() + "\n"
                + "author " + person + "\n"
                + "committer " + person + "\n"
                + "\n"
                + request.message();
        GitProcess.Result written = git.run(GitProcess.command("hash-object", "-t", "commit", "-w", "--stdin")
                .input(commit));
        if (!written.ok()) {
            throw GitFailures.cache(
                    "writing the merge commit of " + ours.abbreviated() + " and " + theirs.abbreviated(), written);
        }
        return MergeResult.clean(CommitId.of(written.out().strip()));
    }

    /** As the JGit backend's: a parentless commit with one file, fixed author and time (the same text, the same id). */
    @Override
    public synchronized CommitId writeRecord(String path, String text) {
        useCache();
        wroteLocally = true;
        GitProcess.Result blob =
                git.run(GitProcess.command("hash-object", "-w", "--stdin").input(text));
        if (!blob.ok()) {
            throw GitFailures.cache("writing the record " + path, blob);
        }
        GitProcess.Result tree = git.run(
                GitProcess.command("mktree").input("100644 blob " + blob.out().strip() + "\t" + path + "\n"));
        if (!tree.ok()) {
            throw GitFailures.cache("writing the record " + path, tree);
        }
        String ident = "mirror-sync <mirror-sync@localhost> 0 +0000";
        String commit = "tree " + tree.out().strip() + "\nauthor " + ident + "\ncommitter " + ident
                + "\n\nmirror-sync record: " + path + "\n";
        GitProcess.Result written = git.run(GitProcess.command("hash-object", "-t", "commit", "-w", "--stdin")
                .input(commit));
        if (!written.ok()) {
            throw GitFailures.cache("writing the record " + path, written);
        }
        return CommitId.of(written.out().strip());
    }

    @Override
    public synchronized Optional<String> readRecord(CommitId commit, String path) {
        useCache();
        requireCommit(commit);
        GitProcess.Result result = git.run(GitProcess.command("cat-file", "blob", commit.hex() + ":" + path));
        return result.ok() ? Optional.of(result.out()) : Optional.empty();
    }

    private boolean hasCommit(CommitId commit) {
        GitProcess.Result result = git.run(GitProcess.command("cat-file", "-e", commit.hex() + "^{commit}"));
        return result.ok();
    }

    /** A commit that must be in the cache; a missing one is a clear error, not a wrong answer. */
    private void requireCommit(CommitId commit) {
        if (!hasCommit(commit)) {
            throw new MirrorSyncException(
                    Reason.CACHE,
                    "commit " + commit.abbreviated() + " is not in the local cache:"
                            + " fetch a ref that reaches it first");
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** The local ref under which a remote's ref is kept: the JGit backend's layout (see the class comment). */
    static String trackingRef(String remoteKey, String refName) {
        return TRACKING_PREFIX + remoteKey + "/" + refName.substring("refs/".length());
    }

    /** A short, stable, filesystem-safe key for a remote URL (its SHA-256, abbreviated), as the JGit backend's. */
    static String remoteKey(RepoLocation repo) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(repo.url().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static List<String> checkRefNames(Collection<String> refNames) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : refNames) {
            Objects.requireNonNull(name, "ref name");
            if (!VALID_REF.matcher(name).matches()
                    || name.contains("..")
                    || name.contains("//")
                    || name.endsWith("/")
                    || name.endsWith(".lock")
                    || name.endsWith(".")
                    || name.contains("/.")
                    || name.contains("@{")) {
                throw new MirrorSyncException(
                        Reason.INVALID_INPUT,
                        "'" + PrintableText.of(name) + "' is not a valid full ref name (for example refs/heads/main)");
            }
            names.add(name);
        }
        return List.copyOf(names);
    }

    /** Ref prefixes such as {@code refs/heads/}: a valid ref name's start, ending in '/'. */
    private static List<String> checkPrefixes(Collection<String> prefixes) {
        List<String> checked = new ArrayList<>();
        for (String prefix : prefixes) {
            if (!prefix.endsWith("/")
                    || checkRefNames(List.of(prefix.substring(0, prefix.length() - 1)))
                            .isEmpty()) {
                throw new MirrorSyncException(
                        Reason.INVALID_INPUT,
                        "'" + PrintableText.of(prefix) + "' is not a ref prefix (for example refs/heads/)");
            }
            checked.add(prefix);
        }
        return checked;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this GitCliBackend is closed");
        }
    }

    /**
     * Before anything that reads or changes the cache: an earlier run's shallow cache that this run did not continue
     * ({@link #continueTheCut}) is emptied, and this run starts as a cold one would.
     */
    private void useCache() {
        ensureOpen();
        if (kept != null) {
            kept = null;
            LOG.info("the cache {} was left shallow by an earlier run; emptying it", cache.directory());
            cache.rebuild();
        }
        distrustAStrayCut();
    }

    /**
     * A shallow cache this instance does not know the cut of (a shallow fetch stopped by a failure or the deadline after
     * git had written its cut marks) is never answered from, nor fetched into: it is emptied, and a retry starts cold.
     */
    private void distrustAStrayCut() {
        if (shallow == null && kept == null && cache.isShallow()) {
            LOG.info("the cache {} holds a cut this run cannot vouch for; emptying it", cache.directory());
            cache.rebuild();
        }
    }

    /** Releases the cache lock; deletes a temporary cache. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        cache.close();
    }

    @Override
    public String toString() {
        return "GitCliBackend[cache=" + cache.directory() + "]";
    }

    /** Configures a {@link GitCliBackend}. Every setting is optional. */
    public static final class Builder {
        private Path cacheDirectory;
        private String gitExecutable = "git";
        private Duration timeout = Duration.ofSeconds(60);
        private Duration commandDeadline = Duration.ofMinutes(30);
        private Duration lockTimeout = Duration.ofMinutes(2);

        private Builder() {}

        /** Where the cache lives between runs; default: a temporary directory deleted on {@link #close()}. */
        public Builder cacheDirectory(Path cacheDirectory) {
            this.cacheDirectory = Objects.requireNonNull(cacheDirectory, "cacheDirectory");
            return this;
        }

        /** The git executable: a name looked up on {@code PATH} or a path; default {@code git}. */
        public Builder gitExecutable(String gitExecutable) {
            this.gitExecutable = Objects.requireNonNull(gitExecutable, "gitExecutable");
            return this;
        }

        /**
         * How long a transfer may make no progress (curl's low-speed bound over HTTP(S)); default 60 s. A single command
         * is stopped after 30 minutes whatever it does.
         */
        public Builder timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the timeout must be positive: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** How long to wait for another run's lock on the cache; default 2 minutes. For tests. */
        Builder lockTimeout(Duration lockTimeout) {
            this.lockTimeout = Objects.requireNonNull(lockTimeout, "lockTimeout");
            return this;
        }

        /**
         * Checks the git version, then opens (or creates) the cache and locks it.
         *
         * @throws MirrorSyncException with {@link Reason#UNSUPPORTED} when git is missing or older than 2.38, with
         *     {@link Reason#CACHE} when the directory cannot be used as a cache or its lock is not free in time
         */
        public GitCliBackend build() {
            if (suitableGitVersion(gitExecutable).isEmpty()) {
                throw new MirrorSyncException(
                        Reason.UNSUPPORTED,
                        "the git backend needs git " + MIN_MAJOR + "."
                                + MIN_MINOR + " or newer on PATH ('" + PrintableText.of(gitExecutable)
                                + "' is missing or older):"
                                + " install it, or use the JGit backend");
            }
            CliCache cache = CliCache.open(Optional.ofNullable(cacheDirectory), lockTimeout, gitExecutable);
            return new GitCliBackend(cache, new GitProcess(gitExecutable, cache.directory(), commandDeadline), timeout);
        }
    }
}
