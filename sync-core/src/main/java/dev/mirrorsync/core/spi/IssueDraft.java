package dev.mirrorsync.core.spi;

import java.util.List;
import org.immutables.value.Value;

/**
 * The text of an issue as the engine wants it. {@link #key()} identifies the problem, one per (pair,
 * branch): a tracker must find the open issue by it again ({@link IssueTracker#findOpen}). The body already
 * carries the key in a hidden marker ({@code <!-- mirror-sync:<pair>:<branch> -->}, see {@link dev.mirrorsync.core.MirrorPair#issueKey}), so trackers may search for it.
 */
@Value.Immutable
public abstract class IssueDraft {
    IssueDraft() {}

    public abstract String key();

    public abstract String title();

    /** Markdown, with every text that came from a commit rendered inert. */
    public abstract String body();

    public abstract List<String> labels();

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends ImmutableIssueDraft.Builder {}
}
