package dev.mirrorsync.core.spi;

import dev.mirrorsync.core.CommitId;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One leased ref update: move {@link #refName()} from {@link #expectedOld()} to {@link #newId()}.
 * An empty {@code expectedOld} is the lease "the ref must not exist yet". There is no unleased form.
 */
@Value.Immutable
public abstract class RefUpdate {
    RefUpdate() {}

    /** The full ref name, for example {@code refs/heads/main}. */
    public abstract String refName();

    /** The value the ref must have on the remote for the update to apply; empty: it must not exist. */
    public abstract Optional<CommitId> expectedOld();

    public abstract CommitId newId();

    /**
     * Whether the update must also be a fast-forward. Fast-forwards and creations set it; only an
     * overwrite after a backup ref clears it, and then the lease alone protects the old value.
     */
    @Value.Default
    public boolean fastForwardOnly() {
        return true;
    }

    public static RefUpdate create(String refName, CommitId newId) {
        return builder().refName(refName).newId(newId).build();
    }

    public static RefUpdate fastForward(String refName, CommitId expectedOld, CommitId newId) {
        return builder().refName(refName).expectedOld(expectedOld).newId(newId).build();
    }

    /** A leased, possibly non-fast-forward move; callers must have written a backup ref of {@code expectedOld}. */
    public static RefUpdate overwrite(String refName, CommitId expectedOld, CommitId newId) {
        return builder()
                .refName(refName)
                .expectedOld(expectedOld)
                .newId(newId)
                .fastForwardOnly(false)
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends ImmutableRefUpdate.Builder {}

    @Value.Check
    void check() {
        if (!refName().startsWith("refs/")) {
            throw new IllegalArgumentException("ref name must be a full ref under refs/: " + refName());
        }
    }
}
