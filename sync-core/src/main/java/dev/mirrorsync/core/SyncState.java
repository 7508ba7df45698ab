package dev.mirrorsync.core;

/** The state of one branch, decided by the table in docs/design.md in its order. */
public enum SyncState {
    /** Neither side has the branch: most likely a typo in its name. */
    BOTH_MISSING,
    IN_SYNC,
    /** The private side no longer contains the watermark: moved backwards, force-pushed or deleted. */
    PRIVATE_REWRITTEN,
    PUBLIC_REWRITTEN,
    /** The private side lacks the branch and there is no watermark: create it from public. */
    PRIVATE_MISSING,
    PUBLIC_MISSING,
    PRIVATE_AHEAD,
    PUBLIC_AHEAD,
    DIVERGED,
    UNRELATED;

    /** Whether only a human (or {@code resolve}) may end this state. */
    public boolean needsHuman() {
        return switch (this) {
            case PRIVATE_REWRITTEN, PUBLIC_REWRITTEN, DIVERGED, UNRELATED -> true;
            case BOTH_MISSING, IN_SYNC, PRIVATE_MISSING, PUBLIC_MISSING, PRIVATE_AHEAD, PUBLIC_AHEAD -> false;
        };
    }
}
