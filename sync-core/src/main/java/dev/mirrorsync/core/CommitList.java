package dev.mirrorsync.core;

import java.util.List;
import org.immutables.value.Value;

/**
 * Commits on one side only, newest first: at most a capped number are listed; {@link #total()} is exact unless
 * counting stopped at a cap ({@link #totalIsLowerBound()}: there are more than {@code total} commits), which spares
 * walking a whole deep history to report, say, a branch created on the other side.
 */
@Value.Immutable
public abstract class CommitList {
    private static final CommitList EMPTY = builder().total(0).build();

    CommitList() {}

    public abstract long total();

    public abstract List<CommitInfo> listed();

    /** Whether counting stopped at a cap: then there are more than {@link #total()} commits, and it says "N+". */
    @Value.Default
    public boolean totalIsLowerBound() {
        return false;
    }

    /** The count as people read it: {@code "12"}, or {@code "10000+"} when counting stopped at a cap. */
    public String totalText() {
        return total() + (totalIsLowerBound() ? "+" : "");
    }

    public boolean isTruncated() {
        return listed().size() < total();
    }

    public static CommitList empty() {
        return EMPTY;
    }

    public static CommitList of(long total, List<CommitInfo> listed) {
        return builder().total(total).listed(listed).build();
    }

    /** A list whose count stopped at {@code cap}: there are more than {@code cap} commits. */
    public static CommitList atLeast(long cap, List<CommitInfo> listed) {
        return builder().total(cap).listed(listed).totalIsLowerBound(true).build();
    }

    /**
     * This list with its count capped: unchanged when {@code total() <= cap}, else {@code cap} and
     * {@link #totalIsLowerBound()}; the listed commits are kept.
     */
    public CommitList cappedAt(long cap) {
        if (total() <= cap) {
            return this;
        }
        return atLeast(cap, listed().size() > cap ? listed().subList(0, (int) cap) : listed());
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
