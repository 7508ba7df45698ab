package dev.mirrorsync.cli;

import dev.mirrorsync.core.BranchReport;
import dev.mirrorsync.core.CommitInfo;
import dev.mirrorsync.core.CommitList;
import dev.mirrorsync.core.Outcome;
import dev.mirrorsync.core.SyncReport;
import dev.mirrorsync.core.SyncState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --metrics FILE}: the lag of every branch as OpenMetrics text, for node-exporter's textfile collector or a
 * Pushgateway. Per pair and branch: the commits each side lacks, the age of the oldest of them, how long a divergence
 * has been open (since the older side's first commit of its own), the state, and the last time the branch was found
 * in sync or synced (kept from the previous file when this run did not get there). The file is replaced atomically,
 * so a collector never reads half of it.
 */
final class Metrics {
    private static final Pattern LAST_SUCCESS = Pattern.compile(
            "^mirror_sync_last_success_timestamp_seconds\\{pair=\"((?:[^\"\\\\]|\\\\.)*)\",branch=\"((?:[^\"\\\\]|\\\\.)*)\"} (\\S+)$");

    private Metrics() {}

    /**
     * The lag of one branch, from its report alone (no clock, so {@code status} and {@code sync --dry-run} agree): the
     * commits each side lacks, the author time of the oldest of them, and since when a diverged branch has been
     * diverged (the later of the two sides' oldest commits of their own). With more commits than a report lists, the
     * oldest listed one stands in: the true age is at least that.
     */
    record Lag(
            long missingOnPublic,
            long missingOnPrivate,
            Optional<Instant> oldestMissingOnPublic,
            Optional<Instant> oldestMissingOnPrivate,
            Optional<Instant> divergedSince) {
        static Lag of(BranchReport b) {
            Optional<Instant> publicLacks = oldest(b.onlyOnPrivate());
            Optional<Instant> privateLacks = oldest(b.onlyOnPublic());
            Optional<Instant> diverged = b.state()
                    .filter(s -> s == SyncState.DIVERGED)
                    .flatMap(s -> publicLacks.flatMap(p -> privateLacks.map(q -> p.isAfter(q) ? p : q)));
            return new Lag(b.onlyOnPrivate().total(), b.onlyOnPublic().total(), publicLacks, privateLacks, diverged);
        }

        private static Optional<Instant> oldest(CommitList commits) {
            return commits.listed().stream().map(CommitInfo::authorTime).min(Instant::compareTo);
        }
    }

    /** Seconds from {@code since} to {@code now}, never negative (clocks disagree); 0 without a time. */
    private static long age(Optional<Instant> since, Instant now) {
        return since.map(t -> Math.max(0, Duration.between(t, now).toSeconds())).orElse(0L);
    }

    static void write(Path file, List<SyncReport> reports, Instant now) {
        Map<String, String> lastSuccess = previousSuccess(file);
        StringBuilder lagCommits = new StringBuilder();
        StringBuilder lagSeconds = new StringBuilder();
        StringBuilder diverged = new StringBuilder();
        StringBuilder state = new StringBuilder();
        StringBuilder success = new StringBuilder();
        for (SyncReport report : reports) {
            for (BranchReport b : report.branches()) {
                String labels = "pair=\"" + escape(report.pair()) + "\",branch=\"" + escape(b.branch()) + "\"";
                Lag lag = Lag.of(b);
                lagCommits.append(
                        series("mirror_sync_lag_commits", labels + ",missing_on=\"public\"", lag.missingOnPublic()));
                lagCommits.append(
                        series("mirror_sync_lag_commits", labels + ",missing_on=\"private\"", lag.missingOnPrivate()));
                lagSeconds.append(series(
                        "mirror_sync_lag_seconds",
                        labels + ",missing_on=\"public\"",
                        age(lag.oldestMissingOnPublic(), now)));
                lagSeconds.append(series(
                        "mirror_sync_lag_seconds",
                        labels + ",missing_on=\"private\"",
                        age(lag.oldestMissingOnPrivate(), now)));
                diverged.append(series("mirror_sync_diverged_seconds", labels, age(lag.divergedSince(), now)));
                for (SyncState s : SyncState.values()) {
                    state.append(series(
                            "mirror_sync_state",
                            labels + ",state=\"" + s.name() + "\"",
                            b.state().equals(Optional.of(s)) ? 1 : 0));
                }
                boolean succeeded = !report.dryRun()
                        && (b.outcome() == Outcome.UP_TO_DATE || b.outcome() == Outcome.SYNCED)
                        && b.failure().isEmpty();
                String key = report.pair() + "\n" + b.branch();
                if (succeeded) {
                    lastSuccess.put(key, Long.toString(now.getEpochSecond()));
                }
                Optional.ofNullable(lastSuccess.get(key))
                        .ifPresent(value -> success.append("mirror_sync_last_success_timestamp_seconds{")
                                .append(labels)
                                .append("} ")
                                .append(value)
                                .append('\n'));
            }
        }
        String text = family(
                        "mirror_sync_lag_commits",
                        "gauge",
                        "",
                        "Commits one side of a branch has that the other side (missing_on) lacks.",
                        lagCommits)
                + family(
                        "mirror_sync_lag_seconds",
                        "gauge",
                        "seconds",
                        "Age of the oldest commit the side missing_on lacks (0: none).",
                        lagSeconds)
                + family(
                        "mirror_sync_diverged_seconds",
                        "gauge",
                        "seconds",
                        "How long a diverged branch has been diverged, from the later side's first commit of its own (0: not diverged).",
                        diverged)
                + family(
                        "mirror_sync_state",
                        "gauge",
                        "",
                        "1 for the branch's state in the state table (label state), 0 for the others.",
                        state)
                + family(
                        "mirror_sync_last_success_timestamp_seconds",
                        "gauge",
                        "seconds",
                        "When a run last found the branch in sync or synced it (Unix time).",
                        success)
                + "# EOF\n";
        try {
            Path absolute = file.toAbsolutePath();
            Files.createDirectories(absolute.getParent());
            Path temp = Files.createTempFile(
                    absolute.getParent(), absolute.getFileName().toString(), ".tmp");
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalArgumentException("--metrics " + file + ": cannot write it (" + e.getMessage() + ")");
        }
    }

    private static String family(String name, String type, String unit, String help, StringBuilder samples) {
        return "# TYPE " + name + " " + type + "\n"
                + (unit.isEmpty() ? "" : "# UNIT " + name + " " + unit + "\n")
                + "# HELP " + name + " " + help + "\n"
                + samples;
    }

    private static String series(String name, String labels, long value) {
        return name + "{" + labels + "} " + value + "\n";
    }

    /** Label values as OpenMetrics escapes them: backslash, double quote and newline. */
    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String unescape(String value) {
        return value.replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
    }

    /** The last-success times of the previous file, so that a run that did not succeed keeps them. */
    private static Map<String, String> previousSuccess(Path file) {
        Map<String, String> times = new HashMap<>();
        if (!Files.isRegularFile(file)) {
            return times;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                Matcher m = LAST_SUCCESS.matcher(line);
                if (m.matches()) {
                    times.put(unescape(m.group(1)) + "\n" + unescape(m.group(2)), m.group(3));
                }
            }
        } catch (IOException e) {
            // An unreadable old file only loses the old times.
        }
        return times;
    }
}
