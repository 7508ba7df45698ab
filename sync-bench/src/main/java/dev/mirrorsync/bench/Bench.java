package dev.mirrorsync.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The one entry point of {@code sync-bench.jar}: the end-to-end harness (default), {@code jmh} (JMH's own
 * command line, over the benchmarks in this jar), {@code ci} (a run in CI, {@link CiRun}), {@code plot} (redraw the
 * PNG from a results.csv) or {@code report} (write results.md again from a results.csv).
 */
public final class Bench {
    private Bench() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        List<String> list = Arrays.asList(args);
        if (!list.isEmpty() && list.get(0).equals("jmh")) {
            org.openjdk.jmh.Main.main(list.subList(1, list.size()).toArray(String[]::new));
            return;
        }
        if (!list.isEmpty() && list.get(0).equals("ci")) {
            try {
                CiRun.main(list.subList(1, list.size()), System.out);
            } catch (IllegalArgumentException e) {
                System.err.println(e.getMessage());
                System.exit(2);
            }
            return;
        }
        if (!list.isEmpty() && list.get(0).equals("report")) {
            if (list.size() != 3) {
                System.err.println(BenchConfig.USAGE);
                System.exit(2);
            }
            Files.writeString(
                    Path.of(list.get(2)), Report.read(Path.of(list.get(1))).markdown());
            return;
        }
        if (!list.isEmpty() && list.get(0).equals("plot")) {
            if (list.size() != 3) {
                System.err.println(BenchConfig.USAGE);
                System.exit(2);
            }
            CostPlot.write(Report.read(Path.of(list.get(1))), Path.of(list.get(2)));
            return;
        }
        BenchConfig config;
        try {
            config = BenchConfig.parse(list);
        } catch (BenchConfig.UsageException | IllegalArgumentException e) {
            if (e.getMessage() != null && !e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            System.err.println(BenchConfig.USAGE);
            System.exit(2);
            return;
        }
        Report report = run(config, System.out);
        System.out.println();
        System.out.println(config.shell() ? report.shellSummary() : report.targets());
        System.out.println("results: " + config.out().resolve("results.md") + ", "
                + config.out().resolve("results.csv") + ", plot: " + config.plot());
    }

    /** Runs the harness and writes results.csv, results.md and the plot. */
    static Report run(BenchConfig config, PrintStream log) throws Exception {
        String machine = machine();
        log.println("mirror-sync end-to-end benchmark, " + Instant.now());
        log.println(machine);
        log.println("sizes " + config.sizes().stream().map(RepoSize::describe).toList() + ", " + config.reps()
                + " reps, scenarios "
                + config.scenarios().stream().map(Scenario::id).toList()
                + ", CLI jar " + config.cliJar().map(Path::toString).orElse("none"));
        if (!GitHttpServer.available()) {
            throw new IllegalStateException("lighttpd is missing: apt-get install -y lighttpd");
        }
        List<Measurement> results = new EndToEnd(config, log).run();
        Report report = new Report(results);
        Files.createDirectories(config.out());
        report.writeCsv(config.out().resolve("results.csv"));
        String md = "## Results\n\n" + machine + "\n\n" + report.markdown();
        Files.writeString(config.out().resolve("results.md"), md);
        if (!config.shell()) {
            CostPlot.write(report, config.plot()); // its lines are the in-process approaches
        }
        return report;
    }

    static String machine() {
        Runtime runtime = Runtime.getRuntime();
        double[] load =
                new double[] {ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()};
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .orElse(cpu);
        } catch (IOException e) {
            // not Linux
        }
        String git = Processes.git(Path.of("."), "--version");
        return String.format(
                Locale.ROOT,
                "machine: %s, %d CPUs, %d MiB max heap, Java %s, %s, load average %.2f at start",
                cpu,
                runtime.availableProcessors(),
                runtime.maxMemory() >> 20,
                System.getProperty("java.version"),
                git,
                load[0]);
    }
}
