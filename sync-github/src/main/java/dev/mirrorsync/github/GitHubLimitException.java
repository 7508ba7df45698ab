package dev.mirrorsync.github;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * Thrown by our rate-limit handlers instead of github-api's default ones, which sleep until the limit resets
 * (up to an hour, inside one call). Failing fast lets the engine's retrier back off within its own bounds and
 * report clearly when the limit outlasts them. github-api wraps this in an {@code HttpException}; the
 * translator finds it in the cause chain.
 */
final class GitHubLimitException extends IOException {
    private static final long serialVersionUID = 1L;

    enum Kind {
        /** The primary limit: {@code 403} or {@code 429} with {@code x-ratelimit-remaining: 0}. */
        PRIMARY,
        /** Any other {@code 429}, or a {@code 403} with {@code retry-after} or {@code gh-limited-by}. */
        SECONDARY
    }

    private final Kind kind;
    private final Optional<Instant> resetAt;
    private final Optional<Long> retryAfterSeconds;

    private GitHubLimitException(Kind kind, Optional<Instant> resetAt, Optional<Long> retryAfterSeconds) {
        super(kind == Kind.PRIMARY ? "API rate limit reached" : "secondary rate limit reached");
        this.kind = kind;
        this.resetAt = resetAt;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    Kind kind() {
        return kind;
    }

    Optional<Instant> resetAt() {
        return resetAt;
    }

    Optional<Long> retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** When to try again, in words: "it resets at …", "retry after 60 s", or nothing. */
    String advice() {
        if (retryAfterSeconds.isPresent()) {
            return "; GitHub asks to retry after " + retryAfterSeconds.get() + " s";
        }
        return resetAt.map(at -> "; it resets at " + at).orElse("");
    }

    static GitHubRateLimitHandler rateLimitHandler() {
        return new GitHubRateLimitHandler() {
            @Override
            public void onError(GitHubConnectorResponse response) throws IOException {
                throw from(Kind.PRIMARY, response);
            }
        };
    }

    static GitHubAbuseLimitHandler abuseLimitHandler() {
        return new GitHubAbuseLimitHandler() {
            @Override
            public void onError(GitHubConnectorResponse response) throws IOException {
                throw from(Kind.SECONDARY, response);
            }
        };
    }

    private static GitHubLimitException from(Kind handler, GitHubConnectorResponse response) {
        // github-api hands a 429 to the abuse (secondary) handler; with the quota at zero it is the primary limit.
        String remaining = response.header("X-RateLimit-Remaining");
        Kind kind = remaining != null && remaining.strip().equals("0") ? Kind.PRIMARY : handler;
        Optional<Instant> reset = number(response.header("X-RateLimit-Reset")).map(Instant::ofEpochSecond);
        Optional<Long> retryAfter = number(response.header("Retry-After"));
        return new GitHubLimitException(kind, reset, retryAfter);
    }

    static Optional<Long> number(String header) {
        if (header == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(header.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
