package dev.mirrorsync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Turns raw measurements into medians, ratios against the seed's jobs and against plain git at its best, the
 * growth with size, and a verdict on each target. Writes {@code results.csv} (every run) and {@code results.md}.
 */
final class Report {
    /** The median of every (size, scenario, approach), and the number of runs behind it. */
    record Summary(
            String size,
            int commits,
            String scenario,
            Approach approach,
            int runs,
            double wallMillis,
            double minWallMillis,
            double maxWallMillis,
            double cpuMillis,
            double peakMemoryMb,
            double bytes,
            double advertisements,
            double packs,
            double objects,
            boolean allConverged,
            double requests) {}

    private final List<Measurement> measurements;
    private final Map<String, Summary> summaries = new LinkedHashMap<>();
    private final List<String> sizes = new ArrayList<>();
    private final List<String> scenarios = new ArrayList<>();

    Report(List<Measurement> measurements) {
        this.measurements = List.copyOf(measurements);
        Map<String, List<Measurement>> groups = new LinkedHashMap<>();
        Set<String> sizeSet = new LinkedHashSet<>();
        Set<String> scenarioSet = new LinkedHashSet<>();
        for (Measurement m : measurements) {
            groups.computeIfAbsent(key(m.size(), m.scenario(), m.approach()), k -> new ArrayList<>())
                    .add(m);
            sizeSet.add(m.size());
            scenarioSet.add(m.scenario());
        }
        sizes.addAll(sizeSet);
        scenarios.addAll(scenarioSet);
        groups.forEach((key, runs) -> {
            Measurement first = runs.get(0);
            summaries.put(
                    key,
                    new Summary(
                            first.size(),
                            first.commits(),
                            first.scenario(),
                            first.approach(),
                            runs.size(),
                            median(runs, Measurement::wallMillis),
                            runs.stream()
                                    .mapToDouble(Measurement::wallMillis)
                                    .min()
                                    .orElse(0),
                            runs.stream()
                                    .mapToDouble(Measurement::wallMillis)
                                    .max()
                                    .orElse(0),
                            median(runs, Measurement::cpuMillis),
                            median(runs, Measurement::peakMemoryMb),
                            median(runs, m -> m.counts().bytes()),
                            median(runs, m -> m.counts().advertisements()),
                            median(runs, m -> m.counts().packs()),
                            median(runs, m -> m.counts().objects()),
                            runs.stream().allMatch(Measurement::converged),
                            median(runs, m -> m.counts().requests())));
        });
    }

