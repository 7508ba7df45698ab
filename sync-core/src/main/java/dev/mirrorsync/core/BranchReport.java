package dev.mirrorsync.core;

import dev.mirrorsync.core.spi.IssueRef;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.immutables.value.Value;

/** What one run found and did for one branch. */
@Value.Immutable
public abstract class BranchReport {
    BranchReport() {}

    public abstract String branch();

    /** The state from the table; empty when the branch could not be observed (see {@link #failure()}). */
    public abstract Optional<SyncState> state();

    /** The action the plan called for (also when the direction or a dry run kept it from being carried out). */
    public abstract SyncAction action();

    public abstract Outcome outcome();

    public abstract Optional<CommitId> privateBefore();

    public abstract Optional<CommitId> privateAfter();

    public abstract Optional<CommitId> publicBefore();

    public abstract Optional<CommitId> publicAfter();

    public abstract Optional<CommitId> mergeBase();

    /** The watermark seen at the start of the run. */
    public abstract Optional<CommitId> watermark();

    @Value.Default
    public CommitList onlyOnPrivate() {
        return CommitList.empty();
    }

    @Value.Default
    public CommitList onlyOnPublic() {
        return CommitList.empty();
    }

    /**
     * Git LFS objects the commits this branch carries (or would carry) to the other side point to, which mirror-sync
     * does not copy: that side lacks them until {@code git lfs push} sends them. Empty when nothing is carried or the
     * backend cannot tell.
     */
    public abstract OptionalLong lfsObjects();

    /** The backup ref written before an overwrite, on the side that lost. */
    public abstract Optional<String> backupRef();

    /** Paths that kept a merge from being clean ({@code resolve --strategy merge}). */
    public abstract List<String> conflictingPaths();

    @Value.Default
    public IssueAction issueAction() {
        return IssueAction.NONE;
    }

    public abstract Optional<IssueRef> issue();

    /** The pull request that proposes the resolution ({@code resolve --via-pull-request}). */
    public abstract Optional<IssueRef> pullRequest();

    /** One sentence on what happened or what is wrong and what to do. */
    public abstract String message();

    /** Set when something failed: the git side (then {@link #outcome()} is FAILED) or the tracker. */
    public abstract Optional<MirrorSyncException.Reason> failure();

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends ImmutableBranchReport.Builder {}
}
