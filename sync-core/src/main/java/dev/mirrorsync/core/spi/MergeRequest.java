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

    /** Author and committer time. */
    public abstract Instant time();

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends ImmutableMergeRequest.Builder {}
}
