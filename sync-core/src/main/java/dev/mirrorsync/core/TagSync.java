package dev.mirrorsync.core;

import dev.mirrorsync.core.spi.PushResult;
import dev.mirrorsync.core.spi.RefUpdate;
import dev.mirrorsync.core.spi.SyncStateStore;
import dev.mirrorsync.core.spi.SyncedTags;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tags of one run, riding on the branches' round trips ({@link BatchedSync}): listed in the same advertisement per
 * side, the tags to copy fetched in the same fetch, each create in the same push as the branch updates (lease: the tag
 * must not exist), and the synced-tags record in the private side's push. The plan per tag is {@link TagPlanner}'s;
 * nothing here moves or deletes a tag.
 *
 * <p>The record is written only when it changes: a tag in sync that it lacks, a tag created, a tag gone from both
 * sides. A create on private that is refused after the record (pushed with it) already named it is taken out of the
 * record again, so that the next run does not take the refusal for a deletion.
 */
final class TagSync {
    private static final Logger LOG = LoggerFactory.getLogger(TagSync.class);
    static final String TAGS = "refs/tags/";

    private final SyncStateStore store;
    private final Retrier retrier;
    private final MirrorPair pair;
    private final List<TagWork> work = new ArrayList<>();
    private final Map<Side, List<TagWork>> pushing = new EnumMap<>(Side.class);
    private SyncedTags recorded = SyncedTags.none();
    private Map<String, CommitId> next = Map.of();
    private Optional<RefUpdate> recordUpdate = Optional.empty();
    /** What {@link #recordUpdate} writes. */
    private Map<String, CommitId> recordContent = Map.of();

    private boolean dryRun;
    /** Why the record could not be read before the fetch (then it is read again after it). */
    private Optional<MirrorSyncException> recordRead = Optional.empty();

    /** One tag between its plan and its report. */
    private static final class TagWork {
        final String tag;
        final Optional<CommitId> p;
        final Optional<CommitId> q;
        final Optional<CommitId> synced;
        TagPlanner.TagPlan plan;
        Outcome outcome;
        Optional<RefUpdate> update = Optional.empty();
        Optional<PushResult> result = Optional.empty();
        Optional<MirrorSyncException> failure = Optional.empty();

        TagWork(String tag, Optional<CommitId> p, Optional<CommitId> q, Optional<CommitId> synced) {
            this.tag = tag;
            this.p = p;
            this.q = q;
            this.synced = synced;
        }
    }

    TagSync(SyncStateStore store, Retrier retrier, MirrorPair pair) {
        this.store = store;
        this.retrier = retrier;
        this.pair = pair;
    }

    /** The tags (short name to object) a side's listing shows. */
    static Map<String, CommitId> tags(Map<String, CommitId> listed) {
        Map<String, CommitId> tags = new TreeMap<>();
        listed.forEach((ref, id) -> {
            if (ref.startsWith(TAGS)) {
                tags.put(ref.substring(TAGS.length()), id);
            }
        });
        return tags;
    }

    /**
     * What the run's one fetch per side must also bring: each tag only that side has (it may be created on the other),
     * and on the private side the synced-tags record.
     */
    Map<Side, List<String>> toFetch(Map<Side, Map<String, CommitId>> tips, boolean dryRun) {
        Map<Side, List<String>> refs = new EnumMap<>(Side.class);
        Map<String, CommitId> p = tags(tips.get(Side.PRIVATE));
        Map<String, CommitId> q = tags(tips.get(Side.PUBLIC));
        for (Side side : Side.values()) {
            Map<String, CommitId> mine = side == Side.PRIVATE ? p : q;
            Map<String, CommitId> theirs = side == Side.PRIVATE ? q : p;
            List<String> wanted = new ArrayList<>();
            if (!dryRun) {
                mine.keySet().stream().filter(t -> !theirs.containsKey(t)).forEach(t -> wanted.add(TAGS + t));
            }
            refs.put(side, wanted);
        }
        // The record is read first: from a warm cache that costs nothing; only a record not yet local joins the fetch.
        recordRead = readRecord(tips);
        if (recordRead
                .filter(e -> e.reason() == MirrorSyncException.Reason.CACHE)
                .isPresent()) {
            store.tagRecordRef(pair).filter(tips.get(Side.PRIVATE)::containsKey).ifPresent(refs.get(Side.PRIVATE)::add);
        }
        return refs;
    }