    static Report read(Path csv) throws IOException {
        List<Measurement> all = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) {
            if (!line.isBlank() && !line.startsWith("size,")) {
                all.add(Measurement.parse(line));
            }
        }
        return new Report(all);
    }

    List<Measurement> measurements() {
        return measurements;
    }

    List<String> sizes() {
        return sizes;
    }

    List<String> scenarios() {
        return scenarios;
    }

    Optional<Summary> summary(String size, String scenario, Approach approach) {
        return Optional.ofNullable(summaries.get(key(size, scenario, approach)));
    }

    private static String key(String size, String scenario, Approach approach) {
        return size + "|" + scenario + "|" + approach;
    }

    private static double median(List<Measurement> runs, ToDoubleFunction<Measurement> metric) {
        double[] values = runs.stream().mapToDouble(metric).sorted().toArray();
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }

    void writeCsv(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add(Measurement.CSV_HEADER);
        measurements.forEach(m -> lines.add(m.csv()));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, lines);
    }

    /** The markdown: one table per size, the growth tables, then the targets. */
    String markdown() {
        StringBuilder md = new StringBuilder();
        for (String size : sizes) {
            int commits = summaries.values().stream()
                    .filter(s -> s.size().equals(size))
                    .findFirst()
                    .map(Summary::commits)
                    .orElse(0);
            md.append(String.format(Locale.ROOT, "### %s (%,d commits)%n%n", size, commits));
            md.append(
                    "| scenario | approach | runs | wall ms (median, min–max) | CPU ms | peak MB | bytes | adv. | packs"
                            + " | objects | × seed (speed-up) | ÷ git best | ok |\n");
            md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
            for (String scenario : scenarios) {
                Optional<Summary> seed = summary(size, scenario, Approach.SEED);
                Optional<Summary> best = summary(size, scenario, Approach.GIT_BEST);
                for (Approach approach : Approach.values()) {
                    Optional<Summary> found = summary(size, scenario, approach);
                    if (found.isEmpty()) {
                        continue;
                    }
                    Summary s = found.get();
                    String memory =
                            String.format(Locale.ROOT, "%.0f %s", s.peakMemoryMb(), approach.process ? "RSS" : "heap");
                    md.append(String.format(
                            Locale.ROOT,
                            "| %s | %s | %d | %,.0f (%,.0f–%,.0f) | %,.0f | %s | %s | %.0f | %.0f"
                                    + " | %,.0f | %s | %s | %s |%n",
                            scenario,
                            approach.label,
                            s.runs(),
                            s.wallMillis(),
                            s.minWallMillis(),
                            s.maxWallMillis(),
                            s.cpuMillis(),
                            memory,
                            bytes(s.bytes()),
                            s.advertisements(),
                            s.packs(),
                            s.objects(),
                            seed.map(x -> ratio(x.wallMillis(), s.wallMillis())).orElse("–"),
                            best.map(x -> ratio(s.wallMillis(), x.wallMillis())).orElse("–"),
                            s.allConverged() ? "yes" : "**NO**"));
                }
            }
            md.append('\n');
        }
        if (measurements.stream().anyMatch(m -> m.approach().isCliRun())) {
            md.append(shellSummary());
            return md.toString();
        }
        md.append(growth());
        md.append(targets());
        return md.toString();
    }

    private static final List<Approach> SHELL_ROWS = List.of(
            Approach.SEED,
            Approach.GIT_BEST,
            Approach.MS_CLI_GIT,
            Approach.MS_CLI_JGIT,
            Approach.MS_CLI_COLD_GIT,
            Approach.MS_CLI_COLD_JGIT);

    /**
     * The shell mode's summary: per transport, median wall time of each approach at each size with its ratio to plain
     * git's warm script, then the goals for the CLI's warm and cold runs, met or not.
     */
    String shellSummary() {
        StringBuilder md = new StringBuilder();
        Map<String, List<String>> byTransport = new LinkedHashMap<>();
        for (String site : sizes) {
            int space = site.lastIndexOf(' ');
            byTransport
                    .computeIfAbsent(site.substring(space + 1), k -> new ArrayList<>())
                    .add(site);
        }
        byTransport.forEach((transport, sites) -> {
            md.append("### From the shell over ")
                    .append(transport)
                    .append(": median wall ms (÷ plain git's warm script) / CPU ms\n\n| scenario | approach |");
            sites.forEach(site -> md.append(' ')
                    .append(site, 0, site.lastIndexOf(' '))
                    .append(String.format(
                            Locale.ROOT,
                            " (%,d) |",
                            summaries.values().stream()
                                    .filter(x -> x.size().equals(site))
                                    .findFirst()
                                    .map(Summary::commits)
                                    .orElse(0))));
            md.append("\n|---|---|").append("---:|".repeat(sites.size())).append('\n');
            for (String scenario : scenarios) {
                for (Approach approach : SHELL_ROWS) {
                    md.append("| ")
                            .append(scenario)
                            .append(" | ")
                            .append(approach.label)
                            .append(" |");
                    for (String site : sites) {
                        Optional<Summary> best = summary(site, scenario, Approach.GIT_BEST);
                        md.append(summary(site, scenario, approach)
                                .map(x -> String.format(
                                        Locale.ROOT,
                                        " %,.0f (%s) / %,.0f%s |",
                                        x.wallMillis(),
                                        best.map(b -> ratio(x.wallMillis(), b.wallMillis()))
                                                .orElse("–"),
                                        x.cpuMillis(),
                                        x.allConverged() ? "" : " **WRONG**"))
                                .orElse(" – |"));
                    }
                    md.append('\n');
                }
            }
            md.append('\n');
        });
        md.append("### Goals (from the shell, JVM included)\n\n");
        for (String site : sizes) {
            boolean http = site.endsWith(" http");
            double bound = http ? 3.0 : 5.0;
            for (Approach approach : List.of(Approach.MS_CLI_GIT, Approach.MS_CLI_JGIT)) {
                summary(site, "nothing", approach)
                        .ifPresent(x -> md.append(String.format(
                                Locale.ROOT,
                                "- %s, nothing changed, %s: %,.0f ms (goal ≤ 500 ms): %s%n",
                                site,
                                approach.label,
                                x.wallMillis(),
                                verdict(x.wallMillis() <= 500, ""))));
                for (String scenario : scenarios) {
                    Optional<Summary> best = summary(site, scenario, Approach.GIT_BEST);
                    Optional<Summary> ms = summary(site, scenario, approach);
                    if (!scenario.startsWith("ahead-") || best.isEmpty() || ms.isEmpty()) {
                        continue;
                    }
                    double factor = ms.get().wallMillis() / best.get().wallMillis();
                    md.append(String.format(
                            Locale.ROOT,
                            "- %s, %s, %s: %,.0f ms = %.2f× plain git (%,.0f ms; goal ≤ %.0f×)" + "%s: %s%n",
                            site,
                            scenario,
                            approach.label,
                            ms.get().wallMillis(),
                            factor,
                            best.get().wallMillis(),
                            bound,
                            http
                                    ? String.format(
                                            Locale.ROOT,
                                            ", %.0f requests vs git's %.0f",
                                            ms.get().requests(),
                                            best.get().requests())
                                    : "",
                            verdict(factor <= bound, "")));
                }
            }
            for (Approach cold : List.of(Approach.MS_CLI_COLD_GIT, Approach.MS_CLI_COLD_JGIT)) {
                for (String scenario : scenarios) {
                    Optional<Summary> seed = summary(site, scenario, Approach.SEED);
                    Optional<Summary> ms = summary(site, scenario, cold);
                    if (seed.isEmpty() || ms.isEmpty()) {
                        continue;
                    }
                    boolean faster = ms.get().wallMillis() <= seed.get().wallMillis();
                    String bytes = http
                            ? String.format(
                                    Locale.ROOT,
                                    ", bytes %s = %.0f %% of the seed's clone (%s)",
                                    bytes(ms.get().bytes()),
                                    100 * ms.get().bytes() / seed.get().bytes(),
                                    bytes(seed.get().bytes()))
                            : "";
                    md.append(String.format(
                            Locale.ROOT,
                            "- %s, %s, %s: %,.0f ms vs the seed's %,.0f ms%s: %s%n",
                            site,
                            scenario,
                            cold.label,
                            ms.get().wallMillis(),
                            seed.get().wallMillis(),
                            bytes,
                            verdict(faster, "slower than the seed")));
                }
            }
        }
        return md.append('\n').toString();
    }

    /** How each approach's wall time and bytes grow with size, for the fast-forward of 10 and "nothing". */
    private String growth() {
        if (sizes.size() < 2) {
            return "";
        }
        StringBuilder md = new StringBuilder(
                "### Growth with repository size (median wall ms / bytes)\n\n| scenario | approach |");
        for (String size : sizes) {
            md.append(' ').append(size).append(" |");
        }
        md.append("\n|---|---|").append("---:|".repeat(sizes.size())).append('\n');
        for (String scenario : scenarios) {
            for (Approach approach : List.of(
                    Approach.SEED, Approach.GIT_BEST, Approach.MS_COLD, Approach.MS_WARM_REF, Approach.MS_WARM_FILE)) {
                md.append("| ")
                        .append(scenario)
                        .append(" | ")
                        .append(approach.label)
                        .append(" |");
                for (String size : sizes) {
                    md.append(summary(size, scenario, approach)
                            .map(s -> String.format(Locale.ROOT, " %,.0f / %s |", s.wallMillis(), bytes(s.bytes())))
                            .orElse(" – |"));
                }
                md.append('\n');
            }
        }
        return md.append('\n').toString();
    }

    /** The three targets, each met or not, with the numbers. */
    String targets() {
        StringBuilder md = new StringBuilder("### Targets\n\n");
        for (String size : sizes) {
            Optional<Summary> lsRemote = summary(size, "nothing", Approach.GIT_LS_REMOTE_X2);
            for (Approach approach : List.of(Approach.MS_WARM_FILE, Approach.MS_WARM_REF)) {
                summary(size, "nothing", approach).ifPresent(s -> {
                    boolean objectsOk = s.packs() == 0 && s.objects() == 0;
                    boolean advOk = s.advertisements() == 2;
                    double factor =
                            lsRemote.map(l -> s.wallMillis() / l.wallMillis()).orElse(Double.NaN);
                    md.append(String.format(
                            Locale.ROOT,
                            "- %s, nothing changed, %s: %.0f advertisements, %.0f packs, "
                                    + "%.0f ms = %.2f× two `git ls-remote` (%.0f ms): %s%n",
                            size,
                            approach.label,
                            s.advertisements(),
                            s.packs(),
                            s.wallMillis(),
                            factor,
                            lsRemote.map(Summary::wallMillis).orElse(Double.NaN),
                            verdict(
                                    objectsOk && advOk && factor <= 2.0,
                                    objectsOk ? (advOk ? "" : "extra advertisement") : "objects transferred")));
                });
            }
        }
        for (String size : sizes) {
            for (String scenario : scenarios) {
                if (!scenario.startsWith("ahead-")) {
                    continue;
                }
                Optional<Summary> best = summary(size, scenario, Approach.GIT_BEST);
                for (Approach approach : List.of(Approach.MS_WARM_FILE, Approach.MS_WARM_REF)) {
                    Optional<Summary> ms = summary(size, scenario, approach);
                    if (best.isEmpty() || ms.isEmpty()) {
                        continue;
                    }
                    double factor = ms.get().wallMillis() / best.get().wallMillis();
                    boolean objects = ms.get().objects() <= best.get().objects();
                    md.append(String.format(
                            Locale.ROOT,
                            "- %s, %s, %s: %.0f ms = %.2f× plain git's best (%.0f ms); objects"
                                    + " %,.0f vs git %,.0f, bytes %s vs %s: %s%n",
                            size,
                            scenario,
                            approach.label,
                            ms.get().wallMillis(),
                            factor,
                            best.get().wallMillis(),
                            ms.get().objects(),
                            best.get().objects(),
                            bytes(ms.get().bytes()),
                            bytes(best.get().bytes()),
                            verdict(factor <= 1.5 && objects, objects ? "" : "more objects than git")));
                }
            }
        }
        if (!sizes.isEmpty()) {
            String largest = sizes.get(sizes.size() - 1);
            for (String scenario : scenarios) {
                Optional<Summary> seed = summary(largest, scenario, Approach.SEED);
                for (Approach approach :
                        List.of(Approach.MS_WARM_FILE, Approach.MS_WARM_REF, Approach.MS_COLD, Approach.MS_CLI)) {
                    Optional<Summary> ms = summary(largest, scenario, approach);
                    if (seed.isEmpty() || ms.isEmpty()) {
                        continue;
                    }
                    double speedup = seed.get().wallMillis() / ms.get().wallMillis();
                    md.append(String.format(
                            Locale.ROOT,
                            "- %s (largest), %s, %s: seed %.0f ms / %.0f ms = %.1f× faster: %s%n",
                            largest,
                            scenario,
                            approach.label,
                            seed.get().wallMillis(),
                            ms.get().wallMillis(),
                            speedup,
                            approach == Approach.MS_WARM_FILE || approach == Approach.MS_WARM_REF
                                    ? verdict(speedup >= 10, "")
                                    : "(for information)"));
                }
            }
        }
        return md.append('\n').toString();
    }

    private static String verdict(boolean met, String why) {
        return met ? "**met**" : "**not met**" + (why.isEmpty() ? "" : " (" + why + ")");
    }

    private static String ratio(double numerator, double denominator) {
        return denominator <= 0 ? "–" : String.format(Locale.ROOT, "%.2f", numerator / denominator);
    }

    static String bytes(double value) {
        if (value >= 1 << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", value / (1 << 20));
        }
        if (value >= 1 << 10) {
            return String.format(Locale.ROOT, "%.1f KiB", value / (1 << 10));
        }
        return String.format(Locale.ROOT, "%.0f B", value);
    }
}
