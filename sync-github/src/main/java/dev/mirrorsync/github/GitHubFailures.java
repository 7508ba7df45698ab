package dev.mirrorsync.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.MirrorSyncException.Reason;
import dev.mirrorsync.core.PrintableText;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.kohsuke.github.GHException;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.GHIOException;
import org.kohsuke.github.HttpException;

/**
 * Translates github-api's exceptions into {@link MirrorSyncException}s at the adapter's boundary: a
 * {@link Reason} that decides retrying and the exit code, and a message that says what to fix. Messages name
 * the repository and the token's environment variable, never the token itself (it is masked even if GitHub
 * were to echo it).
 */
final class GitHubFailures {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_GITHUB_MESSAGE = 300;
    private static final int MIN_MASKED_TOKEN = 8;

    /** What the tracker was doing, for the message and for the permission a 403 points to. */
    enum Operation {
        READ_REPOSITORY("reading repository", "Metadata: Read"),
        FIND("listing the open issues of", "Issues: Read"),
        CREATE_LABEL("creating the labels it files issues with in", "Issues: Read and write"),
        OPEN("opening an issue in", "Issues: Read and write"),
        UPDATE("updating an issue in", "Issues: Read and write"),
        CLOSE("closing an issue in", "Issues: Read and write"),
        COMMENT("commenting on an issue in", "Issues: Read and write"),
        OPEN_PULL_REQUEST("opening a pull request in", "Pull requests: Read and write"),
        READ_BRANCH("reading a branch's protection in", "Metadata: Read"),
        READ_LABELS("reading the labels of", "Issues: Read");

        private final String doing;
        private final String permission;

        Operation(String doing, String permission) {
            this.doing = doing;
            this.permission = permission;
        }
    }

    private final String repository;
    private final String endpoint;
    private final String tokenVariable;
    private final String token;
    private final Clock clock;

    GitHubFailures(String repository, String endpoint, String tokenVariable, String token, Clock clock) {
        this.repository = repository;
        this.endpoint = endpoint;
        this.tokenVariable = tokenVariable;
        this.token = token;
        this.clock = clock;
    }

