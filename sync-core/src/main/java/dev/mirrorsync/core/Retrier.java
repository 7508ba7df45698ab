package dev.mirrorsync.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one SPI call, retrying {@link MirrorSyncException#isRetryable() retryable} failures with capped, jittered backoff.
 * A failure that names a time before which not to try again ({@link MirrorSyncException#retryNotBefore()}, a rate
 * limit) is retried no earlier than that, when the wait fits {@link RetryPolicy#maxRetryAfterWait()}; otherwise it
 * ends the call at once, saying when to run again: trying inside the window only uses up more of the limit.
 */
final class Retrier {
    private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final Random jitter;
    private final Clock clock;

    Retrier(RetryPolicy policy, Sleeper sleeper, Random jitter, Clock clock) {
        this.policy = policy;
        this.sleeper = sleeper;
        this.jitter = jitter;
        this.clock = clock;
    }

    RetryPolicy policy() {
        return policy;
    }

    <T> T call(String what, Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (MirrorSyncException e) {
                if (!e.isRetryable()) {
                    throw e;
                }
                Optional<Instant> notBefore = e.retryNotBefore();
                Duration asked = notBefore
                        .map(at -> Duration.between(clock.instant(), at))
                        .filter(d -> !d.isNegative())
                        .orElse(Duration.ZERO);
                if (asked.compareTo(policy.maxRetryAfterWait()) > 0) {
                    throw new MirrorSyncException(
                            e.reason(),
                            e.getMessage() + "; not retried: it asks not to be tried"
                                    + " again before " + notBefore.get() + ", " + asked.toSeconds()
                                    + " s from now, longer than the "
                                    + policy.maxRetryAfterWait().toSeconds()
                                    + " s a run waits; run again after that time",
                            e,
                            notBefore.get());
                }
                if (attempt >= policy.maxAttempts()) {
                    throw e;
                }
                Duration ceiling = policy.backoffCeiling(attempt);
                Duration backoff =
                        Duration.ofMillis(ceiling.toMillis() == 0 ? 0 : jitter.nextLong(ceiling.toMillis() + 1));
                Duration wait = asked.compareTo(backoff) > 0 ? asked : backoff;
                LOG.warn(
                        "{} failed ({}: {}); attempt {} of {}, retrying in {} ms",
                        what,
                        e.reason(),
                        e.getMessage(),
                        attempt,
                        policy.maxAttempts(),
                        wait.toMillis());
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    void run(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return null;
        });
    }
}
