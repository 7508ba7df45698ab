package dev.mirrorsync.jgit;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.CommitList;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.MirrorSyncException.Reason;
import dev.mirrorsync.core.PrintableText;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.spi.CrashHook;
import dev.mirrorsync.core.spi.GitBackend;
import dev.mirrorsync.core.spi.MergeRequest;
import dev.mirrorsync.core.spi.MergeResult;
import dev.mirrorsync.core.spi.PushResult;
import dev.mirrorsync.core.spi.RefUpdate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectIdRef;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.FetchConnection;
import org.eclipse.jgit.transport.PackLock;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link GitBackend} on JGit: a local bare cache that both remotes of a pair are fetched into, ref
 * advertisements for listing (no objects), fetches of only the named refs, pushes that always carry a lease,
 * and three-way merges in memory.
 *
 * <pre>{@code
 * try (JGitBackend backend = JGitBackend.builder().cacheDirectory(cache).build()) {
 *     MirrorSync.builder().gitBackend(backend).build().sync(pair, SyncRequest.defaults());
 * }
 * }</pre>
 *
 * <p><b>Cache.</b> The cache directory is a bare repository marked as mirror-sync's. It is reused across runs, so a
 * run transfers only new objects; fetched refs are kept as local refs under {@code refs/mirror-sync/cache/<key>/}
 * (one key per remote URL). A non-empty directory that is not a mirror-sync cache is refused; a damaged cache is
 * rebuilt. The backend holds an exclusive lock on the cache from {@link Builder#build()} to {@link #close()}: a
 * second process (or backend) on the same directory waits a bounded time and then fails. Without a directory, a
 * temporary one is used and deleted on close. The host's git configuration ({@code ~/.gitconfig}) is not read
 * for the cache repository.
 *
 * <p><b>Credentials.</b> An HTTPS remote's {@link RepoLocation#token()} is sent as basic auth with the user
 * {@code x-access-token}, only when the server asks; SSH uses JGit's Apache MINA client with the keys in
 * {@code ~/.ssh} or the agent. No token is written to the cache's configuration, a URL, a log line, an exception
 * message or {@link #toString()}.
 *
 * <p><b>Failures</b> are {@link MirrorSyncException}s with a {@link Reason}: {@code AUTHENTICATION},
 * {@code PERMISSION}, {@code NOT_FOUND} (no such repository), {@code NETWORK} and {@code SERVER_ERROR} (both
 * retryable), {@code CACHE}, {@code INVALID_INPUT}. A missing branch is not a failure: it is absent from
 * {@link #listRefs}. A rejected push is a {@link PushResult}.
 *
 * <p>Thread-safe: calls on one instance are serialised.
 */
public final class JGitBackend implements GitBackend, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JGitBackend.class);
    /** Written into the .keep file of a pack while its fetch is under way; how the cache knows a stale one as its own. */
    static final String PACK_LOCK_MESSAGE = "mirror-sync fetch";
    /** How a server says it will not send an object it does not advertise (git's and JGit's words). */
    private static final Pattern UNADVERTISED =
            Pattern.compile("not our ref|want \\S+ not valid|unadvertised object", Pattern.CASE_INSENSITIVE);

    private final CacheRepository cache;
    private final Repository repo;
    private final Remotes remotes;
    private final History history;
    private final InCoreMerge merges;
    private final ProgressListener progress;
    private final CrashHook crashHook;
    /**
     * The last listing's connection to each smart-HTTP remote, kept open for the fetch that follows it: HTTP is
     * stateless, so holding it costs no socket or thread, and the fetch then needs no second ref advertisement.
     */
    private final Map<RepoLocation, Listing> listings = new HashMap<>();

    private boolean closed;

    private JGitBackend(
            CacheRepository cache,
            ProgressListener progress,
            CrashHook crashHook,
            Duration timeout,
            LocalReceivePack receivePack) {
        this.cache = cache;
        this.repo = cache.repository();
        this.remotes = new Remotes(repo, timeout, receivePack);
        this.history = new History(repo);
        this.merges = new InCoreMerge(repo);
        this.progress = progress;
        this.crashHook = crashHook;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The cache directory in use (a temporary one unless {@link Builder#cacheDirectory} was set). */
    public Path cacheDirectory() {
        return cache.directory();
    }

    @Override
    public synchronized Map<String, CommitId> listRefs(RepoLocation location, Collection<String> refNames) {
        return listRefs(location, refNames, List.of());
    }

    /** One advertisement, asked for the names and the prefixes (protocol v2 sends both as ref prefixes). */
    @Override
    public synchronized Map<String, CommitId> listRefs(
            RepoLocation location, Collection<String> refNames, Collection<String> prefixes) {
        ensureOpen();
        List<String> names = checkRefNames(refNames);
        List<String> starts = checkPrefixes(prefixes);
        Map<String, CommitId> found = new LinkedHashMap<>();
        if (names.isEmpty() && starts.isEmpty()) {
            return found;
        }
        List<String> asked = new ArrayList<>(names);
        asked.addAll(starts);
        String url = Remotes.display(location);
        forget(location);
        Listing listing = null;
        try {
            listing = Listing.open(remotes, location, asked);
            Map<String, Ref> advertised = listing.connection().getRefsMap();
            for (String name : names) {
                Ref ref = advertised.get(name);
                if (ref != null && ref.getObjectId() != null) {
                    found.put(name, History.commitId(ref.getObjectId()));
                }
            }
            if (!starts.isEmpty()) {
                new TreeMap<>(advertised).forEach((name, ref) -> {
                    if (ref.getObjectId() != null && starts.stream().anyMatch(name::startsWith)) {
                        found.putIfAbsent(name, History.commitId(ref.getObjectId()));
                    }
                });
            }
            if (listing.reusable()) {
                listings.put(location, listing);
                listing = null;
            }
        } catch (IOException | UncheckedIOException e) {
            throw JGitErrors.remote("listing refs of", url, e, Redactor.of(location.token()), remotes);
        } finally {
            if (listing != null) {
                listing.close();
            }
        }
        LOG.debug("listed {} refs of {} ({} names, prefixes {})", found.size(), url, names.size(), starts);
        return found;
    }

    @Override
    public synchronized void fetch(RepoLocation location, Collection<String> refNames) {
        ensureOpen();
        List<String> names = checkRefNames(refNames);
        if (names.isEmpty()) {
            return;
        }
        String url = Remotes.display(location);
        List<RefSpec> specs = names.stream()
                .map(name -> new RefSpec("+" + name + ":" + Remotes.trackingRef(location, name)))
                .toList();
        try {
            // One connection: its advertisement tells which refs exist (missing ones are skipped, not an error) and
            // which objects are new; objects the cache already has are not asked for, so nothing is transferred.
            try (Transport transport = remotes.open(location);
                    FetchConnection connection = transport.openFetch(specs, names.toArray(String[]::new))) {
                List<Ref> present = new ArrayList<>();
                for (String name : names) {
                    Ref ref = connection.getRef(name);
                    if (ref != null && ref.getObjectId() != null) {
                        present.add(ref);
                    }
                }
                fetchOver(connection, location, present);
            }
        } catch (IOException | UncheckedIOException e) {
            throw JGitErrors.remote("fetching from", url, e, Redactor.of(location.token()), remotes);
        }
    }

    /**
     * Over the connection of the listing that gave these ids when it is still open (smart HTTP), so the remote is not
     * asked for its refs again: protocol v2 lets a client want any object the server has, and protocol v0's stateless
     * exchange checks the wants against the refs the server has when the fetch arrives. Otherwise by name.
     */
    @Override
    public synchronized void fetchListed(RepoLocation location, Map<String, CommitId> refs) {
        ensureOpen();
        List<String> names = checkRefNames(refs.keySet());
        if (names.isEmpty()) {
            return;
        }
        Listing listing = listings.remove(location);
        if (listing == null) {
            fetch(location, names);
            return;
        }
        String url = Remotes.display(location);
        try (listing) {
            remotes.resume(listing.transport());
            List<Ref> present = new ArrayList<>();
            for (String name : names) {
                present.add(new ObjectIdRef.Unpeeled(Ref.Storage.NETWORK, name, History.id(refs.get(name))));
            }
            fetchOver(listing.connection(), location, present);
        } catch (IOException | UncheckedIOException e) {
            if (!refused(e)) {
                throw JGitErrors.remote("fetching from", url, e, Redactor.of(location.token()), remotes);
            }
            LOG.debug(
                    "{} would not send a listed id ({}); fetching {} refs by name", url, e.getMessage(), names.size());
            fetch(location, names);
        }
    }

    /** Whether the server refused a wanted id: gone since the listing (v2), or no longer a tip (v0). */
    private static boolean refused(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null
                    && UNADVERTISED.matcher(cause.getMessage()).find()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Fetches the objects of {@code present} that the cache lacks over an open connection (nothing is transferred when
     * it has them all) and points their tracking refs at them.
     */
    private void fetchOver(FetchConnection connection, RepoLocation location, List<Ref> present) throws IOException {
        String url = Remotes.display(location);
        List<PackLock> packLocks = new ArrayList<>();
        try {
            List<Ref> wanted = new ArrayList<>();
            try (ObjectReader reader = repo.newObjectReader()) {
                for (Ref ref : present) {
                    if (!reader.has(ref.getObjectId())) {
                        wanted.add(ref);
                    }
                }
            }
            if (!wanted.isEmpty()) {
                connection.setPackLockMessage(PACK_LOCK_MESSAGE);
                try {
                    connection.fetch(new ProgressAdapter(progress, url), wanted, Set.of());
                } finally {
                    packLocks.addAll(connection.getPackLocks());
                }
                if (!packLocks.isEmpty()) {
                    crashHook.reached(CrashHook.Point.MID_FETCH);
                }
            }
            LOG.debug("fetched {} refs from {} ({} new)", present.size(), url, wanted.size());
            updateTrackingRefs(location, present, url);
        } finally {
            for (PackLock lock : packLocks) {
                try {
                    lock.unlock();
                } catch (IOException e) {
                    LOG.debug("unlocking a fetched pack failed", e);
                }
            }
        }
    }

    /** Closes the listing connection kept for {@code location}, if any. */
    private void forget(RepoLocation location) {
        Listing kept = listings.remove(location);
        if (kept != null) {
            try {
                kept.close();
            } catch (RuntimeException e) {
                LOG.debug("closing a kept listing connection failed", e);
            }
        }
    }

    private void updateTrackingRefs(RepoLocation location, List<Ref> refs, String url) throws IOException {
        try (RevWalk walk = new RevWalk(repo);
                ObjectReader reader = repo.newObjectReader()) {
            for (Ref ref : refs) {
                if (!reader.has(ref.getObjectId())) {
                    throw new MirrorSyncException(
                            Reason.SERVER_ERROR,
                            "fetching from " + url + " failed: the remote did" + " not send commit "
                                    + ref.getObjectId().name() + " of " + ref.getName() + "; try again");
                }
                setLocalRef(walk, Remotes.trackingRef(location, ref.getName()), ref.getObjectId());
            }
        }
    }

    private void setLocalRef(RevWalk walk, String name, ObjectId id) throws IOException {
        org.eclipse.jgit.lib.RefUpdate update = repo.updateRef(name);
        update.setNewObjectId(id);
        update.setForceUpdate(true);
        update.disableRefLog();
        org.eclipse.jgit.lib.RefUpdate.Result result = update.update(walk);
        if (!TRACKING_OK.contains(result)) {
            throw JGitErrors.cache(
                    "updating the local ref " + name, cache.directory(), new IOException("ref update " + result));
        }
    }

    private static final Set<org.eclipse.jgit.lib.RefUpdate.Result> TRACKING_OK = Set.of(
            org.eclipse.jgit.lib.RefUpdate.Result.NEW,
            org.eclipse.jgit.lib.RefUpdate.Result.FORCED,
            org.eclipse.jgit.lib.RefUpdate.Result.FAST_FORWARD,
            org.eclipse.jgit.lib.RefUpdate.Result.NO_CHANGE);

    @Override
    public synchronized boolean isAncestor(CommitId ancestor, CommitId descendant) {
        ensureOpen();
        try {
            return history.isAncestor(ancestor, descendant);
        } catch (IOException e) {
            throw JGitErrors.cache(
                    "checking whether " + ancestor.abbreviated() + " is an ancestor of " + descendant.abbreviated(),
                    cache.directory(),
                    e);
        }
    }

    @Override
    public synchronized Optional<CommitId> mergeBase(CommitId a, CommitId b) {
        ensureOpen();
        try {
            return history.mergeBase(a, b);
        } catch (IOException e) {
            throw JGitErrors.cache(
                    "finding the merge base of " + a.abbreviated() + " and " + b.abbreviated(), cache.directory(), e);
        }
    }

    @Override
    public synchronized CommitList commitsOnlyIn(CommitId tip, Collection<CommitId> excluded, int limit) {
        ensureOpen();
        try {
            return history.commitsOnlyIn(tip, excluded, limit);
        } catch (IOException e) {
            throw JGitErrors.cache("listing the commits of " + tip.abbreviated(), cache.directory(), e);
        }
    }

    @Override
    public synchronized CommitList commitsOnlyIn(
            CommitId tip, Collection<CommitId> excluded, int limit, long countCap) {
        ensureOpen();
        try {
            return history.commitsOnlyIn(tip, excluded, limit, countCap);
        } catch (IOException e) {
            throw JGitErrors.cache("listing the commits of " + tip.abbreviated(), cache.directory(), e);
        }
    }

    @Override
    public synchronized PushResult push(RepoLocation location, RefUpdate update) {
        return push(location, List.of(update)).get(0);
    }

    /**
     * One push connection carrying every update, each with its own lease (JGit compares it with the advertised value,
     * and sends it as the command's old value so that the server's compare-and-swap catches a push that lands in
     * between) and its own result; the push is not atomic, so one rejected ref leaves the others applied.
     */
    @Override
    public synchronized List<PushResult> push(RepoLocation location, List<RefUpdate> updates) {
        ensureOpen();
        if (updates.isEmpty()) {
            return List.of();
        }
        List<String> refNames =
                checkRefNames(updates.stream().map(RefUpdate::refName).toList());
        if (refNames.size() != updates.size()) {
            throw new IllegalArgumentException("a push names a ref twice: "
                    + updates.stream().map(RefUpdate::refName).toList());
        }
        String url = Remotes.display(location);
        Redactor redactor = Redactor.of(location.token());
        List<RemoteRefUpdate> requests = new ArrayList<>();
        try (ObjectReader reader = repo.newObjectReader()) {
            for (RefUpdate update : updates) {
                ObjectId newId = History.id(update.newId());
                if (!reader.has(newId)) {
                    throw new MirrorSyncException(
                            Reason.CACHE,
                            "cannot push " + update.newId().abbreviated() + " to " + update.refName() + " of " + url
                                    + ": the commit is not in the local cache; fetch it first");
                }
                ObjectId expectedOld = update.expectedOld().map(History::id).orElse(ObjectId.zeroId());
                requests.add(new RemoteRefUpdate(
                        repo, (String) null, newId, update.refName(), !update.fastForwardOnly(), null, expectedOld));
            }
        } catch (IOException e) {
            throw JGitErrors.cache("reading the commits to push", cache.directory(), e);
        }
        org.eclipse.jgit.transport.PushResult pushed;
        try (Transport transport = remotes.open(location)) {
            pushed = transport.push(new ProgressAdapter(progress, url), requests);
        } catch (IOException | UncheckedIOException e) {
            throw JGitErrors.remote("pushing " + String.join(", ", refNames) + " to", url, e, redactor, remotes);
        }
        List<PushResult> results = new ArrayList<>();
        for (RefUpdate update : updates) {
            results.add(result(location, update, pushed, redactor));
        }
        return results;
    }

    private PushResult result(
            RepoLocation location, RefUpdate update, org.eclipse.jgit.transport.PushResult pushed, Redactor redactor) {
        String refName = update.refName();
        RemoteRefUpdate answer = pushed.getRemoteUpdate(refName);
        RemoteRefUpdate.Status status = answer == null ? RemoteRefUpdate.Status.NOT_ATTEMPTED : answer.getStatus();
        String message = explain(status, answer == null ? null : answer.getMessage(), pushed.getMessages(), redactor);
        PushResult.Status mapped = PushStatuses.map(status);
        if (status == RemoteRefUpdate.Status.REJECTED_OTHER_REASON
                && refMoved(location, refName, update.expectedOld())) {
            mapped = PushResult.Status.REJECTED_STALE_LEASE;
            message = "the ref moved while pushing (stale lease; the server's compare-and-swap failed): " + message;
        }
        String url = Remotes.display(location);
        LOG.debug("push of {} to {} {}: {} ({})", update.newId().abbreviated(), refName, url, mapped, message);
        if (mapped.isSuccess()) {
            try (RevWalk walk = new RevWalk(repo)) {
                setLocalRef(walk, Remotes.trackingRef(location, refName), History.id(update.newId()));
            } catch (IOException e) {
                LOG.debug("could not record the pushed value of {} locally", refName, e);
            }
            return PushResult.of(mapped);
        }
        return PushResult.of(mapped, message);
    }

    /**
     * Opens a push connection and closes it without sending a command: over smart HTTP the server checks the
     * receive-pack authorization on the advertisement request (a read-only token gets 403 there), over SSH the
     * account's write access; over {@code file://} and local paths, whether the repository's refs are writable.
     * Nothing is pushed, and the cache is not touched.
     */
    @Override
    public synchronized void checkPushAccess(RepoLocation location) {
        ensureOpen();
        String url = Remotes.display(location);
        try (Transport transport = remotes.open(location);
                org.eclipse.jgit.transport.PushConnection connection = transport.openPush()) {
            LOG.debug(
                    "{} accepts a push connection ({} refs advertised)",
                    url,
                    connection.getRefs().size());
        } catch (IOException | UncheckedIOException e) {
            throw JGitErrors.remote("checking push access to", url, e, Redactor.of(location.token()), remotes);
        }
        if ("file".equals(location.scheme())) {
            Path refs = localGitDir(location).resolve("refs");
            if (Files.isDirectory(refs) && !Files.isWritable(refs)) {
                throw new MirrorSyncException(
                        Reason.PERMISSION,
                        "checking push access to " + url + " failed: its refs"
                                + " directory is not writable by this user; run as the repository's owner or fix its permissions");
            }
        }
    }

    private static Path localGitDir(RepoLocation location) {
        String url = location.url();
        Path path = url.startsWith("file://") ? Path.of(java.net.URI.create(url)) : Path.of(url);
        Path dotGit = path.resolve(".git");
        return Files.isDirectory(dotGit) ? dotGit : path;
    }

    /**
     * After an unspecific rejection: whether the ref is no longer at the lease's value. A server's compare-and-swap
     * that fails because another push landed after the advertisement reports only "failed to lock" (JGit) or
     * "cannot lock ref" (C git), the same words as a stuck lock file; looking again tells the two apart.
     */
    private boolean refMoved(RepoLocation location, String refName, Optional<CommitId> expectedOld) {
        try {
            Optional<CommitId> now =
                    Optional.ofNullable(listRefs(location, List.of(refName)).get(refName));
            return !now.equals(expectedOld);
        } catch (MirrorSyncException e) {
            LOG.debug("could not look at {} again after a rejected push: {}", refName, e.getMessage());
            return false;
        }
    }

    private static String explain(
            RemoteRefUpdate.Status status, String refMessage, String remoteMessages, Redactor redactor) {
        StringBuilder text = new StringBuilder(
                refMessage == null || refMessage.isBlank() ? PushStatuses.describe(status) : refMessage.strip());
        if (!PushStatuses.map(status).isSuccess() && remoteMessages != null && !remoteMessages.isBlank()) {
            text.append(" [remote: ")
                    .append(remoteMessages.strip().replaceAll("\\s*\\R\\s*", " | "))
                    .append(']');
        }
        return redactor.apply(text.toString());
    }

    @Override
    public synchronized OptionalLong lfsObjectsIn(CommitId tip, Collection<CommitId> excluded) {
        ensureOpen();
        try {
            return OptionalLong.of(LfsPointers.count(repo, tip, excluded));
        } catch (IOException e) {
            throw JGitErrors.cache("looking for Git LFS pointers in " + tip.abbreviated(), cache.directory(), e);
        }
    }

    @Override
    public synchronized CommitId writeRecord(String path, String text) {
        ensureOpen();
        try {
            return RecordCommits.write(repo, path, text);
        } catch (IOException e) {
            throw JGitErrors.cache("writing the record " + path, cache.directory(), e);
        }
    }

    @Override
    public synchronized Optional<String> readRecord(CommitId commit, String path) {
        ensureOpen();
        try {
            return RecordCommits.read(repo, commit, path);
        } catch (IOException e) {
            throw JGitErrors.cache("reading the record " + path + " of " + commit.abbreviated(), cache.directory(), e);
        }
    }

    @Override
    public synchronized MergeResult merge(CommitId ours, CommitId theirs, MergeRequest request) {
        ensureOpen();
        try {
            return merges.merge(ours, theirs, request);
        } catch (IOException e) {
            throw JGitErrors.cache(
                    "merging " + ours.abbreviated() + " and " + theirs.abbreviated(), cache.directory(), e);
        }
    }

    private static List<String> checkRefNames(Collection<String> refNames) {
        Set<String> names = new LinkedHashSet<>();
        for (String name : refNames) {
            Objects.requireNonNull(name, "ref name");
            if (!name.startsWith("refs/") || !Repository.isValidRefName(name)) {
                throw new MirrorSyncException(
                        Reason.INVALID_INPUT,
                        "'" + PrintableText.of(name) + "' is not a valid full ref name (for example refs/heads/main)");
            }
            names.add(name);
        }
        return List.copyOf(names);
    }

    private static List<String> checkPrefixes(Collection<String> prefixes) {
        for (String prefix : prefixes) {
            if (!prefix.startsWith("refs/") || !prefix.endsWith("/") || !Repository.isValidRefName(prefix + "x")) {
                throw new MirrorSyncException(
                        Reason.INVALID_INPUT,
                        "'" + PrintableText.of(prefix) + "' is not a ref prefix (for example refs/heads/)");
            }
        }
        return List.copyOf(new LinkedHashSet<>(prefixes));
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this JGitBackend is closed");
        }
    }

    /** Releases the cache lock and the repository; deletes a temporary cache. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Listing listing : listings.values()) {
            try {
                listing.close();
            } catch (RuntimeException e) {
                LOG.debug("closing a kept listing connection failed", e);
            }
        }
        listings.clear();
        remotes.close();
        cache.close();
    }

    @Override
    public String toString() {
        return "JGitBackend[cache=" + cache.directory() + "]";
    }

    /**
     * Configures a {@link JGitBackend}. Every setting is optional.
     */
    public static final class Builder {
        private Path cacheDirectory;
        private ProgressListener progressListener = ProgressListener.none();
        private CrashHook crashHook = CrashHook.none();
        private Duration timeout = Duration.ofSeconds(60);
        private Duration lockTimeout = Duration.ofMinutes(2);
        private LocalReceivePack localReceivePack = LocalReceivePack.cGit();

        private Builder() {}

        /** The git executable that receives pushes to local-path remotes; default {@code git}. For tests. */
        Builder gitExecutable(String git) {
            this.localReceivePack = new LocalReceivePack(git);
            return this;
        }

        /** Where the cache lives between runs; default: a temporary directory deleted on {@link #close()}. */
        public Builder cacheDirectory(Path cacheDirectory) {
            this.cacheDirectory = Objects.requireNonNull(cacheDirectory, "cacheDirectory");
            return this;
        }

        /** Hears the progress of fetches and pushes; default: nothing hears it. */
        public Builder progressListener(ProgressListener progressListener) {
            this.progressListener = Objects.requireNonNull(progressListener, "progressListener");
            return this;
        }

        /**
         * Hears {@link CrashHook.Point#MID_FETCH}: a fetch received a pack and holds its lock, before any ref moved;
         * default: nothing hears it. For crash tests.
         */
        public Builder crashHook(CrashHook crashHook) {
            this.crashHook = Objects.requireNonNull(crashHook, "crashHook");
            return this;
        }

        /**
         * The timeout for remotes (rounded to whole seconds, at least one); default 60 s. It bounds connecting, each
         * read, and over HTTP(S) each write of a request too: a step that makes no progress for this long fails as a
         * {@code NETWORK} failure.
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
         * Opens (or creates) the cache and locks it.
         *
         * @throws MirrorSyncException with {@link Reason#CACHE} when the directory cannot be used as a cache or its
         *     lock is not free in time
         */
        public JGitBackend build() {
            CacheRepository cache = CacheRepository.open(Optional.ofNullable(cacheDirectory), lockTimeout);
            return new JGitBackend(cache, progressListener, crashHook, timeout, localReceivePack);
        }
    }
}
