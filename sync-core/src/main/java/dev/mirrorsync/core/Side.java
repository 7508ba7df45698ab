package dev.mirrorsync.core;

/** One of the two repositories of a {@link MirrorPair}. */
public enum Side {
    PRIVATE,
    PUBLIC;

    public Side other() {
        return this == PRIVATE ? PUBLIC : PRIVATE;
    }

    /** Lower-case name used in output and JSON: {@code private} or {@code public}. */
    public String label() {
        return this == PRIVATE ? "private" : "public";
    }
}
