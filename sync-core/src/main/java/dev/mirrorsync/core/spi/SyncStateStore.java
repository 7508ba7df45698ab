package dev.mirrorsync.core.spi;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.MirrorPair;
import java.util.Optional;

/**
 * Keeps each branch's watermark: the last commit both sides were seen to agree on, from which a side that
 * moved backwards or was force-pushed is told apart from one that is simply behind.
 *
 * <p>The default store keeps {@code refs/mirror-sync/synced/<branch>} on the private side; the core also has
 * a file store and a store that keeps nothing (see {@code dev.mirrorsync.core.SyncStateStores}).
 */
public interface SyncStateStore {

    Optional<CommitId> read(MirrorPair pair, String branch);

    /**
     * Sets the watermark to {@code next} if it is still {@code expected} (empty: not set).
     *
     * @return whether it was written; {@code false} when another run moved it first
     */
    boolean compareAndSet(MirrorPair pair, String branch, Optional<CommitId> expected, CommitId next);
}
