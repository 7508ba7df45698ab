package dev.mirrorsync.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** Where issues go, and (from {@link StoreOptions}) where watermarks are kept and where the local cache lives. */
final class EngineOptions extends StoreOptions {
    static final String TRACKER_TOKEN_ENV = "GITHUB_TOKEN";

    @Option(
            names = "--tracker",
            paramLabel = "none|file:DIR|github:OWNER/REPO|ID:ARGS",
            defaultValue = "none",
            description = "Where problems that need a human are filed (default: ${DEFAULT-VALUE}).")
    String tracker;

    @Option(
            names = "--tracker-endpoint",
            paramLabel = "URL",
            description = "The tracker's API endpoint, for GitHub Enterprise (default: https://api.github.com).")
    String trackerEndpoint;

    @Option(
            names = "--tracker-token-env",
            paramLabel = "VAR",
            defaultValue = TRACKER_TOKEN_ENV,
            description = "The environment variable holding the tracker's token (default: ${DEFAULT-VALUE}).")
    String trackerTokenEnv;

    @Option(
            names = "--tracker-path",
            paramLabel = "DIR_OR_JAR",
            description = {
                "Where to find more trackers (repeatable): a jar, or a directory of jars, with an IssueTrackerProvider",
                "listed in META-INF/services. Also read: the plugins/ directory beside the mirror-sync jar."
            })
    List<String> trackerPath = new ArrayList<>();

    @Option(
            names = "--max-retry-wait",
            paramLabel = "DURATION",
            defaultValue = "60s",
            description = {
                "The longest wait for a time a server asks to be left alone until (a GitHub rate limit's reset, a",
                "retry-after; default: ${DEFAULT-VALUE}). A longer one ends the run at once, saying when to run again;",
                "0 never waits. For example 90s, 5m, 1h or PT2M."
            })
    String maxRetryWait;

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");

    /**
     * {@code --max-retry-wait} as a duration: a number with {@code ms}, {@code s} (the default unit), {@code m} or
     * {@code h}, or an ISO-8601 duration ({@code PT2M}).
     *
     * @throws IllegalArgumentException when it is neither, or negative (a usage error)
     */
    Duration maxRetryWait() {
        String text = maxRetryWait.strip().toLowerCase(Locale.ROOT);
        Matcher simple = SIMPLE_DURATION.matcher(text);
        Duration wait;
        if (simple.matches()) {
            long n = Long.parseLong(simple.group(1));
            String unit = simple.group(2) == null ? "s" : simple.group(2);
            wait = switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        } else {
            try {
                wait = Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(
                        "--max-retry-wait must be a duration such as 90s, 5m, 1h or PT2M, not '" + maxRetryWait + "'");
            }
        }
        if (wait.isNegative()) {
            throw new IllegalArgumentException("--max-retry-wait must not be negative: '" + maxRetryWait + "'");
        }
        return wait;
    }

    /** For read-only commands: the store options given, and no tracker. */
    static EngineOptions withoutTracker(StoreOptions store) {
        EngineOptions engine = new EngineOptions();
        engine.state = store.state;
        engine.cache = store.cache;
        engine.backend = store.backend;
        engine.tracker = "none";
        engine.maxRetryWait = "60s";
        return engine;
    }
}
