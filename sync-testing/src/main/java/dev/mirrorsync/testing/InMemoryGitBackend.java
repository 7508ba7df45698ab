package dev.mirrorsync.testing;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.CommitInfo;
import dev.mirrorsync.core.CommitList;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.spi.GitBackend;
import dev.mirrorsync.core.spi.MergeRequest;
import dev.mirrorsync.core.spi.MergeResult;
import dev.mirrorsync.core.spi.PushResult;
import dev.mirrorsync.core.spi.RefUpdate;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A {@link GitBackend} over an in-memory world of remotes that share one content-addressed commit DAG,
 * with a local cache that holds only what was fetched, as a real backend's does.
 *
 * <p>It enforces what real servers enforce: leases (the expected old value, or absence), fast-forward-only
 * updates when asked, protected refs, and objects that must be local before they are pushed. Tests drive the
 * world directly ({@link #commit}, {@link #setRef}), inject faults ({@link #failNext}), and make another client
 * move a ref between the engine's observation and its push ({@link #beforeNextPush}). Ancestry questions
 * about commits that were never fetched fail loudly, so an engine that forgets to fetch is caught.
 *
 * <p>Thread-safe: every method synchronizes on the instance.
 */
public final class InMemoryGitBackend implements GitBackend {

    /** The backend operations faults can be injected into. */
    public enum Operation {
        LIST_REFS,
        FETCH,
        PUSH
    }

    /** One commit object: parents, message, author, time, and a full snapshot of its files. */
    public record Commit(
            CommitId id,
            List<CommitId> parents,
            String message,
            String author,
            Instant time,
            Map<String, String> files,
            int generation) {}

    /** A push the engine made and what the remote answered. */
    public record PushRecord(String url, RefUpdate update, PushResult result) {}

    private record Fault(Operation operation, String url, MirrorSyncException failure) {}

    private final Map<CommitId, Commit> objects = new HashMap<>();
    private final Map<String, Map<String, CommitId>> remotes = new LinkedHashMap<>();
    private final Map<String, Set<String>> protectedRefs = new HashMap<>();
    private final Set<CommitId> local = new HashSet<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final Map<String, Deque<Consumer<InMemoryGitBackend>>> beforePush = new HashMap<>();
    private final List<PushRecord> pushes = new ArrayList<>();
    private final Map<Operation, Integer> calls = new HashMap<>();
    private final Map<String, Integer> pushBatches = new HashMap<>();
    private long clock = 1_700_000_000L;
    private long sequence;

    // ---------------------------------------------------------------------------------------------
    // The world, driven by tests.

    /** Creates an empty remote repository at {@code url}; returns its location. */
    public synchronized RepoLocation createRemote(String url) {
        if (remotes.putIfAbsent(url, new TreeMap<>()) != null) {
            throw new IllegalArgumentException("remote exists: " + url);
        }
        return RepoLocation.of(url);
    }

    /** A new commit on top of {@code branch} of {@code url} (a root commit when the branch does not exist); moves the branch. */
    public synchronized CommitId commit(String url, String branch, String message) {
        return commit(url, branch, message, Map.of("file-" + (sequence + 1) + ".txt", message));
    }

    /** As {@link #commit(String, String, String)}, changing the given files ({@code null} content deletes a file). */
    public synchronized CommitId commit(String url, String branch, String message, Map<String, String> changes) {
        String ref = "refs/heads/" + branch;
        Optional<CommitId> parent = Optional.ofNullable(refs(url).get(ref));
        CommitId id = createCommit(parent.map(List::of).orElse(List.of()), message, changes);
        refs(url).put(ref, id);
        return id;
    }

    /**
     * Creates a commit object with the given parents (which must exist), its files being the first parent's
     * with {@code changes} applied. It is on no remote until a ref points at it.
     */
    public synchronized CommitId createCommit(List<CommitId> parents, String message, Map<String, String> changes) {
        return createCommit(parents, message, "Developer " + ((sequence + 1) % 3), changes);
    }

    /** As {@link #createCommit(List, String, Map)}, by the named author. */
    public synchronized CommitId createCommit(
            List<CommitId> parents, String message, String author, Map<String, String> changes) {
        Map<String, String> files = new TreeMap<>(
                parents.isEmpty() ? Map.of() : object(parents.get(0)).files());
        changes.forEach((path, content) -> {
            if (content == null) {
                files.remove(path);
            } else {
                files.put(path, content);
            }
        });
        sequence++;
        return store(parents, message + "\n", author, Instant.ofEpochSecond(clock += 60), files);
    }

    /** Sets (or, with an empty value, deletes) a ref directly on a remote, as another client's force-push would. */
    public synchronized void setRef(String url, String ref, Optional<CommitId> value) {
        value.ifPresentOrElse(
                v -> refs(url).put(ref, object(v).id()), () -> refs(url).remove(ref));
    }

    public synchronized Optional<CommitId> ref(String url, String ref) {
        return Optional.ofNullable(refs(url).get(ref));
    }

    public synchronized Optional<CommitId> branch(String url, String branch) {
        return ref(url, "refs/heads/" + branch);
    }

    /** A snapshot of every ref on a remote. */
    public synchronized Map<String, CommitId> refs(RepoLocation repo) {
        return Map.copyOf(refs(repo.url()));
    }

    /** Every commit reachable from any ref of the remote: what "nothing lost" is checked against. */
    public synchronized Set<CommitId> reachableOn(String url) {
        return closure(refs(url).values());
    }

    /** Every commit reachable from {@code tip}, itself included. */
    public synchronized Set<CommitId> reachableFrom(CommitId tip) {
        return closure(List.of(tip));
    }

    public synchronized Commit object(CommitId id) {
        Commit commit = objects.get(id);
        if (commit == null) {
            throw new IllegalArgumentException("no such commit: " + id);
        }
        return commit;
    }

    /** Makes pushes to {@code ref} on {@code url} be refused, as a protected branch is. */
    public synchronized void protect(String url, String ref) {
        protectedRefs.computeIfAbsent(url, u -> new HashSet<>()).add(ref);
    }

    /** The next {@code operation} on {@code url} (any remote when {@code null}) throws {@code failure}. Faults queue in order. */
    public synchronized void failNext(Operation operation, String url, MirrorSyncException failure) {
        faults.add(new Fault(operation, url, failure));
    }

    /** Runs {@code action} inside the next push to {@code url}, before its lease is checked: a concurrent client. */
    public synchronized void beforeNextPush(String url, Consumer<InMemoryGitBackend> action) {
        beforePush.computeIfAbsent(url, u -> new ArrayDeque<>()).add(action);
    }

    /** Every push made through the {@link GitBackend} interface, in order. */
    public synchronized List<PushRecord> pushes() {
        return List.copyOf(pushes);
    }

    /** How many times an operation was called through the {@link GitBackend} interface. */
    public synchronized int calls(Operation operation) {
        return calls.getOrDefault(operation, 0);
    }

    // ---------------------------------------------------------------------------------------------
    // GitBackend

    @Override
    public synchronized Map<String, CommitId> listRefs(RepoLocation repo, Collection<String> refNames) {
        enter(Operation.LIST_REFS, repo.url());
        Map<String, CommitId> refs = remote(repo.url());
        Map<String, CommitId> answer = new LinkedHashMap<>();
        for (String name : refNames) {
            CommitId id = refs.get(name);
            if (id != null) {
                answer.put(name, id);
            }
        }
        return answer;
    }

    @Override
    public synchronized Map<String, CommitId> listRefs(
            RepoLocation repo, Collection<String> refNames, Collection<String> prefixes) {
        Map<String, CommitId> answer = listRefs(repo, refNames);
        remote(repo.url()).forEach((name, id) -> {
            if (prefixes.stream().anyMatch(name::startsWith)) {
                answer.putIfAbsent(name, id);
            }
        });
        return answer;
    }

    /** Counts one batch, then applies each update as {@link #push(RepoLocation, RefUpdate)} does (races and faults included). */
    @Override
    public List<PushResult> push(RepoLocation repo, List<RefUpdate> updates) {
        synchronized (this) {
            pushBatches.merge(repo.url(), 1, Integer::sum);
        }
        return GitBackend.super.push(repo, updates);
    }

    /** How many batched pushes ({@link #push(RepoLocation, List)}) went to {@code url}. */
    public synchronized int pushBatches(String url) {
        return pushBatches.getOrDefault(url, 0);
    }

    @Override
    public synchronized void fetch(RepoLocation repo, Collection<String> refNames) {
        enter(Operation.FETCH, repo.url());
        Map<String, CommitId> refs = remote(repo.url());
        List<CommitId> tips = new ArrayList<>();
        for (String name : refNames) {
            Optional.ofNullable(refs.get(name)).ifPresent(tips::add);
        }
        local.addAll(closure(tips));
    }

    @Override
    public synchronized boolean isAncestor(CommitId ancestor, CommitId descendant) {
        requireLocal(descendant);
        if (!local.contains(ancestor)) {
            return false;
        }
        return closure(List.of(descendant)).contains(ancestor);
    }

    @Override
    public synchronized Optional<CommitId> mergeBase(CommitId a, CommitId b) {
        requireLocal(a);
        requireLocal(b);
        Set<CommitId> common = closure(List.of(a));
        common.retainAll(closure(List.of(b)));
        // The best common ancestors are those no other common ancestor descends from; pick the deepest, then by id.
        return common.stream()
                .filter(c -> common.stream()
                        .noneMatch(o -> !o.equals(c) && closure(List.of(o)).contains(c)))
                .max(Comparator.comparingInt((CommitId c) -> objects.get(c).generation())
                        .thenComparing(c -> c));
    }

    @Override
    public synchronized CommitList commitsOnlyIn(CommitId tip, Collection<CommitId> excluded, int limit) {
        requireLocal(tip);
        Set<CommitId> only = closure(List.of(tip));
        only.removeAll(closure(excluded.stream().filter(local::contains).toList()));
        List<CommitInfo> listed = only.stream()
                .map(objects::get)
                .sorted(Comparator.comparingInt(Commit::generation).reversed().thenComparing(Commit::id))
                .limit(limit)
                .map(InMemoryGitBackend::info)
                .toList();
        return CommitList.of(only.size(), listed);
    }

    @Override
    public PushResult push(RepoLocation repo, RefUpdate update) {
        Consumer<InMemoryGitBackend> concurrent;
        synchronized (this) {
            enter(Operation.PUSH, repo.url());
            remote(repo.url());
            Deque<Consumer<InMemoryGitBackend>> hooks = beforePush.get(repo.url());
            concurrent = hooks == null ? null : hooks.poll();
        }
        if (concurrent != null) {
            concurrent.accept(this);
        }
        synchronized (this) {
            PushResult result = applyPush(repo.url(), update);
            pushes.add(new PushRecord(repo.url(), update, result));
            return result;
        }
    }

    private PushResult applyPush(String url, RefUpdate update) {
        Map<String, CommitId> refs = remote(url);
        if (!local.contains(update.newId()) && !closure(refs.values()).contains(update.newId())) {
            throw new MirrorSyncException(
                    MirrorSyncException.Reason.INTERNAL,
                    "cannot push " + update.newId() + " to " + url + ": it was never fetched into the local cache");
        }
        if (protectedRefs.getOrDefault(url, Set.of()).contains(update.refName())) {
            return PushResult.of(PushResult.Status.REJECTED_OTHER, "protected branch hook declined");
        }
        Optional<CommitId> current = Optional.ofNullable(refs.get(update.refName()));
        if (current.equals(Optional.of(update.newId()))) {
            return PushResult.of(PushResult.Status.UP_TO_DATE);
        }
        if (!current.equals(update.expectedOld())) {
            return PushResult.of(PushResult.Status.REJECTED_STALE_LEASE, "stale info");
        }
        if (update.fastForwardOnly()
                && current.isPresent()
                && !closure(List.of(update.newId())).contains(current.get())) {
            return PushResult.of(PushResult.Status.REJECTED_NON_FAST_FORWARD, "non-fast-forward");
        }
        refs.put(update.refName(), update.newId());
        return PushResult.of(PushResult.Status.OK);
    }

    /**
     * A three-way merge over the commits' file snapshots: a path changed on one side only takes that side's
     * content; changed differently on both sides, it conflicts.
     */
    @Override
    public synchronized CommitId writeRecord(String path, String text) {
        CommitId id = createCommit(List.of(), "mirror-sync record: " + path, "mirror-sync", Map.of(path, text));
        local.add(id);
        return id;
    }

    @Override
    public synchronized Optional<String> readRecord(CommitId commit, String path) {
        if (!local.contains(commit)) {
            throw new MirrorSyncException(
                    MirrorSyncException.Reason.CACHE, "commit " + commit.abbreviated() + " is not in the local store");
        }
        return Optional.ofNullable(object(commit).files().get(path));
    }

    @Override
    public synchronized MergeResult merge(CommitId ours, CommitId theirs, MergeRequest request) {
        requireLocal(ours);
        requireLocal(theirs);
        Map<String, String> base =
                mergeBase(ours, theirs).map(b -> object(b).files()).orElse(Map.of());
        Map<String, String> left = object(ours).files();
        Map<String, String> right = object(theirs).files();
        Set<String> paths = new TreeSet<>(base.keySet());
        paths.addAll(left.keySet());
        paths.addAll(right.keySet());
        Map<String, String> merged = new TreeMap<>();
        List<String> conflicts = new ArrayList<>();
        for (String path : paths) {
            String b = base.get(path);
            String l = left.get(path);
            String r = right.get(path);
            String result;
            if (Objects.equals(l, r) || Objects.equals(r, b)) {
                result = l;
            } else if (Objects.equals(l, b)) {
                result = r;
            } else {
                conflicts.add(path);
                continue;
            }
            if (result != null) {
                merged.put(path, result);
            }
        }
        if (!conflicts.isEmpty()) {
            return MergeResult.conflicts(conflicts);
        }
        CommitId id = store(List.of(ours, theirs), request.message(), request.authorName(), request.time(), merged);
        local.add(id);
        return MergeResult.clean(id);
    }

    // ---------------------------------------------------------------------------------------------

    private void enter(Operation operation, String url) {
        calls.merge(operation, 1, Integer::sum);
        Fault next = faults.peek();
        if (next != null
                && next.operation() == operation
                && (next.url() == null || next.url().equals(url))) {
            faults.poll();
            throw next.failure();
        }
    }

    private Map<String, CommitId> remote(String url) {
        Map<String, CommitId> refs = remotes.get(url);
        if (refs == null) {
            throw new MirrorSyncException(MirrorSyncException.Reason.NOT_FOUND, "repository " + url + " not found");
        }
        return refs;
    }

    private Map<String, CommitId> refs(String url) {
        Map<String, CommitId> refs = remotes.get(url);
        if (refs == null) {
            throw new IllegalArgumentException("no such remote: " + url);
        }
        return refs;
    }

    private void requireLocal(CommitId id) {
        if (!local.contains(id)) {
            throw new MirrorSyncException(
                    MirrorSyncException.Reason.INTERNAL, "commit " + id + " is not in the local cache: fetch it first");
        }
    }

    private Set<CommitId> closure(Collection<CommitId> tips) {
        Set<CommitId> seen = new HashSet<>();
        Deque<CommitId> todo = new ArrayDeque<>(tips);
        while (!todo.isEmpty()) {
            CommitId id = todo.pop();
            if (seen.add(id)) {
                todo.addAll(object(id).parents());
            }
        }
        return seen;
    }

    private CommitId store(
            List<CommitId> parents, String message, String author, Instant time, Map<String, String> files) {
        StringBuilder canonical = new StringBuilder();
        parents.forEach(p -> canonical.append("parent ").append(p).append('\n'));
        canonical
                .append("author ")
                .append(author)
                .append(' ')
                .append(time.getEpochSecond())
                .append('\n');
        files.forEach((path, content) -> canonical
                .append("file ")
                .append(path)
                .append(' ')
                .append(content.hashCode())
                .append('\n'));
        canonical.append('\n').append(message);
        CommitId id = CommitId.of(sha1(canonical.toString()));
        int generation =
                parents.stream().mapToInt(p -> object(p).generation()).max().orElse(0) + 1;
        objects.putIfAbsent(
                id, new Commit(id, List.copyOf(parents), message, author, time, Map.copyOf(files), generation));
        return id;
    }

    private static CommitInfo info(Commit commit) {
        String subject = commit.message().lines().findFirst().orElse("");
        return CommitInfo.builder()
                .id(commit.id())
                .subject(subject)
                .authorName(commit.author())
                .authorTime(commit.time())
                .build();
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
