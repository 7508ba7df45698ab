package dev.mirrorsync.core;

import org.immutables.value.Value;

/**
 * What a human asked {@code resolve} to do: a strategy, whether a rewritten or unrelated side may be adopted
 * ({@link #acceptRewrite()}), whether to only show what would be pushed, and the merge commit's identity.
 */
@Value.Immutable
public abstract class ResolveRequest {
    ResolveRequest() {}

    public abstract ResolveStrategy strategy();

    /** Required for {@code UNRELATED} and {@code *_REWRITTEN}, where any strategy replaces a history people chose. */
    @Value.Default
    public boolean acceptRewrite() {
        return false;
    }

    @Value.Default
    public boolean dryRun() {
        return false;
    }

    @Value.Default
    public String mergeAuthorName() {
        return "mirror-sync";
    }

    @Value.Default
    public String mergeAuthorEmail() {
        return "mirror-sync@users.noreply.github.com";
    }

    public static ResolveRequest of(ResolveStrategy strategy) {
        return builder().strategy(strategy).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends ImmutableResolveRequest.Builder {}
}
