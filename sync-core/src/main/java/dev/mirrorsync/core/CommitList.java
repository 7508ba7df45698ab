package dev.mirrorsync.core;

import java.util.List;
import org.immutables.value.Value;

/**
 * Commits on one side only, newest first: at most a capped number are listed, {@link #total()} is exact.
 */
@Value.Immutable
public abstract class CommitList {
    private static final CommitList EMPTY = builder().total(0).build();

    CommitList() {}

    public abstract long total();

    public abstract List<CommitInfo> listed();

    public boolean isTruncated() {
        return listed().size() < total();
    }

    public static CommitList empty() {
        return EMPTY;
    }

    public static CommitList of(long total, List<CommitInfo> listed) {
        return builder().total(total).listed(listed).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends ImmutableCommitList.Builder {}

    @Value.Check
    void check() {
        if (total() < listed().size()) {
            throw new IllegalArgumentException("total " + total() + " is less than the " + listed().size() + " listed");
        }
    }
}
