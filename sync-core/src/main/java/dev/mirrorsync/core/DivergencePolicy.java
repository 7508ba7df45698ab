package dev.mirrorsync.core;

import java.util.Optional;

/**
 * What a sync run does about a {@link SyncState#DIVERGED} branch. {@link #REPORT} is the default; the
 * preferring policies are opt-in and always write a backup ref of the losing tip before moving it.
 */
public enum DivergencePolicy {
    REPORT,
    PREFER_PRIVATE,
    PREFER_PUBLIC;

    /** The side whose tip wins, if this policy prefers one. */
    public Optional<Side> preferredSide() {
        return switch (this) {
            case REPORT -> Optional.empty();
            case PREFER_PRIVATE -> Optional.of(Side.PRIVATE);
            case PREFER_PUBLIC -> Optional.of(Side.PUBLIC);
        };
    }
}
