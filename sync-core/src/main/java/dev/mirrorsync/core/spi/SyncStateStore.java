package dev.mirrorsync.core.spi;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.MirrorPair;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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
     * Refs on the private side that hold this store's state for {@code branches}. The engine lists them in the same
     * ref advertisement as the branches and hands the answer to {@link #read(MirrorPair, String, Map)}, so that a run
     * over a pair where nothing changed costs one advertisement per side. Stores that keep state elsewhere keep the default.
     */
    default Collection<String> refsOnPrivate(MirrorPair pair, Collection<String> branches) {
        return List.of();
    }

    /**
     * Reads the watermark given the private side's listing of {@link #refsOnPrivate} (a ref absent from
     * {@code listed} does not exist). The default ignores the listing and reads by itself.
     */
    default Optional<CommitId> read(MirrorPair pair, String branch, Map<String, CommitId> listed) {
        return read(pair, branch);
    }

    /**
     * Ref prefixes on the private side under which this store keeps every branch's state, for pairs that select
     * branches by pattern: listing them in the run's one advertisement answers {@link #refsOnPrivate} for branches not
     * known before the listing. Stores that keep state elsewhere keep the default (none).
     */
    default Collection<String> prefixesOnPrivate(MirrorPair pair) {
        return List.of();
    }

    /**
     * The ref update on the private side that performs {@link #compareAndSet}, for stores that keep state in refs
     * there, so that the engine can send it in the same push as the branch updates; empty (the default) for stores
     * that write elsewhere, which the engine then calls {@link #compareAndSet} on.
     */
    default Optional<RefUpdate> compareAndSetUpdate(
            MirrorPair pair, String branch, Optional<CommitId> expected, CommitId next) {
        return Optional.empty();
    }

    /**
     * What the push of a {@link #compareAndSetUpdate} answered, as {@link #compareAndSet} would return it.
     *
     * @throws dev.mirrorsync.core.MirrorSyncException when the remote refused the ref for good (as compareAndSet does)
     */
    default boolean written(MirrorPair pair, RefUpdate update, PushResult result) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " writes no refs");
    }

    /**
     * Sets the watermark to {@code next} if it is still {@code expected} (empty: not set).
     *
     * @return whether it was written; {@code false} when another run moved it first
     */
    boolean compareAndSet(MirrorPair pair, String branch, Optional<CommitId> expected, CommitId next);

    /**
     * The ref on the private side that holds the synced-tags record, for stores that keep it there: the engine lists it
     * in the run's one advertisement, fetches it with the run's one fetch and hands the listing to {@link #readTags}.
     * Stores that keep tags elsewhere, or none, keep the default (none).
     */
    default Optional<String> tagRecordRef(MirrorPair pair) {
        return Optional.empty();
    }

    /**
     * The tags remembered as synced for the pair, given the private side's listing (the record ref, when listed, was
     * fetched). The default remembers none: a tag deleted or moved after it was synced then looks new or conflicting,
     * as a branch does without a watermark.
     */
    default SyncedTags readTags(MirrorPair pair, Map<String, CommitId> listed) {
        return SyncedTags.none();
    }

    /**
     * The ref update on the private side that replaces the record {@code expected} with {@code next}, for stores that
     * keep it in a ref there (the engine sends it in the same push as the tags and branches, and reads its answer with
     * {@link #written}); empty (the default) for stores that the engine then calls {@link #compareAndSetTags} on.
     */
    default Optional<RefUpdate> tagsUpdate(MirrorPair pair, SyncedTags expected, Map<String, CommitId> next) {
        return Optional.empty();
    }

    /**
     * Replaces the record if it is still {@code expected}; false when another run changed it first. The default
     * remembers nothing and answers true.
     */
    default boolean compareAndSetTags(MirrorPair pair, SyncedTags expected, Map<String, CommitId> next) {
        return true;
    }
}
