package dev.mirrorsync.core;

import java.util.Optional;

/**
 * What the engine saw of one branch: both tips, the watermark, and the ancestry answers the state table
 * needs, asked of the backend's local store after fetching. Pure data for {@link SyncPlanner}.
 */
record Observation(
        String branch,
        Optional<CommitId> privateTip,
        Optional<CommitId> publicTip,
        Optional<CommitId> watermark,
        boolean privateContainsWatermark,
        boolean publicContainsWatermark,
        boolean publicIsAncestorOfPrivate,
        boolean privateIsAncestorOfPublic,
        Optional<CommitId> mergeBase) {

    Optional<CommitId> tip(Side side) {
        return side == Side.PRIVATE ? privateTip : publicTip;
    }

    /** Whether the two tips are what {@code other} saw: nothing moved in between. */
    boolean sameTips(Optional<CommitId> privateNow, Optional<CommitId> publicNow) {
        return privateTip.equals(privateNow) && publicTip.equals(publicNow);
    }
}
