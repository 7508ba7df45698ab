package dev.mirrorsync.core.spi;

/**
 * Makes an {@link IssueTracker} from a {@link TrackerConfig}. The CLI finds providers with
 * {@link java.util.ServiceLoader} (list the class in {@code META-INF/services/dev.mirrorsync.core.spi.IssueTrackerProvider}),
 * so a jar on the class path adds {@code --tracker <id>:ARGS}. Libraries wire trackers explicitly instead.
 */
public interface IssueTrackerProvider {

    /** The id users type before the colon: {@code github}, {@code file}. Lower case, no colon. */
    String id();

    /** One line for {@code --help} and error messages, saying what ARGS are. */
    String description();

    /**
     * Builds the tracker.
     *
     * @throws dev.mirrorsync.core.MirrorSyncException with {@code INVALID_INPUT} for bad ARGS, saying what to fix
     */
    IssueTracker create(TrackerConfig config);
}
