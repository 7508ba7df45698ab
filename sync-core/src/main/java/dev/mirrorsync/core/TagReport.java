package dev.mirrorsync.core;

import dev.mirrorsync.core.spi.IssueRef;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What one run found and did for one tag. Tag values are object ids: a commit for a lightweight tag, the tag object for
 * an annotated one (which travels as that object, so its message and signature arrive unchanged).
 */
@Value.Immutable
public abstract class TagReport {
    TagReport() {}

    /** The tag's short name, for example {@code v1.2.0}. */
    public abstract String tag();

    /** Empty when the tag could not be observed (see {@link #failure()}). */
    public abstract Optional<TagState> state();

    /** {@code NONE}, {@code CREATE_PUBLIC}, {@code CREATE_PRIVATE} or {@code REPORT}: a tag is never moved. */
    public abstract SyncAction action();

    public abstract Outcome outcome();

    public abstract Optional<CommitId> privateBefore();

    public abstract Optional<CommitId> privateAfter();

    public abstract Optional<CommitId> publicBefore();

    public abstract Optional<CommitId> publicAfter();

    /** The value both sides were last seen to agree on, from the state store; empty when never synced. */
    public abstract Optional<CommitId> synced();

    @Value.Default
    public IssueAction issueAction() {
        return IssueAction.NONE;
    }

    public abstract Optional<IssueRef> issue();

    /** One sentence on what happened or what is wrong and what to do. */
    public abstract String message();

    /** Set when something failed: the git side (then {@link #outcome()} is FAILED) or the tracker. */
    public abstract Optional<MirrorSyncException.Reason> failure();

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends ImmutableTagReport.Builder {}
}
