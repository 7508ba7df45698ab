package dev.mirrorsync.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The one unchecked root of mirror-sync's failures. Adapters translate their own exceptions into it at
 * their boundary and say why with a {@link Reason}; the engine retries only what {@link #isRetryable()}.
 *
 * <p>Messages name a remote by its credential-free URL and never contain a token.
 */
public class MirrorSyncException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why something failed; decides retrying and, in the CLI, the exit code. */
    public enum Reason {
        /** Credentials missing, wrong or expired. */
        AUTHENTICATION(false),
        /** Authenticated, but not allowed (a token without write access, a protected branch). */
        PERMISSION(false),
        /** A repository, branch or issue that does not exist. */
        NOT_FOUND(false),
        /** Connection refused, reset or timed out. */
        NETWORK(true),
        /** An API rate limit; retried after the advised wait. */
        RATE_LIMITED(true),
        /** A 5xx answer or a server-side hiccup. */
        SERVER_ERROR(true),
        /** A ref kept moving under us (other pushes), past the bounded re-planning; nothing was overwritten. */
        CONCURRENT_UPDATE(false),
        /** Bad configuration or input: a URL, a branch name, a cache directory, an event file. */
        INVALID_INPUT(false),
        /** The local cache repository is unusable. */
        CACHE(false),
        /** The backend or tracker cannot do what was asked. */
        UNSUPPORTED(false),
        /** A bug or an unexpected answer. */
        INTERNAL(false);

        private final boolean retryable;

        Reason(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean isRetryable() {
            return retryable;
        }
    }

    private final Reason reason;
    private final transient Instant retryNotBefore;

    public MirrorSyncException(Reason reason, String message) {
        this(reason, message, null, null);
    }

    public MirrorSyncException(Reason reason, String message, Throwable cause) {
        this(reason, message, cause, null);
    }

    /**
     * @param retryNotBefore when the other side asked not to be tried again before (a rate limit's reset or
     *     {@code retry-after}); {@code null} when it said nothing
     */
    public MirrorSyncException(Reason reason, String message, Throwable cause, Instant retryNotBefore) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.retryNotBefore = retryNotBefore;
    }

    /**
     * The moment before which the failing side asked not to be called again, when it named one: the engine waits until
     * then when that fits its {@link RetryPolicy#maxRetryAfterWait() bound}, and otherwise stops at once.
     */
    public Optional<Instant> retryNotBefore() {
        return Optional.ofNullable(retryNotBefore);
    }

    public Reason reason() {
        return reason;
    }

    public boolean isRetryable() {
        return reason.isRetryable();
    }
}
