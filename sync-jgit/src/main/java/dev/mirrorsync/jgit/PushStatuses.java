package dev.mirrorsync.jgit;

import dev.mirrorsync.core.spi.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/** Maps JGit's per-ref push status onto the core's {@link PushResult.Status}. */
final class PushStatuses {
    private PushStatuses() {}

    /**
     * The core status for a JGit status. A switch expression without {@code default}: a status that a new JGit
     * adds breaks compilation here until it is decided.
     *
     * <p>{@code REJECTED_OTHER_REASON} maps to {@code REJECTED_OTHER} here; the backend upgrades it to a stale lease
     * when the ref is found to have moved (a compare-and-swap that failed on the server, after the advertisement,
     * arrives as "failed to lock" or "cannot lock ref": it cannot be told from a stuck lock by its text alone).
     */
    static PushResult.Status map(RemoteRefUpdate.Status status) {
        return switch (status) {
            case OK -> PushResult.Status.OK;
            case UP_TO_DATE -> PushResult.Status.UP_TO_DATE;
            // The advertised value differs from the lease: someone moved the ref after we observed it.
            case REJECTED_REMOTE_CHANGED -> PushResult.Status.REJECTED_STALE_LEASE;
            // Only reported for deletions whose ref is gone: the value the lease expected is no longer there.
            case NON_EXISTING -> PushResult.Status.REJECTED_STALE_LEASE;
            case REJECTED_NONFASTFORWARD -> PushResult.Status.REJECTED_NON_FAST_FORWARD;
            case REJECTED_NODELETE, REJECTED_OTHER_REASON -> PushResult.Status.REJECTED_OTHER;
            // The remote never answered for this ref: the update may not have happened; the engine re-observes.
            case NOT_ATTEMPTED, AWAITING_REPORT -> PushResult.Status.REJECTED_OTHER;
        };
    }

    /** A default explanation for statuses the remote gives no message for. */
    static String describe(RemoteRefUpdate.Status status) {
        return switch (status) {
            case OK -> "updated";
            case UP_TO_DATE -> "already up to date";
            case REJECTED_REMOTE_CHANGED -> "the ref is no longer at the expected value (stale lease)";
            case NON_EXISTING -> "the ref does not exist on the remote";
            case REJECTED_NONFASTFORWARD -> "not a fast-forward";
            case REJECTED_NODELETE -> "the remote does not allow deleting refs";
            case REJECTED_OTHER_REASON -> "rejected by the remote";
            case NOT_ATTEMPTED -> "the update was not attempted";
            case AWAITING_REPORT -> "the remote did not report on the update; it may or may not have happened";
        };
    }
}
