package dev.mirrorsync.core;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.time.Duration;
import java.util.Optional;

/**
 * The one file-lock-and-wait of mirror-sync, for the state file, the {@code file:} tracker and the JGit cache alike.
 *
 * <p>A file lock is held by the whole JVM: {@link FileChannel#lock()} waits for another process, but a second
 * holder in this process (two runs embedded side by side on one file) gets {@link OverlappingFileLockException}
 * instead. Here both wait the same way, polling, up to a deadline.
 */
public final class FileLocks {
    private static final long POLL_MILLIS = 10;

    private FileLocks() {}

    /**
     * Locks {@code channel}'s file exclusively, waiting up to {@code wait} for a holder in another process or in this JVM.
     *
     * @param onWait run once, when the lock is not free at the first try (to say why the run waits)
     * @return the lock, or empty when {@code wait} passed without it
     * @throws InterruptedIOException when the thread is interrupted while waiting (its interrupt flag is set again)
     * @throws IOException when the file cannot be locked at all
     */
    public static Optional<FileLock> lock(FileChannel channel, Duration wait, Runnable onWait) throws IOException {
        long deadline = System.nanoTime() + wait.toNanos();
        boolean told = false;
        while (true) {
            try {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return Optional.of(lock);
                }
            } catch (OverlappingFileLockException heldInThisJvm) {
                // Another holder in this JVM: wait for it as for another process.
            }
            if (System.nanoTime() - deadline >= 0) {
                return Optional.empty();
            }
            if (!told) {
                onWait.run();
                told = true;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                InterruptedIOException interrupted =
                        new InterruptedIOException("interrupted while waiting for a file lock");
                interrupted.initCause(e);
                throw interrupted;
            }
        }
    }
}
