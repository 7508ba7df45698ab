package dev.mirrorsync.core.spi;

import java.util.Optional;
import org.immutables.value.Value;

/** A tracker's handle on one issue: its id (for GitHub and the file tracker, the number) and a link. */
@Value.Immutable
public abstract class IssueRef {
    IssueRef() {}

    @Value.Parameter
    public abstract String id();

    @Value.Parameter
    public abstract Optional<String> url();

    public static IssueRef of(String id) {
        return ImmutableIssueRef.of(id, Optional.empty());
    }

    public static IssueRef of(String id, String url) {
        return ImmutableIssueRef.of(id, Optional.of(url));
    }

    /** {@code #12}, as people write it. */
    @Override
    public String toString() {
        return "#" + id();
    }
}
