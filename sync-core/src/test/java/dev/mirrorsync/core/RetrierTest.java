package dev.mirrorsync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorsync.core.MirrorSyncException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A rate limit names when to try again: the retrier waits that long when it fits its bound (and not a bit less, not
 * with a backoff of its own that would land inside the window), and otherwise stops at the first failure, saying when
 * to run again. A fixed clock and a recording sleeper: nothing sleeps, nothing reads the time.
 */
class RetrierTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final List<Duration> slept = new ArrayList<>();
    private final Sleeper sleeper = slept::add;

    private Retrier retrier(RetryPolicy policy) {
        return new Retrier(policy, sleeper, new Random(1), clock);
    }

    private static MirrorSyncException limited(Instant notBefore) {
        return new MirrorSyncException(Reason.RATE_LIMITED, "GitHub's API rate limit is used up", null, notBefore);
    }

    @Test
    void aRetryAfterWithinTheBoundIsWaitedOutThenTriedOnce() {
        AtomicInteger calls = new AtomicInteger();
        String result = retrier(RetryPolicy.defaults()).call("opening an issue", () -> {
            if (calls.incrementAndGet() == 1) {
                throw limited(NOW.plusSeconds(30));
            }
            return "opened";
        });
        assertThat(result).isEqualTo("opened");
        assertThat(calls).hasValue(2);
        assertThat(slept).containsExactly(Duration.ofSeconds(30));
    }

    @Test
    void aResetBeyondTheBoundStopsAtOnceAndSaysWhenToRunAgain() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> retrier(RetryPolicy.defaults()).call("opening an issue", () -> {
                    calls.incrementAndGet();
                    throw limited(NOW.plusSeconds(3600));
                }))
                .isInstanceOfSatisfying(MirrorSyncException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.RATE_LIMITED);
                    assertThat(e.getMessage())
                            .contains("rate limit")
                            .contains("2026-12-01T11:00:00Z")
                            .contains("3600 s")
                            .contains("60 s")
                            .contains("run again after");
                    assertThat(e.retryNotBefore()).contains(NOW.plusSeconds(3600));
                });
        assertThat(calls).as("no attempt inside the window").hasValue(1);
        assertThat(slept).isEmpty();
    }

    @Test
    void theBoundIsConfigurable() {
        RetryPolicy patient =
                RetryPolicy.builder().maxRetryAfterWait(Duration.ofMinutes(90)).build();
        AtomicInteger calls = new AtomicInteger();
        retrier(patient).run("opening an issue", () -> {
            if (calls.incrementAndGet() == 1) {
                throw limited(NOW.plusSeconds(3600));
            }
        });
        assertThat(slept).containsExactly(Duration.ofSeconds(3600));

        RetryPolicy impatient =
                RetryPolicy.builder().maxRetryAfterWait(Duration.ofSeconds(10)).build();
        calls.set(0);
        assertThatThrownBy(() -> retrier(impatient).run("x", () -> {
                    calls.incrementAndGet();
                    throw limited(NOW.plusSeconds(30));
                }))
                .isInstanceOf(MirrorSyncException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aTimeAlreadyPastOrNoTimeAtAllIsAnOrdinaryBackoff() {
        AtomicInteger calls = new AtomicInteger();
        retrier(RetryPolicy.defaults()).run("listing", () -> {
            int n = calls.incrementAndGet();
            if (n == 1) {
                throw limited(NOW.minusSeconds(5));
            }
            if (n == 2) {
                throw new MirrorSyncException(Reason.NETWORK, "reset");
            }
        });
        assertThat(calls).hasValue(3);
        assertThat(slept).hasSize(2).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(1)));
    }
}
