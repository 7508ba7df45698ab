package dev.mirrorsync.core;

import org.immutables.value.Value;

/** What one run may do: its {@link Direction}, its {@link DivergencePolicy}, and whether it is a dry run. */
@Value.Immutable
public abstract class SyncRequest {
    SyncRequest() {}

    @Value.Default
    public Direction direction() {
        return Direction.BOTH;
    }

    @Value.Default
    public DivergencePolicy divergencePolicy() {
        return DivergencePolicy.REPORT;
    }

    /** A dry run observes and plans; it pushes nothing, files nothing and moves no watermark. */
    @Value.Default
    public boolean dryRun() {
        return false;
    }

    public static SyncRequest defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends ImmutableSyncRequest.Builder {}
}
