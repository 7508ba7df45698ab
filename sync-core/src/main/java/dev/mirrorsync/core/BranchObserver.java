package dev.mirrorsync.core;

import dev.mirrorsync.core.spi.GitBackend;
import dev.mirrorsync.core.spi.SyncStateStore;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Observes a pair for the planner: lists tips from ref advertisements (fetching nothing), and for a branch
 * whose tips differ fetches what the ancestry questions need. A branch whose tips agree costs no fetch.
 */
final class BranchObserver {
    private final GitBackend backend;
    private final SyncStateStore store;
    private final Retrier retrier;
    private final MirrorPair pair;

    BranchObserver(GitBackend backend, SyncStateStore store, Retrier retrier, MirrorPair pair) {
        this.backend = backend;
        this.store = store;
        this.retrier = retrier;
        this.pair = pair;
    }

    /** The tips of {@code branches} on each side: one ref advertisement per side. */
    Map<Side, Map<String, CommitId>> listTips(List<String> branches) {
        List<String> refs = new ArrayList<>();
        branches.forEach(b -> refs.add(BranchNames.ref(b)));
        Map<Side, Map<String, CommitId>> tips = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            RepoLocation repo = pair.repo(side);
            tips.put(side, retrier.call("listing refs of " + repo.url(), () -> backend.listRefs(repo, refs)));
        }
        return tips;
    }

    static Optional<CommitId> tip(Map<Side, Map<String, CommitId>> tips, Side side, String branch) {
        return Optional.ofNullable(tips.get(side).get(BranchNames.ref(branch)));
    }

    Optional<CommitId> watermark(String branch) {
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
                seen = observe(branch, now.get(Side.PRIVATE), now.get(Side.PUBLIC), w);
            }
        }
        return seen;
    }

    /** What the planner's row 3 asks: a watermark one side holds and the other lost, or a side deleted since. */
    private static boolean looksRewritten(Observation seen) {
        if (seen.watermark().isEmpty() || seen.privateTip().equals(seen.publicTip())) {
            return false;
        }
        boolean privateHas = seen.privateTip().isPresent() && seen.privateContainsWatermark();
        boolean publicHas = seen.publicTip().isPresent() && seen.publicContainsWatermark();
        return privateHas != publicHas || seen.privateTip().isEmpty() || seen.publicTip().isEmpty();
    }

    private Observation observe(String branch, Optional<CommitId> p, Optional<CommitId> q, Optional<CommitId> w) {
        if (p.equals(q)) {
            return new Observation(branch, p, q, w, p.equals(w), q.equals(w), p.isPresent(), q.isPresent(), p);
        }
        fetch(Side.PRIVATE, branch, p);
        fetch(Side.PUBLIC, branch, q);
        boolean privateHasW = w.isPresent() && p.isPresent() && ancestor(w.get(), p.get());
        boolean publicHasW = w.isPresent() && q.isPresent() && ancestor(w.get(), q.get());
        boolean bothPresent = p.isPresent() && q.isPresent();
        boolean qInP = bothPresent && ancestor(q.get(), p.get());
        boolean pInQ = bothPresent && !qInP && ancestor(p.get(), q.get());
        Optional<CommitId> base = Optional.empty();
        if (bothPresent) {
            base = qInP ? q : pInQ ? p : retrier.call("finding the merge base", () -> backend.mergeBase(p.get(), q.get()));
        }
        return new Observation(branch, p, q, w, privateHasW, publicHasW, qInP, pInQ, base);
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

    CommitList commitsOnlyIn(Optional<CommitId> tip, Optional<CommitId> excluded, int limit) {
        if (tip.isEmpty()) {
            return CommitList.empty();
        }
        List<CommitId> exclude = excluded.map(List::of).orElse(List.of());
        return retrier.call("listing commits", () -> backend.commitsOnlyIn(tip.get(), exclude, limit));
    }

    private void fetch(Side side, String branch, Optional<CommitId> tip) {
        if (tip.isEmpty()) {
            return;
        }
        RepoLocation repo = pair.repo(side);
        retrier.run("fetching " + branch + " from " + repo.url(), () -> backend.fetch(repo, List.of(BranchNames.ref(branch))));
    }

    private boolean ancestor(CommitId ancestor, CommitId descendant) {
        return retrier.call("checking ancestry", () -> backend.isAncestor(ancestor, descendant));
    }
}
