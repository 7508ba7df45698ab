package dev.mirrorsync.core;

import dev.mirrorsync.core.spi.CrashHook;
import dev.mirrorsync.core.spi.GitBackend;
import dev.mirrorsync.core.spi.PushResult;
import dev.mirrorsync.core.spi.RefUpdate;
import dev.mirrorsync.core.spi.SyncStateStore;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A sync run over every branch of a pair with a handful of round trips: the one listing per side (done by the caller),
 * one fetch per side for every branch that needs one, then every branch planned, and one push per side carrying
 * every create and fast-forward, each with its own lease and its own result. The public side is pushed first, so that
 * the private side's push can carry the watermarks of the branches that moved on public, with the private side's own
 * updates and the watermarks of branches found in sync (when the store keeps them in refs there).
 *
 * <p>A rejected update is re-planned on its own through {@link SyncExecutor#sync}, as a single-branch run would; so
 * is an overwrite under a preferring policy, whose backup ref must land before the overwrite and so cannot share its
 * push. A failure of one batched push fails the branches it carried, never the others.
 */
final class BatchedSync {
    private static final Logger LOG = LoggerFactory.getLogger(BatchedSync.class);

    private final GitBackend backend;
    private final SyncStateStore store;
    private final Retrier retrier;
    private final MirrorPair pair;
    private final BranchObserver observer;
    private final BranchWriter writer;
    private final SyncExecutor executor;
    private final CrashHook crashHook;
    private SyncRequest request = SyncRequest.defaults();

    BatchedSync(
            GitBackend backend,
            SyncStateStore store,
            Retrier retrier,
            MirrorPair pair,
            BranchObserver observer,
            BranchWriter writer,
            SyncExecutor executor,
            CrashHook crashHook) {
        this.backend = backend;
        this.store = store;
        this.retrier = retrier;
        this.pair = pair;
        this.observer = observer;
        this.writer = writer;
        this.executor = executor;
        this.crashHook = crashHook;
    }

    /** One branch between its plan and its report. */
    private static final class Work {
        final String branch;
        Observation seen;
        Plan plan;
        BranchReport.Builder report;
        /** The branch's own update, and the side it goes to. */
        Optional<RefUpdate> update = Optional.empty();

        Side target;
        /** Set once the branch is settled. */
        BranchReport done;
        /** The watermark's new value once the branch is (or stays) in sync, and its ref update when batched. */
        Optional<CommitId> agreed = Optional.empty();

        Optional<RefUpdate> watermarkUpdate = Optional.empty();

        Work(String branch) {
            this.branch = branch;
        }
    }

    /** What a run did: branch reports in the order of the branches, tag reports by name. */
    record Result(List<BranchReport> branches, List<TagReport> tags) {}

    Result sync(List<String> branches, Map<Side, Map<String, CommitId>> tips, SyncRequest request) {
        this.request = request;
        Optional<TagSync> tags = pair.syncTags() ? Optional.of(new TagSync(store, retrier, pair)) : Optional.empty();
        Map<Side, List<String>> extra = new EnumMap<>(Side.class);
        tags.ifPresent(t -> extra.putAll(t.toFetch(tips, request.dryRun())));
        List<String> privateExtra = new ArrayList<>(extra.getOrDefault(Side.PRIVATE, List.of()));
        privateExtra.addAll(staleWatermarks(branches, tips, request));
        extra.put(Side.PRIVATE, privateExtra);
        observer.prefetch(tips, branches, extra);
        tags.ifPresent(t -> t.plan(tips, request));
        List<Work> work = new ArrayList<>();
        for (String branch : branches) {
            Work w = new Work(branch);
            work.add(w);
            try {
                plan(
                        w,
                        BranchObserver.tip(tips, Side.PRIVATE, branch),
                        BranchObserver.tip(tips, Side.PUBLIC, branch),
                        request);
            } catch (MirrorSyncException e) {
                w.done = MirrorSync.failed(branch, e);
            }
        }
        push(Side.PUBLIC, work, tags);
        for (Work w : work) {
            if (w.done == null && w.target == Side.PUBLIC) {
                // Moved on public: its watermark goes into the private side's push.
                w.agreed.ifPresent(agreed ->
                        w.watermarkUpdate = store.compareAndSetUpdate(pair, w.branch, w.seen.watermark(), agreed));
            }
        }
        push(Side.PRIVATE, work, tags);
        List<BranchReport> reports = new ArrayList<>();
        for (Work w : work) {
            reports.add(w.done != null ? w.done : finishUnbatched(w));
        }
        return new Result(reports, tags.map(TagSync::finish).orElse(List.of()));
    }

    /**
     * In-sync branches whose watermark a ref store must move: their objects are fetched with the rest, because the
     * watermark's push needs them in the local store.
     */
    private List<String> staleWatermarks(
            List<String> branches, Map<Side, Map<String, CommitId>> tips, SyncRequest request) {
        if (request.dryRun()) {
            return List.of();
        }
        List<String> refs = new ArrayList<>();
        for (String branch : branches) {
            Optional<CommitId> p = BranchObserver.tip(tips, Side.PRIVATE, branch);
            if (p.isPresent() && p.equals(BranchObserver.tip(tips, Side.PUBLIC, branch))) {
                try {
                    Optional<CommitId> w = observer.watermark(branch);
                    if (!w.equals(p)
                            && store.compareAndSetUpdate(pair, branch, w, p.get())
                                    .isPresent()) {
                        refs.add(BranchNames.ref(branch));
                    }
                } catch (MirrorSyncException e) {
                    LOG.debug("{}: could not read the watermark before fetching ({})", branch, e.getMessage());
                }
            }
        }
        return refs;
    }

    private void plan(Work w, Optional<CommitId> p, Optional<CommitId> q, SyncRequest request) {
        w.seen = observer.observe(w.branch, p, q);
        w.plan = SyncPlanner.plan(w.seen, request);
        w.report = observer.describe(w.seen, w.plan);
        Optional<Outcome> settled = executor.settledWithoutPush(w.plan, request);
        if (settled.isPresent()) {
            BranchReport done = executor.finish(
                    w.report, w.seen, w.plan, settled.get(), w.seen.privateTip(), w.seen.publicTip(), Optional.empty());
            if (settled.get() == Outcome.UP_TO_DATE && !request.dryRun()) {
                CommitId tip = w.seen.privateTip().orElseThrow();
                w.agreed = Optional.of(tip);
                w.watermarkUpdate = w.seen.watermark().equals(w.agreed)
                        ? Optional.empty()
                        : store.compareAndSetUpdate(pair, w.branch, w.seen.watermark(), tip);
                if (w.watermarkUpdate.isEmpty()) {
                    w.done = writer.withWatermark(done, w.seen, tip);
                    return;
                }
                // Settled, but its report waits for the watermark's push.
                w.report = BranchReport.builder().from(done);
                w.target = null;
                return;
            }
            w.done = done;
            return;
        }
        String ref = BranchNames.ref(w.branch);
        Observation seen = w.seen;
        switch (w.plan.action()) {
            case CREATE_PUBLIC ->
                batch(w, Side.PUBLIC, RefUpdate.create(ref, seen.privateTip().orElseThrow()));
            case CREATE_PRIVATE ->
                batch(w, Side.PRIVATE, RefUpdate.create(ref, seen.publicTip().orElseThrow()));
            case FAST_FORWARD_PUBLIC ->
                batch(
                        w,
                        Side.PUBLIC,
                        RefUpdate.fastForward(
                                ref,
                                seen.publicTip().orElseThrow(),
                                seen.privateTip().orElseThrow()));
            case FAST_FORWARD_PRIVATE ->
                batch(
                        w,
                        Side.PRIVATE,
                        RefUpdate.fastForward(
                                ref,
                                seen.privateTip().orElseThrow(),
                                seen.publicTip().orElseThrow()));
            // A backup ref must be on the losing side before the overwrite: that order cannot share one push.
            case OVERWRITE_PUBLIC, OVERWRITE_PRIVATE -> w.done = executor.sync(w.seen, request);
            case NONE, REPORT, MERGE ->
                throw new IllegalStateException("not an executable sync action: " + w.plan.action());
        }
    }

    private void batch(Work w, Side target, RefUpdate update) {
        w.update = Optional.of(update);
        w.target = target;
        w.agreed = Optional.of(update.newId());
        if (target == Side.PRIVATE) {
            // Written in the same push as the branch; if the branch is refused and this is not, it is put back (below).
            w.watermarkUpdate = store.compareAndSetUpdate(pair, w.branch, w.seen.watermark(), update.newId());
        }
    }

    /** One push to {@code side}: the branch updates aimed at it and, on the private side, the watermark updates. */
    private void push(Side side, List<Work> work, Optional<TagSync> tags) {
        boolean watermarks = false;
        Map<String, Work> byRef = new LinkedHashMap<>();
        List<RefUpdate> updates = new ArrayList<>();
        for (Work w : work) {
            if (w.done != null) {
                continue;
            }
            if (w.target == side && w.update.isPresent()) {
                updates.add(w.update.get());
                byRef.put(w.update.get().refName(), w);
            }
            if (side == Side.PRIVATE && w.watermarkUpdate.isPresent()) {
                updates.add(w.watermarkUpdate.get());
                byRef.put(w.watermarkUpdate.get().refName(), w);
                watermarks = true;
            }
        }
        int branchUpdates = updates.size();
        tags.ifPresent(t -> updates.addAll(t.updates(side)));
        if (updates.isEmpty()) {
            return;
        }
        RepoLocation repo = pair.repo(side);
        if (watermarks) {
            // The branches that moved on public are moved; their watermarks (and private's own moves) come now.
            crashHook.reached(CrashHook.Point.BEFORE_WATERMARK);
        }
        List<PushResult> all;
        try {
            all = retrier.call(
                    "pushing " + updates.size() + " refs to " + repo.url(), () -> backend.push(repo, updates));
        } catch (MirrorSyncException e) {
            tags.ifPresent(t -> t.failed(side, e));
            for (Work w : byRef.values()) {
                w.done = w.update.isPresent() && w.target == side
                        ? MirrorSync.failed(w.branch, e)
                        : BranchWriter.watermarkFailed(settledReport(w), e);
            }
            return;
        }
        tags.ifPresent(t -> t.pushed(side, all.subList(branchUpdates, all.size())));
        List<PushResult> results = all.subList(0, branchUpdates);
        Map<Work, PushResult> branchResults = new LinkedHashMap<>();
        Map<Work, PushResult> watermarkResults = new LinkedHashMap<>();
        for (int i = 0; i < branchUpdates; i++) {
            Work w = byRef.get(updates.get(i).refName());
            boolean isBranch = w.update.isPresent() && w.update.get() == updates.get(i);
            (isBranch ? branchResults : watermarkResults).put(w, results.get(i));
        }
        branchResults.forEach((w, result) -> {
            if (!result.isSuccess()) {
                w.update = Optional.empty();
                w.done = replan(w, side, result, watermarkResults.remove(w));
            }
        });
        watermarkResults.forEach((w, result) -> {
            try {
                if (!store.written(pair, w.watermarkUpdate.get(), result)) {
                    LOG.info("{}: the watermark was moved by another run; leaving it", w.branch);
                }
                w.done = settledReport(w);
            } catch (MirrorSyncException e) {
                w.done = BranchWriter.watermarkFailed(settledReport(w), e);
            }
        });
        if (watermarks) {
            crashHook.reached(CrashHook.Point.AFTER_WATERMARK);
        }
    }

    /** The report of a branch whose own update (if any) succeeded. */
    private BranchReport settledReport(Work w) {
        if (w.update.isEmpty()) {
            return w.report.build();
        }
        CommitId moved = w.update.get().newId();
        Optional<CommitId> privateAfter = w.target == Side.PRIVATE ? Optional.of(moved) : w.seen.privateTip();
        Optional<CommitId> publicAfter = w.target == Side.PUBLIC ? Optional.of(moved) : w.seen.publicTip();
        return executor.finish(w.report, w.seen, w.plan, Outcome.SYNCED, privateAfter, publicAfter, Optional.empty());
    }

    /**
     * A branch whose update was refused: its watermark, if it went through in the same push, is put back first, and
     * then the branch is observed and planned again on its own, as a single-branch run would.
     */
    private BranchReport replan(Work w, Side side, PushResult result, PushResult watermarkResult) {
        LOG.info("{}: {} refused the batched update ({}); observing again", w.branch, side.label(), result.status());
        // Put back to what both sides contained when observed: the old watermark, or else the old private tip (which
        // the
        // public tip contained). A branch that was created has neither, and keeps the written one: at worst a later run
        // reports a rewrite that a human then looks at; nothing is lost either way.
        Optional<CommitId> restore = w.seen.watermark()
                .or(() -> w.plan.action() == SyncAction.FAST_FORWARD_PRIVATE ? w.seen.privateTip() : Optional.empty());
        if (watermarkResult != null && watermarkResult.isSuccess() && restore.isPresent()) {
            try {
                retrier.call(
                        "restoring the watermark of " + w.branch,
                        () -> store.compareAndSet(pair, w.branch, w.agreed, restore.get()));
            } catch (MirrorSyncException e) {
                LOG.warn("{}: could not restore the watermark after a refused push: {}", w.branch, e.getMessage());
            }
        }
        Map<Side, Optional<CommitId>> now = observer.refresh(w.branch);
        String rejection = result.status() + result.message().map(m -> ": " + m).orElse("");
        if (w.seen.sameTips(now.get(Side.PRIVATE), now.get(Side.PUBLIC))) {
            return SyncExecutor.refused(w.branch, w.report, w.plan, now, Optional.empty(), rejection);
        }
        LOG.info("{}: a tip moved while syncing ({}); observing again", w.branch, rejection);
        // The batched push was this branch's first round.
        return executor.sync(w.branch, now.get(Side.PRIVATE), now.get(Side.PUBLIC), request, 2, rejection);
    }

    /** A branch that moved, with a store that writes elsewhere than in the private side's refs. */
    private BranchReport finishUnbatched(Work w) {
        BranchReport report = settledReport(w);
        return w.agreed.isPresent() ? writer.withWatermark(report, w.seen, w.agreed.get()) : report;
    }
}
