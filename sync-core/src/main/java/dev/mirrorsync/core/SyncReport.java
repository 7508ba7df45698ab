package dev.mirrorsync.core;

import java.util.List;
import org.immutables.value.Value;

/** The result of one run over a pair: one {@link BranchReport} per branch, in the pair's order. */
@Value.Immutable
public abstract class SyncReport {
    SyncReport() {}

    public abstract String pair();

    public abstract boolean dryRun();

    public abstract List<BranchReport> branches();

    /** One report per tag on either side, by name, when the pair syncs tags ({@link MirrorPair#syncTags()}). */
    public abstract List<TagReport> tags();

    /** Whether any branch is diverged, unrelated or rewritten, or any tag conflicting, moved or deleted: left for a human. */
    public boolean needsHuman() {
        return branches().stream().anyMatch(b -> b.outcome() == Outcome.NEEDS_HUMAN)
                || tags().stream().anyMatch(t -> t.outcome() == Outcome.NEEDS_HUMAN);
    }

    /** Whether anything failed: a branch or tag (outcome FAILED) or the tracker. */
    public boolean hasFailures() {
        return branches().stream().anyMatch(b -> b.failure().isPresent() || b.outcome() == Outcome.FAILED)
                || tags().stream().anyMatch(t -> t.failure().isPresent() || t.outcome() == Outcome.FAILED);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends ImmutableSyncReport.Builder {}
}
