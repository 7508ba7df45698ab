package dev.mirrorsync.core.spi;

import java.util.Optional;
import org.immutables.value.Value;

/**
 * The expected outcome of a leased push. A rejection is a result, not an exception: the engine re-observes
 * and re-plans when the ref moved, and reports the rejection when it did not.
 */
@Value.Immutable
public abstract class PushResult {
    /** How the remote answered the one ref update. */
    public enum Status {
        /** The ref now has the new value. */
        OK,
        /** The ref already had the new value. */
        UP_TO_DATE,
        /** The lease failed: the ref's value was not the expected old one (someone moved it). */
        REJECTED_STALE_LEASE,
        /** The update is not a fast-forward and the request required one. */
        REJECTED_NON_FAST_FORWARD,
        /** The remote refused for another reason: a protected branch, a hook, a failed lock. */
        REJECTED_OTHER;

        public boolean isSuccess() {
            return this == OK || this == UP_TO_DATE;
        }
    }

    PushResult() {}

    @Value.Parameter
    public abstract Status status();

    /** The remote's explanation, when it gave one; never contains credentials. */
    @Value.Parameter
    public abstract Optional<String> message();

    public boolean isSuccess() {
        return status().isSuccess();
    }

    public static PushResult of(Status status) {
        return ImmutablePushResult.of(status, Optional.empty());
    }

    public static PushResult of(Status status, String message) {
        return ImmutablePushResult.of(status, Optional.ofNullable(message));
    }
}
