package dev.mirrorsync.core;

import java.util.Optional;

/** What a run does (or, in a dry run, would do) about one branch. */
public enum SyncAction {
    /** Nothing to move. */
    NONE,
    /** Create the branch on the side that lacks it (lease: the ref must not exist). */
    CREATE_PUBLIC,
    CREATE_PRIVATE,
    /** Fast-forward one side to the other's tip (lease: the old tip). */
    FAST_FORWARD_PUBLIC,
    FAST_FORWARD_PRIVATE,
    /** Write a backup ref of the losing public tip, then move public to the private tip (lease). */
    OVERWRITE_PUBLIC,
    OVERWRITE_PRIVATE,
    /** Push a merge commit of both tips to both sides (leases); only from {@code resolve}. */
    MERGE,
    /** Leave both branches alone and report the problem for a human. */
    REPORT;

    /** The side this action moves a branch on, if it moves exactly one. */
    public Optional<Side> target() {
        return switch (this) {
            case CREATE_PUBLIC, FAST_FORWARD_PUBLIC, OVERWRITE_PUBLIC -> Optional.of(Side.PUBLIC);
            case CREATE_PRIVATE, FAST_FORWARD_PRIVATE, OVERWRITE_PRIVATE -> Optional.of(Side.PRIVATE);
            case NONE, MERGE, REPORT -> Optional.empty();
        };
    }

    /** Whether the action discards a tip (after backing it up) rather than extending it. */
    public boolean overwrites() {
        return this == OVERWRITE_PUBLIC || this == OVERWRITE_PRIVATE;
    }
}
