package dev.mirrorsync.core.spi;

import org.immutables.value.Value;

/** An open issue as a tracker returns it: enough to decide whether the situation changed. */
@Value.Immutable
public abstract class TrackedIssue {
    TrackedIssue() {}

    public abstract IssueRef ref();

    public abstract String title();

    public abstract String body();

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends ImmutableTrackedIssue.Builder {}
}
