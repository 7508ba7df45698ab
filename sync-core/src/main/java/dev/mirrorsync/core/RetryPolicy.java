package dev.mirrorsync.core;

import java.time.Duration;
import org.immutables.value.Value;

/**
 * Capped exponential backoff with full jitter for retryable failures ({@link MirrorSyncException#isRetryable()}),
 * and the bound on re-planning when a lease fails because someone else moved a ref.
 */
@Value.Immutable
public abstract class RetryPolicy {
    RetryPolicy() {}

    /** Attempts of one call, the first included. */
    @Value.Default
    public int maxAttempts() {
        return 4;
    }

    @Value.Default
    public Duration initialBackoff() {
        return Duration.ofMillis(500);
    }

    @Value.Default
    public Duration maxBackoff() {
        return Duration.ofSeconds(20);
    }

    /**
     * The longest wait for a time the failing side named (a rate limit's reset, a {@code retry-after}); default 60 s.
     * A failure that asks for a longer wait is not retried: it ends the call at once and says when to run again.
     */
    @Value.Default
    public Duration maxRetryAfterWait() {
        return Duration.ofSeconds(60);
    }

    /** Observe-plan-push rounds per branch before a branch that keeps moving is reported as failed. */
    @Value.Default
    public int maxReplans() {
        return 3;
    }

    /** The upper bound of the wait before attempt {@code attempt + 1} (attempt counts from 1). */
    Duration backoffCeiling(int attempt) {
        long factor = 1L << Math.min(attempt - 1, 30);
        long millis = initialBackoff().toMillis() * factor;
        if (millis < 0 || millis > maxBackoff().toMillis()) {
            millis = maxBackoff().toMillis();
        }
        return Duration.ofMillis(millis);
    }

    public static RetryPolicy defaults() {
        return builder().build();
    }

    /** One attempt, no waiting: for tests and dry tooling. */
    public static RetryPolicy noRetries() {
        return builder().maxAttempts(1).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder extends ImmutableRetryPolicy.Builder {}

    @Value.Check
    void check() {
        if (maxAttempts() < 1 || maxReplans() < 1) {
            throw new IllegalArgumentException("maxAttempts and maxReplans must be at least 1");
        }
        if (maxRetryAfterWait().isNegative()) {
            throw new IllegalArgumentException("maxRetryAfterWait must not be negative");
        }
        if (initialBackoff().isNegative() || maxBackoff().compareTo(initialBackoff()) < 0) {
            throw new IllegalArgumentException("backoff must be non-negative and maxBackoff >= initialBackoff");
        }
    }
}
