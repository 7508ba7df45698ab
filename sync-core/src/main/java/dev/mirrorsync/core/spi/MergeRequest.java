package dev.mirrorsync.core.spi;

import java.time.Instant;
import org.immutables.value.Value;

/** The identity, time and message of a merge commit that {@link GitBackend#merge} writes. */
@Value.Immutable
public abstract class MergeRequest {
    MergeRequest() {}

    public abstract String message();

    public abstract String authorName();

    public abstract String authorEmail();

    /**
     * Author and committer time. The engine derives it from the merged tips (not from a clock), so that the same
     * inputs give the same merge commit id.
     */
    public abstract Instant time();

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends ImmutableMergeRequest.Builder {}
}
