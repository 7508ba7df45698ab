package dev.mirrorsync.bench;

import dev.mirrorsync.core.CacheDirectory;
import dev.mirrorsync.core.SyncStateStores;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * "A run in CI" ({@code sync-bench.jar ci}): what one scheduled or pull-request run of the GitHub Action costs on a
 * fresh runner, against the seed's jobs on the same start. Every approach is one shell script timed from outside,
 * JVM start included, over C git's smart HTTP behind the {@link CountingProxy}, each on its own fresh change of
 * {@code --new} commits on private (new objects every time), interleaved, with medians over {@code --reps}:
 *
 * <ul>
 *   <li>{@code seed}: the seed's jobs: a full clone of private, a fetch of public, a push ({@link EndToEnd#seedScript});
 *   <li>{@code ci}: what the action does on a new runner: the cache restored from the tar {@code actions/cache}
 *       keeps (the previous run's), then {@code java -jar} the CLI with the class-data-sharing archive the action keeps
 *       beside it ({@code cds.sh});
 *   <li>{@code ci-no-cds}: the same without the archive;
 *   <li>{@code warm}: the CLI with the cache already on disk (a long-lived machine), the archive used: the bytes a
 *       restored run should move;
 *   <li>{@code cold}: the CLI on an empty cache (a runner without a kept cache).
 * </ul>
 *
 * Before the timed runs one untimed CLI run fills a cache, which is tarred as {@code actions/cache} would save it;
 * after every run both sides and the watermark go back to the tips they agreed on, so the tar always holds what the
 * "previous run" left. A benchmark, not a test: it prints a Markdown table and asserts only that each run synced.
 */
final class CiRun {
    static final String USAGE = String.join(
            "\n",
            "usage: java -jar sync-bench/target/sync-bench.jar ci [options]    a run in CI: cache restored from a tar vs the seed's jobs",
            "  --size COMMITSxFILES|preset   the generated history (default 50000x4000)",
            "  --new N                       new commits on private per run (default 10)",
            "  --reps N                      timed runs per approach (default 3)",
            "  --work DIR                    scratch space; generated histories are kept here (default sync-bench/target/bench-work)",
            "  --cli-jar JAR                 the CLI jar (default sync-cli-example/target/sync-cli-example-*.jar)");

    private enum Way {
        SEED("seed's jobs (clone + fetch + push)"),
        CI("mirror-sync, cache restored from a tar, archive"),
        CI_NO_CDS("mirror-sync, cache restored from a tar, no archive"),
        WARM("mirror-sync, cache on disk (warm), archive"),
        COLD("mirror-sync, empty cache");

        final String label;

        Way(String label) {
            this.label = label;
        }
    }

    private record Result(Way way, double wallMillis, CountingProxy.Counts counts, boolean ok, String detail) {}

    private final RepoSize size;
    private final int fresh;
    private final int reps;
    private final Path work;
    private final Path cliJar;
    private final PrintStream log;
    private long clock = 1_750_000_000L;
    private int tag;

    private CiRun(RepoSize size, int fresh, int reps, Path work, Path cliJar, PrintStream log) {
        this.size = size;
        this.fresh = fresh;
        this.reps = reps;
        this.work = work;
        this.cliJar = cliJar;
        this.log = log;
    }

    static void main(List<String> args, PrintStream log) throws Exception {
        RepoSize size = RepoSize.parse("50000x4000");
        int fresh = 10;
        int reps = 3;
        Path base = Files.isDirectory(Path.of("sync-bench")) ? Path.of("sync-bench", "target") : Path.of("target");
        Path work = base.resolve("bench-work");
        Path jar = BenchConfig.findCliJar().orElse(null);
        for (int i = 0; i < args.size(); i++) {
            String value = i + 1 < args.size() ? args.get(i + 1) : null;
            if (args.get(i).equals("--help")) {
                throw new IllegalArgumentException(USAGE);
            }
            if (value == null) {
                throw new IllegalArgumentException(args.get(i) + " needs a value\n" + USAGE);
            }
            switch (args.get(i)) {
                case "--size" -> size = RepoSize.parse(value);
                case "--new" -> fresh = Integer.parseInt(value);
                case "--reps" -> reps = Integer.parseInt(value);
                case "--work" -> work = Path.of(value);
                case "--cli-jar" -> jar = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + args.get(i) + "\n" + USAGE);
            }
            i++;
        }
        if (jar == null || !Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(
                    "no CLI jar: build it (mvn -B -ntp -DskipTests package) or give --cli-jar\n" + USAGE);
        }
        new CiRun(size, fresh, reps, work.toAbsolutePath(), jar.toAbsolutePath(), log).run();
    }

    private void run() throws IOException, InterruptedException {
        log.println("a run in CI, " + size.describe() + ", " + fresh + " new commits per run, " + reps + " reps");
        log.println(Bench.machine());
        Path dir = work.resolve("ci-" + size.name());
        EndToEnd.deleteTree(dir);
        Path repos = Files.createDirectories(dir.resolve("repos"));
        Path pristine = EndToEnd.pristine(work, size, log);
        Path priv = repos.resolve("private.git");
        Path pub = repos.resolve("public.git");
        for (Path copy : List.of(priv, pub)) {
            Processes.git(repos, "clone", "--quiet", "--bare", "--local", pristine.toString(), copy.toString());
            Processes.git(copy, "remote", "remove", "origin");
            GitHttpServer.configure(copy);
        }
        // The CLI as the action starts it: a copy of the jar with its class-data-sharing archive beside it, and the
        // short run's JVM options (the launcher's scripts, which the action's run.sh shares).
        Path checkout = CliLauncher.checkoutOf(cliJar)
                .orElseThrow(() -> new IllegalStateException(cliJar + " is not in a checkout with the launcher"));
        String start = CliLauncher.install(checkout, cliJar, dir.resolve("cli")).command();

        try (GitHttpServer server = GitHttpServer.start(repos, dir);
                CountingProxy proxy = new CountingProxy(server.port())) {
            String privateUrl = "http://127.0.0.1:" + proxy.port() + "/git/private.git";
            String publicUrl = "http://127.0.0.1:" + proxy.port() + "/git/public.git";
            String base = Processes.git(priv, "rev-parse", "refs/heads/main");
            String sync =
                    " sync --private " + privateUrl + " --public " + publicUrl + " --branch main --tracker none --json";
            Path runner = dir.resolve("runner");
            Path cacheTar = dir.resolve("cache.tar");
            Path warmCache = dir.resolve("warm-cache");

            // The previous runs, each of which fast-forwarded public to base: they leave the cache that actions/cache
            // saves as a tar (and, once more, the warm machine's cache). Two of them, so that the kept cache is the one
            // every later run finds: a run on an empty cache fetches only the history beyond the watermark and leaves
            // the cache shallow, and the next run continues that cut with the commits beyond the new watermark (with
            // the git backend; a run that fetched whole histories leaves a whole cache). A run that found nothing
            // changed would fetch nothing.
            String parent = Processes.git(priv, "rev-parse", base + "^");
            for (Path cache : List.of(runner.resolve("cache"), warmCache)) {
                for (int previous = 0; previous < 2; previous++) {
                    resetTo(priv, pub, base);
                    Processes.run(pub, List.of("git", "update-ref", "refs/heads/main", parent));
                    Processes.run(
                            priv, List.of("git", "update-ref", SyncStateStores.WATERMARK_REF_PREFIX + "main", parent));
                    Processes.run(dir, List.of("sh", "-c", start + sync + " --cache " + cache + " >/dev/null"));
                    if (!base.equals(Processes.git(pub, "rev-parse", "refs/heads/main"))) {
                        throw new IllegalStateException("the previous run did not fast-forward public");
                    }
                }
                log.printf(
                        Locale.ROOT,
                        "  the kept cache %s is %s%n",
                        cache.getFileName(),
                        Files.exists(cache.resolve(CacheDirectory.SHALLOW)) ? "shallow" : "whole");
            }
            resetTo(priv, pub, base);
            Processes.run(dir, List.of("tar", "-cf", cacheTar.toString(), "-C", runner.toString(), "cache"));
            log.printf(Locale.ROOT, "  the kept cache: %,d bytes of tar%n", Files.size(cacheTar));

            List<Result> results = new ArrayList<>();
            Way[] ways = Way.values();
            for (int rep = 0; rep < reps; rep++) {
                for (int i = 0; i < ways.length; i++) {
                    Way way = ways[(i + rep) % ways.length];
                    EndToEnd.deleteTree(runner);
                    Files.createDirectories(runner);
                    String script = switch (way) {
                        case SEED -> EndToEnd.seedScript(privateUrl, publicUrl, false, List.of("main"));
                        case CI ->
                            restore(cacheTar, runner) + start + sync + " --cache " + runner.resolve("cache")
                                    + " > out.json\n";
                        case CI_NO_CDS ->
                            restore(cacheTar, runner) + "MIRROR_SYNC_NO_CDS=1 " + start + sync + " --cache "
                                    + runner.resolve("cache") + " > out.json\n";
                        case WARM -> start + sync + " --cache " + warmCache + " > out.json\n";
                        case COLD -> start + sync + " --cache " + runner.resolve("cache") + " > out.json\n";
                    };
                    String tip = HistoryGenerator.append(
                            priv,
                            "refs/heads/main",
                            base,
                            fresh,
                            String.format(Locale.ROOT, "ci-%s-%d", way.name().toLowerCase(Locale.ROOT), ++tag),
                            clock += 3_600);
                    Path file = runner.resolve("run.sh");
                    Files.writeString(file, script, StandardCharsets.UTF_8);
                    CountingProxy.Counts before = proxy.counts();
                    Processes.Timed timed = Processes.timedScript(runner, file, Map.of("HOME", runner.toString()));
                    CountingProxy.Counts counts = proxy.counts().minus(before);
                    boolean ok = timed.exit() == 0 && tip.equals(Processes.git(pub, "rev-parse", "refs/heads/main"));
                    Result result = new Result(
                            way,
                            timed.wallMillis(),
                            counts,
                            ok,
                            ok
                                    ? ""
                                    : "exit " + timed.exit() + ": "
                                            + timed.stderr().strip());
                    results.add(result);
                    log.printf(
                            Locale.ROOT,
                            "  rep %d %-52s %8.0f ms %,12d B to client %,10d B to server %3d requests %s%n",
                            rep,
                            way.label,
                            result.wallMillis(),
                            counts.bytesToClient(),
                            counts.bytesToServer(),
                            counts.requests(),
                            ok ? "ok" : "WRONG: " + result.detail());
                    resetTo(priv, pub, base);
                }
            }
            log.println();
            log.println(table(results));
        }
    }

    /** The action's restore step, as actions/cache does it: the tar of the previous run's cache, unpacked. */
    private static String restore(Path tar, Path runner) {
        return "tar -xf " + tar + " -C " + runner + "\n";
    }

    /** Both sides and the watermark back at {@code base}: what the previous run left. */
    private static void resetTo(Path priv, Path pub, String base) {
        Processes.run(
                priv,
                List.of("git", "update-ref", "--stdin"),
                ("update refs/heads/main " + base + "\nupdate " + SyncStateStores.WATERMARK_REF_PREFIX + "main " + base
                                + "\n")
                        .getBytes(StandardCharsets.UTF_8));
        Processes.run(
                pub,
                List.of("git", "update-ref", "--stdin"),
                ("update refs/heads/main " + base + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private String table(List<Result> results) {
        Map<Way, List<Result>> byWay = new LinkedHashMap<>();
        for (Way way : Way.values()) {
            byWay.put(way, results.stream().filter(r -> r.way() == way).toList());
        }
        double seed =
                median(byWay.get(Way.SEED).stream().map(Result::wallMillis).toList());
        double warmBytes = median(byWay.get(Way.WARM).stream()
                .map(r -> (double) r.counts().bytesToClient())
                .toList());
        StringBuilder md = new StringBuilder(String.format(
                Locale.ROOT,
                "| %s, %d new commits on private, medians of %d | wall ms (JVM start included) | × faster than the seed's"
                        + " | bytes fetched (to the runner) | ÷ a warm run's | bytes pushed | requests | ok |%n",
                size.describe(),
                fresh,
                reps));
        md.append("|---|---|---|---|---|---|---|---|\n");
        byWay.forEach((way, list) -> {
            double wall = median(list.stream().map(Result::wallMillis).toList());
            double fetched = median(
                    list.stream().map(r -> (double) r.counts().bytesToClient()).toList());
            double pushed = median(
                    list.stream().map(r -> (double) r.counts().bytesToServer()).toList());
            double requests = median(
                    list.stream().map(r -> (double) r.counts().requests()).toList());
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %.0f | %.1f× | %,.0f | %.2f | %,.0f | %.0f | %s |%n",
                    way.label,
                    wall,
                    seed / wall,
                    fetched,
                    fetched / warmBytes,
                    pushed,
                    requests,
                    list.stream().allMatch(Result::ok) ? "yes" : "NO"));
        });
        return md.toString();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
