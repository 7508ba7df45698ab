package dev.mirrorsync.core;

import dev.mirrorsync.core.spi.CrashHook;
import dev.mirrorsync.core.spi.GitBackend;
import dev.mirrorsync.core.spi.SyncStateStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observes a pair for the planner: lists tips from ref advertisements (fetching nothing), and for a branch
 * whose tips differ fetches what the ancestry questions need. A branch whose tips agree costs no fetch.
 */
final class BranchObserver {
    private static final Logger LOG = LoggerFactory.getLogger(BranchObserver.class);
    private static final String HEADS = "refs/heads/";
    /** Commits listed per side in a report; the total is always exact. */
    static final int LISTED_COMMITS = 50;
    /**
     * Commits counted on one side at most: beyond, a report says "10000+". Creating a branch from a 300,000-commit
     * history would otherwise walk it all (4 s) to list 50.
     */
    static final long COUNTED_COMMITS = 10_000;

    private final GitBackend backend;
    private final SyncStateStore store;
    private final Retrier retrier;
    private final MirrorPair pair;
    private final CrashHook crashHook;
    /** The store's refs as the last listing of the private side saw them (absent: did not exist), and which were asked. */
    private final Map<String, CommitId> listedStateRefs = new HashMap<>();

    private final Set<String> askedStateRefs = new HashSet<>();
    /** Prefixes under which a listing asked for every state ref. */
    private final Set<String> statePrefixes = new HashSet<>();
    /** Tips this run already brought into the local store, per side: fetching them again would cost a round trip. */
    private final Map<Side, Set<CommitId>> fetched =
            new EnumMap<>(Map.of(Side.PRIVATE, new HashSet<>(), Side.PUBLIC, new HashSet<>()));

    BranchObserver(GitBackend backend, SyncStateStore store, Retrier retrier, MirrorPair pair, CrashHook crashHook) {
        this.backend = backend;
        this.store = store;
        this.retrier = retrier;
        this.pair = pair;
        this.crashHook = crashHook;
    }

    /** What one listing of the pair found: the branches the run syncs, and every listed ref per side. */
    record Listing(List<String> branches, Map<Side, Map<String, CommitId>> refs) {}

    /**
     * Lists the pair, one ref advertisement per side: its named branches, every branch when it selects by pattern
     * ({@code refs/heads/}), and the state store's refs.
     */
    Listing listPair() {
        List<String> prefixes = new ArrayList<>();
        if (!pair.branchPatterns().isEmpty()) {
            prefixes.add(HEADS);
        }
        List<String> extraPrivate = new ArrayList<>();
        if (pair.syncTags()) {
            prefixes.add(TagSync.TAGS);
            store.tagRecordRef(pair).ifPresent(extraPrivate::add);
        }
        Map<Side, Map<String, CommitId>> refs = listTips(pair.branches(), prefixes, extraPrivate);
        if (pair.branchPatterns().isEmpty()) {
            return new Listing(pair.branches(), refs);
        }
        Set<String> seen = new HashSet<>();
        refs.values()
                .forEach(side -> side.keySet().stream()
                        .filter(r -> r.startsWith(HEADS))
                        .map(r -> r.substring(HEADS.length()))
                        .forEach(seen::add));
        return new Listing(pair.selectBranches(seen), refs);
    }

    /**
     * The tips of {@code branches} on each side: one ref advertisement per side. The private side's also lists the
     * state store's refs ({@link SyncStateStore#refsOnPrivate}), so reading the watermarks costs nothing more.
     */
    Map<Side, Map<String, CommitId>> listTips(List<String> branches) {
        return listTips(branches, List.of(), List.of());
    }

