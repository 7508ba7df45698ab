package dev.mirrorsync.core;

import java.time.Duration;

/** Waits between retries; injected so that tests do not wait and the core reads no clock of its own. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration duration) throws InterruptedException;

    /** {@link Thread#sleep}. */
    static Sleeper system() {
        return duration -> Thread.sleep(duration.toMillis());
    }
}
