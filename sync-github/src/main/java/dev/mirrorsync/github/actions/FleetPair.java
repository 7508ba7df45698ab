package dev.mirrorsync.github.actions;

import java.util.List;
import org.immutables.value.Value;

/** One pair of a {@link FleetWorkflow}, as its matrix job gets it; checked by {@link FleetWorkflow}'s build. */
@Value.Immutable
public abstract class FleetPair {
    FleetPair() {}

    public abstract String name();

    /** A URL git accepts, or {@code OWNER/REPO} on the GitHub server that runs the workflow. */
    public abstract String privateRepository();

    public abstract String publicRepository();

    /** Names or patterns; {@code main} when none. */
    public abstract List<String> branches();

    /** Patterns the branch patterns leave out ({@code --exclude}). */
    public abstract List<String> exclude();

    @Value.Default
    public boolean tags() {
        return false;
    }

    /** The secret holding the private side's token (the fleet file's variable name). */
    @Value.Default
    public String privateTokenSecret() {
        return "MIRROR_SYNC_PRIVATE_TOKEN";
    }

    @Value.Default
    public String publicTokenSecret() {
        return "MIRROR_SYNC_PUBLIC_TOKEN";
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends ImmutableFleetPair.Builder {}
}
