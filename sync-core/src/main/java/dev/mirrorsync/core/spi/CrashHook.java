package dev.mirrorsync.core.spi;

/**
 * Hears the engine, and a backend, pass named points of a run where a crash would leave the most to recover from: so
 * that a test can stop the process at exactly that point (the CLI's test-only halt does) and check that the next run
 * converges with nothing lost, without depending on when a random kill happens to land.
 *
 * <p>Passed through {@code MirrorSync.Builder#crashHook} (and, for {@link Point#MID_FETCH}, a backend's builder);
 * the default hears nothing. Called from the thread doing the work; an implementation must not throw, and it can
 * change nothing of the run but whether the process goes on.
 */
@FunctionalInterface
public interface CrashHook {
    /** Where a run is; in the order a run passes them. */
    enum Point {
        /** Both sides' refs were listed; nothing was fetched or pushed. */
        AFTER_LISTING,
        /** A backend received a pack and holds its lock (a {@code .keep} file), before the fetch updated any ref. */
        MID_FETCH,
        /** A branch's tips were fetched from both sides, before any ancestry question or push. */
        AFTER_FETCH,
        /** A backup ref of a tip about to be overwritten was pushed, before the overwrite. */
        AFTER_BACKUP_REF,
        /** A resolve's merge was pushed to the private side, before the public side. */
        BETWEEN_PUSHES,
        /** A branch was moved, before its watermark is written. */
        BEFORE_WATERMARK,
        /** The watermark was written. */
        AFTER_WATERMARK
    }

    /** The run passed {@code point}. */
    void reached(Point point);

    /** Hears nothing: the default. */
    static CrashHook none() {
        return point -> {};
    }
}