    /**
     * As {@link #listTips(List)}, and every ref under {@code prefixes} (then also under the store's prefixes), and on
     * the private side the refs {@code extraPrivate} too.
     */
    private Map<Side, Map<String, CommitId>> listTips(
            List<String> branches, List<String> prefixes, List<String> extraPrivate) {
        List<String> refs = new ArrayList<>();
        branches.forEach(b -> refs.add(BranchNames.ref(b)));
        Collection<String> stateRefs = store.refsOnPrivate(pair, branches);
        Collection<String> statePrefixes = prefixes.contains(HEADS) ? store.prefixesOnPrivate(pair) : List.of();
        Map<Side, Map<String, CommitId>> tips = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            RepoLocation repo = pair.repo(side);
            List<String> asked = new ArrayList<>(refs);
            List<String> askedPrefixes = new ArrayList<>(prefixes);
            if (side == Side.PRIVATE) {
                asked.addAll(stateRefs);
                asked.addAll(extraPrivate);
                askedPrefixes.addAll(statePrefixes);
            }
            tips.put(
                    side,
                    retrier.call(
                            "listing refs of " + repo.url(),
                            () -> askedPrefixes.isEmpty()
                                    ? backend.listRefs(repo, asked)
                                    : backend.listRefs(repo, asked, askedPrefixes)));
        }
        Map<String, CommitId> privateRefs = tips.get(Side.PRIVATE);
        if (!statePrefixes.isEmpty()) {
            // Every state ref under these prefixes was listed: one that is absent does not exist.
            this.statePrefixes.addAll(statePrefixes);
            listedStateRefs.keySet().removeIf(ref -> statePrefixes.stream().anyMatch(ref::startsWith));
            privateRefs.forEach((ref, id) -> {
                if (statePrefixes.stream().anyMatch(ref::startsWith)) {
                    listedStateRefs.put(ref, id);
                }
            });
        }
        for (String ref : stateRefs) {
            askedStateRefs.add(ref);
            listedStateRefs.remove(ref);
            Optional.ofNullable(privateRefs.get(ref)).ifPresent(id -> listedStateRefs.put(ref, id));
        }
        return tips;
    }

    static Optional<CommitId> tip(Map<Side, Map<String, CommitId>> tips, Side side, String branch) {
        return Optional.ofNullable(tips.get(side).get(BranchNames.ref(branch)));
    }

    Optional<CommitId> watermark(String branch) {
        Collection<String> needed = store.refsOnPrivate(pair, List.of(branch));
        boolean allListed = needed.stream()
                .allMatch(ref ->
                        askedStateRefs.contains(ref) || statePrefixes.stream().anyMatch(ref::startsWith));
        if (!needed.isEmpty() && allListed) {
            return store.read(pair, branch, Map.copyOf(listedStateRefs));
        }
        return retrier.call("reading the watermark of " + branch, () -> store.read(pair, branch));
    }

    /**
     * Fetches the branch from every side that has it, then asks the ancestry questions of the local store.
     *
     * <p>The tips were listed before the watermark is read here. Another run that pushed to a side and then moved the
     * watermark in between makes that side look as if it had lost the watermark, a rewrite that never happened; so a
     * branch that looks rewritten is listed again, now after the read, and observed with the tips it has now.
     */
    Observation observe(String branch, Optional<CommitId> p, Optional<CommitId> q) {
        Optional<CommitId> w = watermark(branch);
        Observation seen = observe(branch, p, q, w);
        if (looksRewritten(seen)) {
            Map<Side, Optional<CommitId>> now = refresh(branch);
            if (!seen.sameTips(now.get(Side.PRIVATE), now.get(Side.PUBLIC))) {
                // The new private listing carried the store's refs too (listTips), so reading again is free and
                // consistent.
                seen = observe(branch, now.get(Side.PRIVATE), now.get(Side.PUBLIC), watermark(branch));
            }
        }
        return seen;
    }

    /** The state table's own answer (row 3, in {@link SyncPlanner}): a side looks rewritten or deleted since the watermark. */
    private static boolean looksRewritten(Observation seen) {
        return switch (SyncPlanner.state(seen)) {
            case PRIVATE_REWRITTEN, PUBLIC_REWRITTEN -> true;
            case BOTH_MISSING,
                    IN_SYNC,
                    PRIVATE_MISSING,
                    PUBLIC_MISSING,
                    PRIVATE_AHEAD,
                    PUBLIC_AHEAD,
                    DIVERGED,
                    UNRELATED -> false;
        };
    }

    private Observation observe(String branch, Optional<CommitId> p, Optional<CommitId> q, Optional<CommitId> w) {
        if (p.equals(q)) {
            return new Observation(branch, p, q, w, p.equals(w), q.equals(w), p.isPresent(), q.isPresent(), p);
        }
        // Public still at the watermark and private moved on: what the planner needs is private's history beyond it.
        boolean fromWatermark = q.isPresent() && q.equals(w) && !p.equals(w);
        fetch(Side.PRIVATE, branch, p, fromWatermark ? boundary(branch, w.get()) : Map.of());
        fetch(Side.PUBLIC, branch, q, Map.of());
        crashHook.reached(CrashHook.Point.AFTER_FETCH);
        boolean privateHasW = w.isPresent() && p.isPresent() && ancestor(w.get(), p.get());
        boolean publicHasW = w.isPresent() && q.isPresent() && ancestor(w.get(), q.get());
        boolean bothPresent = p.isPresent() && q.isPresent();
        boolean qInP = bothPresent && ancestor(q.get(), p.get());
        boolean pInQ = bothPresent && !qInP && ancestor(p.get(), q.get());
        Optional<CommitId> base = Optional.empty();
        if (bothPresent) {
            base = qInP
                    ? q
                    : pInQ ? p : retrier.call("finding the merge base", () -> backend.mergeBase(p.get(), q.get()));
        }
        return new Observation(branch, p, q, w, privateHasW, publicHasW, qInP, pInQ, base);
    }

    /**
     * Fetches every branch whose tips differ in one request per side, instead of one per branch. A failure here
     * is not the run's: each branch then fetches by itself and reports its own outcome.
     */
    void prefetch(Map<Side, Map<String, CommitId>> tips, List<String> branches) {
        prefetch(tips, branches, Map.of());
    }

    /**
     * As {@link #prefetch(Map, List)}, and in the same fetch per side the listed refs in {@code extraRefs} (full names):
     * branches in sync whose watermark a ref store's push moves to their tip (it needs their objects), and tags to copy.
     */
    void prefetch(Map<Side, Map<String, CommitId>> tips, List<String> branches, Map<Side, List<String>> extraRefs) {
        List<String> differing = branches.stream()
                .filter(b -> !tip(tips, Side.PRIVATE, b).equals(tip(tips, Side.PUBLIC, b)))
                .toList();
        if (differing.size() < 2 && extraRefs.values().stream().allMatch(List::isEmpty)) {
            return;
        }
        for (Side side : Side.values()) {
            Map<String, CommitId> wanted = new LinkedHashMap<>();
            differing.forEach(b -> tip(tips, side, b).ifPresent(id -> wanted.put(BranchNames.ref(b), id)));
            extraRefs
                    .getOrDefault(side, List.of())
                    .forEach(ref -> Optional.ofNullable(tips.get(side).get(ref)).ifPresent(id -> wanted.put(ref, id)));
            wanted.values().removeIf(fetched.get(side)::contains);
            if (wanted.isEmpty()) {
                continue;
            }
            RepoLocation repo = pair.repo(side);
            try {
                retrier.run(
                        "fetching " + wanted.size() + " refs from " + repo.url(),
                        () -> backend.fetchListed(repo, Map.copyOf(wanted)));
                fetched.get(side).addAll(wanted.values());
            } catch (MirrorSyncException e) {
                LOG.debug("batched fetch from {} failed ({}); fetching branch by branch", repo.url(), e.getMessage());
            }
        }
    }

    /** Whether this run already brought {@code id} from {@code side} into the local store. */
    boolean fetched(Side side, CommitId id) {
        return fetched.get(side).contains(id);
    }

    /** Current tips of one branch, for re-planning after a rejected push. */
    Map<Side, Optional<CommitId>> refresh(String branch) {
        Map<Side, Map<String, CommitId>> tips = listTips(List.of(branch));
        Map<Side, Optional<CommitId>> now = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            now.put(side, tip(tips, side, branch));
        }
        return now;
    }

    /** A report of what was seen and planned, with the commits only on each side when the tips differ. */
    BranchReport.Builder describe(Observation seen, Plan plan) {
        BranchReport.Builder report = BranchReport.builder()
                .branch(seen.branch())
                .state(plan.state())
                .action(plan.action())
                .privateBefore(seen.privateTip())
                .publicBefore(seen.publicTip())
                .watermark(seen.watermark());
        if (plan.state() != SyncState.IN_SYNC && plan.state() != SyncState.BOTH_MISSING) {
            report.mergeBase(seen.mergeBase())
                    .onlyOnPrivate(commitsOnlyIn(seen.privateTip(), seen.publicTip(), LISTED_COMMITS))
                    .onlyOnPublic(commitsOnlyIn(seen.publicTip(), seen.privateTip(), LISTED_COMMITS));
        }
        plan.action()
                .target()
                .ifPresent(target -> seen.tip(target.other()).ifPresent(source -> {
                    List<CommitId> there = seen.tip(target).map(List::of).orElse(List.of());
                    report.lfsObjects(
                            retrier.call("looking for Git LFS pointers", () -> backend.lfsObjectsIn(source, there)));
                }));
        return report;
    }

    CommitList commitsOnlyIn(Optional<CommitId> tip, Optional<CommitId> excluded, int limit) {
        if (tip.isEmpty()) {
            return CommitList.empty();
        }
        List<CommitId> exclude = excluded.map(List::of).orElse(List.of());
        return retrier.call("listing commits", () -> backend.commitsOnlyIn(tip.get(), exclude, limit, COUNTED_COMMITS));
    }

    private void fetch(Side side, String branch, Optional<CommitId> tip, Map<String, CommitId> boundary) {
        if (tip.isEmpty() || fetched.get(side).contains(tip.get())) {
            return;
        }
        RepoLocation repo = pair.repo(side);
        Map<String, CommitId> refs = Map.of(BranchNames.ref(branch), tip.get());
        retrier.run("fetching " + branch + " from " + repo.url(), () -> backend.fetchListed(repo, refs, boundary));
        fetched.get(side).add(tip.get());
    }

    /**
     * The watermark's own ref on the private side, when the store keeps one there and this run's listing saw it at
     * {@code watermark}: the boundary of a fetch that needs only the history beyond it (see
     * {@link GitBackend#fetchListed(RepoLocation, Map, Map)}). Empty when the store keeps its watermarks elsewhere.
     */
    private Map<String, CommitId> boundary(String branch, CommitId watermark) {
        for (String ref : store.refsOnPrivate(pair, List.of(branch))) {
            if (watermark.equals(listedStateRefs.get(ref))) {
                return Map.of(ref, watermark);
            }
        }
        return Map.of();
    }

    private boolean ancestor(CommitId ancestor, CommitId descendant) {
        return retrier.call("checking ancestry", () -> backend.isAncestor(ancestor, descendant));
    }
}