    /** Reads the record into {@link #recorded}; the failure, if it could not. */
    private Optional<MirrorSyncException> readRecord(Map<Side, Map<String, CommitId>> tips) {
        try {
            recorded = store.readTags(pair, tips.get(Side.PRIVATE));
            return Optional.empty();
        } catch (MirrorSyncException e) {
            return Optional.of(e);
        }
    }

    /** Plans every tag on either side or in the record. A record that cannot be read fails the tags, not the run. */
    void plan(Map<Side, Map<String, CommitId>> tips, SyncRequest request) {
        this.dryRun = request.dryRun();
        Map<String, CommitId> p = tags(tips.get(Side.PRIVATE));
        Map<String, CommitId> q = tags(tips.get(Side.PUBLIC));
        Optional<MirrorSyncException> unreadable = recordRead.isEmpty() ? Optional.empty() : readRecord(tips);
        TreeSet<String> names = new TreeSet<>(p.keySet());
        names.addAll(q.keySet());
        names.addAll(recorded.tags().keySet());
        Map<String, CommitId> planned = new TreeMap<>(recorded.tags());
        for (String tag : names) {
            TagWork w = new TagWork(
                    tag,
                    Optional.ofNullable(p.get(tag)),
                    Optional.ofNullable(q.get(tag)),
                    Optional.ofNullable(recorded.tags().get(tag)));
            if (unreadable.isPresent()) {
                w.failure = unreadable;
                w.outcome = Outcome.FAILED;
                work.add(w);
                continue;
            }
            Optional<TagPlanner.TagPlan> plan = TagPlanner.plan(w.p, w.q, w.synced, request.direction());
            if (plan.isEmpty()) {
                // Gone from both sides: nothing to reconcile and nothing to remember; reported once, in sync, so that
                // an issue it had is closed.
                planned.remove(tag);
                w.plan = new TagPlanner.TagPlan(TagState.IN_SYNC, SyncAction.NONE, true);
                w.outcome = Outcome.UP_TO_DATE;
                work.add(w);
                continue;
            }
            w.plan = plan.get();
            work.add(w);
            switch (w.plan.action()) {
                case NONE -> {
                    w.outcome = Outcome.UP_TO_DATE;
                    planned.put(tag, w.p.orElseThrow());
                }
                case REPORT -> w.outcome = Outcome.NEEDS_HUMAN;
                case CREATE_PUBLIC, CREATE_PRIVATE -> {
                    Side target = w.plan.action().target().orElseThrow();
                    CommitId id = (target == Side.PUBLIC ? w.p : w.q).orElseThrow();
                    if (!w.plan.permitted()) {
                        w.outcome = Outcome.PENDING;
                    } else if (dryRun) {
                        w.outcome = Outcome.WOULD_SYNC;
                    } else {
                        w.update = Optional.of(RefUpdate.create(TAGS + tag, id));
                        pushing.computeIfAbsent(target, s -> new ArrayList<>()).add(w);
                        if (target == Side.PRIVATE) {
                            // Optimistic, so that the record rides in the same push; taken out again if refused.
                            planned.put(tag, id);
                        }
                    }
                }
                case FAST_FORWARD_PUBLIC, FAST_FORWARD_PRIVATE, OVERWRITE_PUBLIC, OVERWRITE_PRIVATE, MERGE ->
                    throw new IllegalStateException("not a tag action: " + w.plan.action());
            }
        }
        next = planned;
    }

    /**
     * The updates for {@code side}'s one push: its tag creates, and on the private side (pushed after public) the
     * record, now that public's creates are known.
     */
    List<RefUpdate> updates(Side side) {
        List<RefUpdate> updates = new ArrayList<>();
        pushing.getOrDefault(side, List.of()).forEach(w -> updates.add(w.update.orElseThrow()));
        if (side == Side.PRIVATE && !dryRun && !next.equals(recorded.tags())) {
            try {
                recordUpdate = store.tagsUpdate(pair, recorded, next);
                recordContent = new TreeMap<>(next);
                recordUpdate.ifPresent(updates::add);
            } catch (MirrorSyncException e) {
                LOG.warn("the synced-tags record could not be prepared: {}", e.getMessage());
            }
        }
        return updates;
    }

