package dev.mirrorsync.core;

import java.time.Duration;
import java.util.Random;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one SPI call, retrying {@link MirrorSyncException#isRetryable() retryable} failures with capped, jittered backoff. */
final class Retrier {
    private static final Logger LOG = LoggerFactory.getLogger(Retrier.class);

    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final Random jitter;

    Retrier(RetryPolicy policy, Sleeper sleeper, Random jitter) {
        this.policy = policy;
        this.sleeper = sleeper;
        this.jitter = jitter;
    }

    RetryPolicy policy() {
        return policy;
    }

    <T> T call(String what, Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (MirrorSyncException e) {
                if (!e.isRetryable() || attempt >= policy.maxAttempts()) {
                    throw e;
                }
                Duration ceiling = policy.backoffCeiling(attempt);
                Duration wait = Duration.ofMillis(ceiling.toMillis() == 0 ? 0 : jitter.nextLong(ceiling.toMillis() + 1));
                LOG.warn("{} failed ({}: {}); attempt {} of {}, retrying in {} ms",
                        what, e.reason(), e.getMessage(), attempt, policy.maxAttempts(), wait.toMillis());
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
