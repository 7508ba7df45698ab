package dev.mirrorsync.core;

/** Which side a run may update. An update needed in a forbidden direction is reported as pending. */
public enum Direction {
    BOTH,
    TO_PUBLIC,
    TO_PRIVATE;

    /** Whether a run in this direction may move a branch on {@code target}. */
    public boolean allowsUpdating(Side target) {
        return switch (this) {
            case BOTH -> true;
            case TO_PUBLIC -> target == Side.PUBLIC;
            case TO_PRIVATE -> target == Side.PRIVATE;
        };
    }
}
