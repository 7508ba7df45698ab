package dev.mirrorsync.core.spi;

import java.util.Optional;
import org.immutables.value.Value;

/** What an {@link IssueTrackerProvider} gets to build a tracker from: {@code --tracker ID:ARGS} and friends. */
@Value.Immutable
public abstract class TrackerConfig {
    TrackerConfig() {}

    /** The part after {@code ID:}; empty when none was given. */
    @Value.Default
    public String args() {
        return "";
    }

    /** An API endpoint other than the default ({@code --tracker-endpoint}, for GitHub Enterprise). */
    public abstract Optional<String> endpoint();

    /** The token read from the environment by the caller; never logged. */
    @Value.Redacted
    public abstract Optional<String> token();

    /** The name of the environment variable the token came from, to name in error messages. */
    public abstract Optional<String> tokenVariable();

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends ImmutableTrackerConfig.Builder {}
}
