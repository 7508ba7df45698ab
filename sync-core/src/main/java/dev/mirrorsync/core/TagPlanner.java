package dev.mirrorsync.core;

import java.util.Optional;

/**
 * The tag state table (docs/design.md, "Tags"), pure: a tag's value on each side and its synced value give its state and
 * action. The only action that changes anything is a create where the tag is missing and was never synced; a tag that
 * was moved or deleted after it was synced, or that points elsewhere on the two sides, is reported and left alone.
 */
final class TagPlanner {
    private TagPlanner() {}

    /** A tag's plan: its state, its action, and whether the run's direction lets it carry the action out. */
    record TagPlan(TagState state, SyncAction action, boolean permitted) {}

    /** Empty when neither side has the tag (a record of it, if any, is then simply forgotten). */
    static Optional<TagPlan> plan(
            Optional<CommitId> p, Optional<CommitId> q, Optional<CommitId> synced, Direction direction) {
        return state(p, q, synced).map(state -> {
            SyncAction action = switch (state) {
                case IN_SYNC -> SyncAction.NONE;
                case PRIVATE_MISSING -> SyncAction.CREATE_PRIVATE;
                case PUBLIC_MISSING -> SyncAction.CREATE_PUBLIC;
                case CONFLICTING, PRIVATE_MOVED, PUBLIC_MOVED, PRIVATE_DELETED, PUBLIC_DELETED -> SyncAction.REPORT;
            };
            return new TagPlan(
                    state,
                    action,
                    action.target().map(direction::allowsUpdating).orElse(true));
        });
    }

    static Optional<TagState> state(Optional<CommitId> p, Optional<CommitId> q, Optional<CommitId> synced) {
        if (p.isEmpty() && q.isEmpty()) {
            return Optional.empty();
        }
        if (p.equals(q)) {
            return Optional.of(TagState.IN_SYNC);
        }
        if (q.isEmpty()) {
            return Optional.of(synced.isPresent() ? TagState.PUBLIC_DELETED : TagState.PUBLIC_MISSING);
        }
        if (p.isEmpty()) {
            return Optional.of(synced.isPresent() ? TagState.PRIVATE_DELETED : TagState.PRIVATE_MISSING);
        }
        if (synced.equals(p)) {
            return Optional.of(TagState.PUBLIC_MOVED);
        }
        if (synced.equals(q)) {
            return Optional.of(TagState.PRIVATE_MOVED);
        }
        return Optional.of(TagState.CONFLICTING);
    }
}
