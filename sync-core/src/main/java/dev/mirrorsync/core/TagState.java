package dev.mirrorsync.core;

/**
 * The state of one tag (docs/design.md, "Tags"), from its value on each side and the value both sides were last seen
 * to agree on (the synced record). A tag is never moved or deleted by mirror-sync: it is only ever created where it
 * is missing, with the lease "must not exist".
 */
public enum TagState {
    /** Both sides have it at the same object. */
    IN_SYNC,
    /** Only public has it, and it was never synced: create it on private. */
    PRIVATE_MISSING,
    /** Only private has it, and it was never synced: create it on public. */
    PUBLIC_MISSING,
    /** Both sides have it, at different objects, and neither is the synced value. */
    CONFLICTING,
    /** Synced before; the private side now points it elsewhere. */
    PRIVATE_MOVED,
    PUBLIC_MOVED,
    /** Synced before; the private side no longer has it. */
    PRIVATE_DELETED,
    PUBLIC_DELETED;

    /** Whether only a human may end this state (reported, an issue, exit 3). */
    public boolean needsHuman() {
        return switch (this) {
            case CONFLICTING, PRIVATE_MOVED, PUBLIC_MOVED, PRIVATE_DELETED, PUBLIC_DELETED -> true;
            case IN_SYNC, PRIVATE_MISSING, PUBLIC_MISSING -> false;
        };
    }

    /** A short phrase for reports and issue titles. */
    String phrase() {
        return switch (this) {
            case IN_SYNC -> "in sync";
            case PRIVATE_MISSING -> "missing on private";
            case PUBLIC_MISSING -> "missing on public";
            case CONFLICTING -> "points to different objects on the two sides";
            case PRIVATE_MOVED -> "was moved on private after it was synced";
            case PUBLIC_MOVED -> "was moved on public after it was synced";
            case PRIVATE_DELETED -> "was deleted on private after it was synced";
            case PUBLIC_DELETED -> "was deleted on public after it was synced";
        };
    }
}