    /** The answers to {@link #updates(Side)}, in its order. */
    void pushed(Side side, List<PushResult> results) {
        List<TagWork> tags = pushing.getOrDefault(side, List.of());
        for (int i = 0; i < tags.size(); i++) {
            TagWork w = tags.get(i);
            PushResult result = results.get(i);
            w.result = Optional.of(result);
            w.outcome = result.isSuccess() ? Outcome.SYNCED : Outcome.FAILED;
            if (side == Side.PUBLIC && result.isSuccess()) {
                next.put(w.tag, w.update.orElseThrow().newId());
            }
            if (side == Side.PRIVATE && !result.isSuccess()) {
                next.remove(w.tag);
            }
        }
        if (side == Side.PRIVATE && recordUpdate.isPresent()) {
            RefUpdate update = recordUpdate.get();
            try {
                if (store.written(pair, update, results.get(tags.size()))) {
                    recorded = SyncedTags.of(recordContent, Optional.of(update.newId()));
                } else {
                    LOG.info("the synced-tags record was changed by another run; leaving it");
                }
            } catch (MirrorSyncException e) {
                LOG.warn("the synced-tags record could not be written: {}", e.getMessage());
            }
        }
    }

    /** The whole push to {@code side} failed: its creates did not happen (or, at worst, a retry finds them done). */
    void failed(Side side, MirrorSyncException e) {
        for (TagWork w : pushing.getOrDefault(side, List.of())) {
            w.outcome = Outcome.FAILED;
            w.failure = Optional.of(e);
            if (side == Side.PRIVATE) {
                next.remove(w.tag);
            }
        }
    }

    /** After both pushes: brings the record to what happened, and reports every tag, by name. */
    List<TagReport> finish() {
        if (!dryRun
                && !next.equals(recorded.tags())
                && (recordUpdate.isEmpty() || recorded.version().equals(recordUpdate.map(RefUpdate::newId)))) {
            try {
                boolean written =
                        retrier.call("writing the synced tags", () -> store.compareAndSetTags(pair, recorded, next));
                if (!written) {
                    LOG.info("the synced-tags record was changed by another run; leaving it");
                }
            } catch (MirrorSyncException e) {
                LOG.warn("the synced-tags record could not be written: {}", e.getMessage());
            }
        }
        List<TagReport> reports = new ArrayList<>();
        for (TagWork w : work) {
            reports.add(report(w));
        }
        return reports;
    }

    private TagReport report(TagWork w) {
        boolean created = w.outcome == Outcome.SYNCED;
        Optional<CommitId> newId = w.update.map(RefUpdate::newId);
        boolean toPublic = w.update.isPresent() && w.plan.action() == SyncAction.CREATE_PUBLIC;
        TagReport.Builder report = TagReport.builder()
                .tag(w.tag)
                .state(Optional.ofNullable(w.plan).map(TagPlanner.TagPlan::state))
                .action(w.plan == null ? SyncAction.NONE : w.plan.action())
                .outcome(w.outcome)
                .privateBefore(w.p)
                .publicBefore(w.q)
                .privateAfter(created && !toPublic ? newId : w.p)
                .publicAfter(created && toPublic ? newId : w.q)
                .synced(w.synced)
                .message("");
        w.failure.ifPresent(e -> report.failure(e.reason()).message(e.getMessage()));
        w.result
                .filter(r -> !r.isSuccess())
                .ifPresent(r -> report.failure(
                                r.status() == PushResult.Status.REJECTED_STALE_LEASE
                                        ? MirrorSyncException.Reason.CONCURRENT_UPDATE
                                        : MirrorSyncException.Reason.PERMISSION)
                        .message(r.status() + r.message().map(m -> ": " + m).orElse("")));
        TagReport draft = report.build();
        String explained = Explanations.of(draft);
        String message = draft.message().isEmpty()
                ? explained
                : draft.state().isPresent() ? explained + " (" + draft.message() + ")" : draft.message();
        return TagReport.builder().from(draft).message(message).build();
    }
}