    /** For github-api's unchecked wrapper (a failed page while iterating): translates its {@code IOException} cause. */
    MirrorSyncException translate(GHException e, Operation op) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                return translate(io, op);
            }
        }
        return new MirrorSyncException(
                Reason.INTERNAL,
                mask("GitHub failed while " + op.doing + " " + repository + ": "
                        + e.getClass().getSimpleName()),
                e);
    }

    MirrorSyncException translate(IOException e, Operation op) {
        Answer answer = Answer.of(e);
        String where = op.doing + " " + repository;
        String github =
                answer.githubMessage().map(m -> " (GitHub says: " + m + ")").orElse("");
        Reason reason;
        String message;
        Instant notBefore = null;
        if (answer.limit().isPresent() || answer.isRateLimit()) {
            reason = Reason.RATE_LIMITED;
            // A primary limit is a primary limit whether GitHub sends it as 403 or as 429.
            boolean primary = answer.limit()
                            .map(l -> l.kind() == GitHubLimitException.Kind.PRIMARY)
                            .orElse(false)
                    || "0".equals(answer.header("x-ratelimit-remaining"));
            notBefore = notBefore(answer, primary);
            message = (primary
                            ? "GitHub's API rate limit for the token in " + tokenVariable + " is used up"
                            : "GitHub's secondary rate limit stopped mirror-sync")
                    + " while " + where + " (" + answer.status() + ")"
                    + answer.limit().map(GitHubLimitException::advice).orElse(answer.advice());
        } else if (answer.status() == 401) {
            reason = Reason.AUTHENTICATION;
            message = "GitHub rejected the token while " + where + " (401 Unauthorized): " + tokenVariable
                    + " is missing, wrong or expired";
        } else if (answer.status() == 403) {
            reason = Reason.PERMISSION;
            message = "GitHub refused " + where + " (403 Forbidden"
                    + answer.githubMessage().map(m -> ": " + m).orElse("")
                    + "): the token in " + tokenVariable
                    + " needs the repository permission \"" + op.permission + "\" on " + repository
                    + " (a fine-grained token: Repository permissions > " + op.permission
                    + "; the workflow's own GITHUB_TOKEN: 'permissions: "
                    + (op == Operation.OPEN_PULL_REQUEST ? "pull-requests" : "issues") + ": write')";
        } else if (answer.status() == 404) {
            reason = Reason.NOT_FOUND;
            message = op == Operation.READ_REPOSITORY || op == Operation.FIND || op == Operation.OPEN
                    ? "repository " + repository + " was not found at " + endpoint + ", or the token in "
                            + tokenVariable
                            + " cannot see it (a fine-grained token must list it under Repository access)"
                    : "GitHub found nothing while " + where
                            + " (404 Not Found): the issue was deleted or moved, or the token in " + tokenVariable
                            + " cannot see it";
        } else if (answer.status() == 410) {
            reason = Reason.UNSUPPORTED;
            message = "issues are disabled in " + repository + " (410 Gone)" + github
                    + ": enable them under Settings > General > Features, or file elsewhere with --tracker";
        } else if (answer.status() >= 500) {
            reason = Reason.SERVER_ERROR;
            message = "GitHub answered " + answer.status() + " while " + where + github + "; this is usually temporary";
        } else if (answer.status() >= 200 && answer.status() < 300) {
            // A success whose body could not be read: the connection broke (or the answer was cut) on the way back.
            // What was asked may have been done; the engine looks again before it repeats an open.
            reason = Reason.NETWORK;
            message = "GitHub's answer (" + answer.status() + ") broke off while " + where + ": "
                    + describe(transportCause(e)) + "; this is retried";
        } else if (answer.status() < 0) {
            reason = Reason.NETWORK;
            message = "could not reach GitHub at " + endpoint + " while " + where + ": " + describe(transportCause(e));
        } else {
            reason = Reason.INTERNAL;
            message = "GitHub answered " + answer.status() + " while " + where + github;
        }
        return new MirrorSyncException(reason, mask(message), e, notBefore);
    }

    /**
     * When GitHub said to try again, as its documentation asks clients to honour: {@code retry-after} seconds from now,
     * else, for the primary limit, {@code x-ratelimit-reset}; a secondary limit that names no time means "at least a
     * minute".
     */
    private Instant notBefore(Answer answer, boolean primary) {
        Optional<Long> retryAfter = answer.limit()
                .flatMap(GitHubLimitException::retryAfterSeconds)
                .or(() -> GitHubLimitException.number(answer.header("retry-after")));
        if (retryAfter.isPresent()) {
            return clock.instant().plusSeconds(Math.max(0, retryAfter.get()));
        }
        Optional<Instant> reset = answer.limit()
                .flatMap(GitHubLimitException::resetAt)
                .or(() -> GitHubLimitException.number(answer.header("x-ratelimit-reset"))
                        .map(Instant::ofEpochSecond));
        if (primary && reset.isPresent()) {
            return reset.get();
        }
        return primary ? null : clock.instant().plusSeconds(60);
    }

    /**
     * Whether GitHub refused a create because the thing exists already: a {@code 422} whose {@code errors[].code} is
     * {@code already_exists}. Any other 422 (an invalid colour, a name too long) is a real error.
     */
    static boolean isAlreadyExists(HttpException e) {
        if (e.getResponseCode() != 422 || e.getMessage() == null) {
            return false;
        }
        try {
            JsonNode json = JSON.readTree(e.getMessage());
            if (json != null) {
                for (JsonNode error : json.path("errors")) {
                    if ("already_exists".equals(error.path("code").asText())) {
                        return true;
                    }
                }
            }
        } catch (IOException notJson) {
            return false;
        }
        return false;
    }

    /** Masks the token, should anything have echoed it. Real GitHub tokens are 40 characters or more. */
    private String mask(String text) {
        return token.length() < MIN_MASKED_TOKEN ? text : text.replace(token, "****");
    }

    /** The first exception in the chain that is not github-api's wrapping: a ConnectException, a timeout. */
    private static Throwable transportCause(Throwable e) {
        Throwable t = e;
        while ((t instanceof GHIOException || t instanceof GHException) && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static String describe(Throwable t) {
        String text = t.getMessage() == null ? "" : ": " + t.getMessage();
        return PrintableText.of(t.getClass().getSimpleName() + text);
    }

    /** What GitHub answered, gathered from github-api's exception chain. */
    private record Answer(
            int status, String body, Map<String, List<String>> headers, Optional<GitHubLimitException> limit) {

        static Answer of(IOException e) {
            int status = -1;
            String body = null;
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            GitHubLimitException limit = null;
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof GitHubLimitException l && limit == null) {
                    limit = l;
                }
                if (t instanceof HttpException h && status < 0 && h.getResponseCode() > 0) {
                    status = h.getResponseCode();
                    body = h.getMessage();
                }
                if (t instanceof FileNotFoundException && status < 0) {
                    status = 404;
                }
                Map<String, List<String>> found = headersOf(t);
                if (found != null) {
                    found.forEach((k, v) -> {
                        if (k != null && v != null) {
                            headers.putIfAbsent(k, v);
                        }
                    });
                }
            }
            return new Answer(status, body, headers, Optional.ofNullable(limit));
        }

        private static Map<String, List<String>> headersOf(Throwable t) {
            try {
                return t instanceof GHIOException g
                        ? g.getResponseHeaderFields()
                        : t instanceof GHFileNotFoundException f ? f.getResponseHeaderFields() : null;
            } catch (NullPointerException none) {
                return null; // github-api 1.330 wraps a null map instead of answering null
            }
        }

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        /** A limit our handlers did not see: a 429, or a 403 that says so in its headers or its text. */
        boolean isRateLimit() {
            if (status == 429) {
                return true;
            }
            if (status != 403) {
                return false;
            }
            return "0".equals(header("x-ratelimit-remaining"))
                    || header("retry-after") != null
                    || header("gh-limited-by") != null
                    || githubMessage()
                            .map(m -> m.toLowerCase(Locale.ROOT).contains("rate limit"))
                            .orElse(false);
        }

        String advice() {
            String retryAfter = header("retry-after");
            if (retryAfter != null) {
                return "; GitHub asks to retry after " + PrintableText.of(retryAfter) + " s";
            }
            return "";
        }

        /** GitHub's own {@code message}, one line and bounded; the body as text when it is not GitHub's JSON. */
        Optional<String> githubMessage() {
            if (body == null || body.isBlank()) {
                return Optional.empty();
            }
            String text = body;
            try {
                JsonNode json = JSON.readTree(body);
                if (json != null && json.hasNonNull("message")) {
                    text = json.get("message").asText();
                    List<String> details = new ArrayList<>();
                    for (JsonNode error : json.path("errors")) {
                        String detail = (error.path("field").asText("") + " "
                                        + error.path("code").asText(""))
                                .strip();
                        if (!detail.isEmpty()) {
                            details.add(detail);
                        }
                    }
                    if (!details.isEmpty()) {
                        text = text + ": " + String.join(", ", details);
                    }
                }
            } catch (IOException notJson) {
                if (body.stripLeading().startsWith("<")) {
                    return Optional.empty(); // an HTML error page says nothing the status does not
                }
            }
            String oneLine = text.replaceAll("\\s+", " ").strip();
            return oneLine.isEmpty() ? Optional.empty() : Optional.of(PrintableText.of(oneLine, MAX_GITHUB_MESSAGE));
        }
    }
}
