package dev.mirrorsync.core;

import java.util.Optional;

/**
 * From one branch's {@link Observation} to a {@link Plan}: the state table of docs/design.md, in its order, and
 * only here. Pure: no I/O, no clock; every answer it needs is in the observation.
 */
final class SyncPlanner {
    private SyncPlanner() {}

    static Plan plan(Observation seen, SyncRequest request) {
        SyncState state = state(seen);
        SyncAction action = action(state, request);
        boolean permitted =
                action.target().map(request.direction()::allowsUpdating).orElse(true);
        return new Plan(state, action, permitted);
    }

    static SyncState state(Observation seen) {
        Optional<CommitId> p = seen.privateTip();
        Optional<CommitId> q = seen.publicTip();
        // 1
        if (p.isEmpty() && q.isEmpty()) {
            return SyncState.BOTH_MISSING;
        }
        // 2
        if (p.equals(q)) {
            return SyncState.IN_SYNC;
        }
        // 3: a side that no longer contains the watermark was moved backwards, force-pushed or deleted.
        if (seen.watermark().isPresent()) {
            boolean privateHas = p.isPresent() && seen.privateContainsWatermark();
            boolean publicHas = q.isPresent() && seen.publicContainsWatermark();
            if (publicHas && !privateHas) {
                return SyncState.PRIVATE_REWRITTEN;
            }
            if (privateHas && !publicHas) {
                return SyncState.PUBLIC_REWRITTEN;
            }
            // Neither contains it. A deleted side is still a rewrite; two present sides that both dropped the
            // watermark agree on the rewrite and are compared by ancestry below.
            if (!privateHas && !publicHas) {
                if (p.isEmpty()) {
                    return SyncState.PRIVATE_REWRITTEN;
                }
                if (q.isEmpty()) {
                    return SyncState.PUBLIC_REWRITTEN;
                }
            }
        }
        // 4
        if (p.isEmpty()) {
            return SyncState.PRIVATE_MISSING;
        }
        if (q.isEmpty()) {
            return SyncState.PUBLIC_MISSING;
        }
        // 5, 6
        if (seen.publicIsAncestorOfPrivate()) {
            return SyncState.PRIVATE_AHEAD;
        }
        if (seen.privateIsAncestorOfPublic()) {
            return SyncState.PUBLIC_AHEAD;
        }
        // 7, 8
        return seen.mergeBase().isPresent() ? SyncState.DIVERGED : SyncState.UNRELATED;
    }

    private static SyncAction action(SyncState state, SyncRequest request) {
        return switch (state) {
            case BOTH_MISSING, IN_SYNC -> SyncAction.NONE;
            case PRIVATE_REWRITTEN, PUBLIC_REWRITTEN, UNRELATED -> SyncAction.REPORT;
            case PRIVATE_MISSING -> SyncAction.CREATE_PRIVATE;
            case PUBLIC_MISSING -> SyncAction.CREATE_PUBLIC;
            case PRIVATE_AHEAD -> SyncAction.FAST_FORWARD_PUBLIC;
            case PUBLIC_AHEAD -> SyncAction.FAST_FORWARD_PRIVATE;
            case DIVERGED -> divergedAction(request);
        };
    }

    /**
     * A preferring policy overwrites the losing side only when this run may update that side; otherwise the
     * divergence is reported, so that it never sits silently "pending" with nobody told.
     */
    private static SyncAction divergedAction(SyncRequest request) {
        return switch (request.divergencePolicy()) {
            case REPORT -> SyncAction.REPORT;
            case PREFER_PRIVATE ->
                request.direction().allowsUpdating(Side.PUBLIC) ? SyncAction.OVERWRITE_PUBLIC : SyncAction.REPORT;
            case PREFER_PUBLIC ->
                request.direction().allowsUpdating(Side.PRIVATE) ? SyncAction.OVERWRITE_PRIVATE : SyncAction.REPORT;
        };
    }
}
