package dev.mirrorsync.core.spi;

import dev.mirrorsync.core.CommitId;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * The tags a {@link SyncStateStore} remembers as synced (short name to the object both sides agreed on), and the
 * version a compare-and-set of them leases on: the record commit for a store that keeps them in a ref, empty otherwise.
 */
@Value.Immutable
public abstract class SyncedTags {
    SyncedTags() {}

    public abstract Map<String, CommitId> tags();

    public abstract Optional<CommitId> version();

    /** Nothing remembered (also what a store that keeps no tags answers). */
    public static SyncedTags none() {
        return builder().build();
    }

    public static SyncedTags of(Map<String, CommitId> tags, Optional<CommitId> version) {
        return builder().tags(tags).version(version).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends ImmutableSyncedTags.Builder {}
}
