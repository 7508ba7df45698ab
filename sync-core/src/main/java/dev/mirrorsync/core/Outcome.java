package dev.mirrorsync.core;

/** How one branch ended in a run. Expected results are outcomes; only unexpected failures are exceptions. */
public enum Outcome {
    /** Already in sync: nothing was pushed. */
    UP_TO_DATE,
    /** A branch was created, fast-forwarded, overwritten (with a backup) or merged. */
    SYNCED,
    /** Dry run: the action would have been carried out. */
    WOULD_SYNC,
    /** An update is needed in a direction this run may not push; another run will. */
    PENDING,
    /** Diverged, unrelated or rewritten: reported for a human; no branch moved. */
    NEEDS_HUMAN,
    /** A failure (authentication, permission, protection, network after retries, tracker). */
    FAILED;
}
