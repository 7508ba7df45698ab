package dev.mirrorsync.core;

import java.time.Instant;
import org.immutables.value.Value;

/** One commit as a report lists it: id, first line of the message, author and author time. */
@Value.Immutable
public abstract class CommitInfo {
    CommitInfo() {}

    public abstract CommitId id();

    /** The first line of the message. */
    public abstract String subject();

    public abstract String authorName();

    public abstract Instant authorTime();

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends ImmutableCommitInfo.Builder {}
}
