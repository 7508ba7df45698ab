package dev.mirrorsync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The end-to-end harness's options.
 *
 * @param sizes repository sizes, smallest first
 * @param reps timed runs of every (scenario, approach) per size; medians are reported
 * @param heavyReps timed runs of the two approaches that transfer the whole history (the seed's jobs, a cold cache)
 * @param scenarios what the runs find
 * @param work where repositories, caches and clones live; generated histories are kept here and reused
 * @param out where results.csv, results.md and the plot go
 * @param plot the PNG of cost against size
 * @param cliJar the mirror-sync CLI's shaded jar for the one {@code java -jar} run per scenario, if any
 * @param shell from the shell only: every approach is a process the user could start (the seed's jobs, plain git,
 *     the CLI with each backend, warm and cold), every repetition; nothing in-process
 * @param transports how the two sides are reached: C git's smart HTTP (counted by the proxy) and/or local paths
 * @param repo a user's clone to use as the history instead of the generated sizes
 * @param only when not empty, the approaches to run (the others are skipped): for a focused comparison
 */
record BenchConfig(
        List<RepoSize> sizes,
        int reps,
        int heavyReps,
        List<Scenario> scenarios,
        Path work,
        Path out,
        Path plot,
        Optional<Path> cliJar,
        boolean shell,
        List<Transport> transports,
        Optional<Path> repo,
        List<Approach> only) {

    /** How the harness reaches the two sides. */
    enum Transport {
        /** C git's git-http-backend behind lighttpd, through the counting proxy. */
        HTTP,
        /** The bare repositories' paths (no proxy: bytes and requests are not counted). */
        LOCAL
    }

    static final String USAGE = String.join(
            "\n",
            "usage: java -jar sync-bench/target/sync-bench.jar [options]       end-to-end: seed jobs, plain git, mirror-sync",
            "       java -jar sync-bench/target/sync-bench.jar jmh [JMH args]  JMH: planner, ancestry on deep histories",
            "       java -jar sync-bench/target/sync-bench.jar ci [options]    a run in CI (ci --help)",
            "       java -jar sync-bench/target/sync-bench.jar plot RESULTS.csv OUT.png",
            "       java -jar sync-bench/target/sync-bench.jar report RESULTS.csv OUT.md",
            "options:",
            "  --sizes tiny,small,medium,large|COMMITSxFILES   (default small,medium,large)",
            "  --reps N              timed runs per scenario and approach (default 2)",
            "  --heavy-reps N        of those, for the seed's jobs and the cold cache (full transfers; default 1)",
            "  --ks 1,10,1000        new commits on private for the fast-forward scenarios",
            "  --diverged N          commits on each side for the divergence report (default 100; 0 skips it)",
            "  --branches N          branches for the many-branches scenario (default 20; 0 skips it)",
            "  --work DIR            scratch space; generated histories are cached here (default sync-bench/target/bench-work)",
            "  --out DIR             results.csv, results.md (default sync-bench/target/bench-results)",
            "  --plot FILE           the PNG (default OUT/bench-cost-vs-size.png)",
            "  --cli-jar JAR|none    the mirror-sync CLI jar (default: sync-cli-example/target/sync-cli-example-*.jar if built)",
            "  --shell               processes only, as a user runs them: seed jobs, plain git, the CLI with",
            "                        --backend jgit and git, warm and cold (JVM start included), every repetition",
            "  --transport http,local   how the sides are reached (default http; local: the repositories' paths)",
            "  --repo PATH           a clone to use as the history (its HEAD branch becomes main) instead of --sizes",
            "  --only A,B            run only these approaches (names as in results.csv, e.g. MS_WARM_REF,MS_WARM_FILE)");

    static BenchConfig parse(List<String> args) {
        List<RepoSize> sizes = List.of(RepoSize.SMALL, RepoSize.MEDIUM, RepoSize.LARGE);
        // small enough for a few minutes on two idle cores; BENCHMARKS.md's numbers used --reps 3 --heavy-reps 2
        int reps = 2;
        int heavyReps = 1;
        List<Integer> ks = List.of(1, 10, 1000);
        int diverged = 100;
        int branches = 20;
        Path base = Files.isDirectory(Path.of("sync-bench")) ? Path.of("sync-bench", "target") : Path.of("target");
        Path work = base.resolve("bench-work");
        Path out = base.resolve("bench-results");
        Path plot = null;
        String cli = null;
        boolean shell = false;
        List<Transport> transports = List.of(Transport.HTTP);
        Path repo = null;
        List<Approach> only = List.of();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String value = i + 1 < args.size() ? args.get(i + 1) : null;
            switch (arg) {
                case "--sizes" ->
                    sizes = split(require(arg, value)).stream()
                            .map(RepoSize::parse)
                            .toList();
                case "--reps" -> reps = Integer.parseInt(require(arg, value));
                case "--heavy-reps" -> heavyReps = Integer.parseInt(require(arg, value));
                case "--ks" ->
                    ks = split(require(arg, value)).stream()
                            .map(Integer::parseInt)
                            .toList();
                case "--diverged" -> diverged = Integer.parseInt(require(arg, value));
                case "--branches" -> branches = Integer.parseInt(require(arg, value));
                case "--work" -> work = Path.of(require(arg, value));
                case "--out" -> out = Path.of(require(arg, value));
                case "--plot" -> plot = Path.of(require(arg, value));
                case "--cli-jar" -> cli = require(arg, value);
                case "--shell" -> {
                    shell = true;
                    i--; // a flag: no value
                }
                case "--transport" ->
                    transports = split(require(arg, value)).stream()
                            .map(t -> Transport.valueOf(t.toUpperCase(Locale.ROOT)))
                            .toList();
                case "--only" ->
                    only = split(require(arg, value)).stream()
                            .map(a -> Approach.valueOf(a.toUpperCase(Locale.ROOT)))
                            .toList();
                case "--repo" -> repo = Path.of(require(arg, value)).toAbsolutePath();
                case "--help", "-h" -> throw new UsageException("");
                default -> throw new UsageException("unknown option " + arg);
            }
            i++;
        }
        if (reps < 1 || heavyReps < 1) {
            throw new UsageException("--reps and --heavy-reps must be at least 1");
        }
        if (repo != null && !Files.isDirectory(repo)) {
            throw new UsageException("--repo " + repo + " is not a directory: point it at a git clone");
        }
        Optional<Path> jar =
                cli == null ? findCliJar() : cli.equals("none") ? Optional.empty() : Optional.of(Path.of(cli));
        if (shell && jar.isEmpty()) {
            throw new UsageException("--shell times the CLI: build it first (mvn -B -ntp -DskipTests package) or give"
                    + " --cli-jar JAR");
        }
        return new BenchConfig(
                sizes,
                reps,
                Math.min(reps, heavyReps),
                Scenario.defaults(ks, diverged, branches),
                work.toAbsolutePath(),
                out.toAbsolutePath(),
                (plot == null ? out.resolve("bench-cost-vs-size.png") : plot).toAbsolutePath(),
                jar.map(Path::toAbsolutePath),
                shell,
                transports,
                Optional.ofNullable(repo),
                only);
    }

    private static String require(String option, String value) {
        if (value == null) {
            throw new UsageException(option + " needs a value");
        }
        return value;
    }

    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                parts.add(part.strip());
            }
        }
        return parts;
    }

    static Optional<Path> findCliJar() {
        Path dir = Path.of("sync-cli-example", "target");
        if (!Files.isDirectory(dir)) {
            dir = Path.of("..", "sync-cli-example", "target");
        }
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (var files = Files.list(dir)) {
            return files.filter(f -> {
                        String name = f.getFileName().toString();
                        return name.startsWith("sync-cli-example-")
                                && name.endsWith(".jar")
                                && !name.endsWith("-sources.jar")
                                && !name.endsWith("-tests.jar")
                                && !name.startsWith("original-");
                    })
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A bad command line: the message, then the usage. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
