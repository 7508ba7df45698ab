package dev.mirrorsync.core.spi;

import dev.mirrorsync.core.CommitId;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/** A clean merge's new commit, or the paths that conflict. Exactly one of the two is present. */
@Value.Immutable
public abstract class MergeResult {
    MergeResult() {}

    public abstract Optional<CommitId> mergeCommit();

    public abstract List<String> conflictingPaths();

    public boolean isClean() {
        return mergeCommit().isPresent();
    }

    public static MergeResult clean(CommitId mergeCommit) {
        return builder().mergeCommit(mergeCommit).build();
    }

    public static MergeResult conflicts(List<String> paths) {
        return builder().conflictingPaths(paths).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends ImmutableMergeResult.Builder {}

    @Value.Check
    void check() {
        if (mergeCommit().isPresent() == !conflictingPaths().isEmpty()) {
            throw new IllegalArgumentException("a merge result is either clean or lists conflicting paths");
        }
    }
}
