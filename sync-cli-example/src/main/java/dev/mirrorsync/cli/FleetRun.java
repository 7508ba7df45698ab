package dev.mirrorsync.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorsync.core.Direction;
import dev.mirrorsync.core.DivergencePolicy;
import dev.mirrorsync.core.SyncReport;
import dev.mirrorsync.core.SyncRequest;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * {@code sync --config FILE}: every pair of a fleet, at most {@code --parallel} at a time, each with its own cache
 * ({@code <cache root>/<pair name>}), tracker and state. A pair that fails (a configuration error of its own, a
 * network failure) is reported and never keeps the others from running; the exit code is the worst of all pairs.
 */
final class FleetRun {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One pair's end: its report when it ran, or the error that stopped it, and its exit code. */
    record PairResult(String pair, Optional<SyncReport> report, Optional<String> error, int exitCode) {}

    private FleetRun() {}

    /** The options of the command line that every pair shares unless the file says otherwise. */
    record Shared(EngineOptions engine, Direction direction, DivergencePolicy policy, boolean dryRun) {}

    static int run(
            Console console,
            FleetConfig config,
            List<String> names,
            int parallel,
            Shared shared,
            boolean json,
            Optional<Path> metrics) {
        if (parallel < 1) {
            throw new IllegalArgumentException("--parallel must be at least 1, not " + parallel);
        }
        List<FleetConfig.PairConfig> pairs = config.select(names);
        List<PairResult> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, pairs.size()), runnable -> {
            Thread thread = new Thread(runnable, "mirror-sync-pair");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<PairResult>> running = new ArrayList<>();
            for (FleetConfig.PairConfig pair : pairs) {
                running.add(pool.submit(() -> runPair(console, pair, shared)));
            }
            for (int i = 0; i < running.size(); i++) {
                results.add(outcome(pairs.get(i), running.get(i)));
            }
        } finally {
            pool.shutdownNow();
        }
        int worst = ExitCodes.OK;
        for (PairResult result : results) {
            worst = ExitCodes.worse(worst, result.exitCode());
        }
        metrics.ifPresent(file -> Metrics.write(
                file, results.stream().flatMap(r -> r.report().stream()).toList(), Instant.now()));
        print(results, worst, json, console.out());
        return worst;
    }

    private static PairResult outcome(FleetConfig.PairConfig pair, Future<PairResult> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PairResult(pair.name(), Optional.empty(), Optional.of("interrupted"), ExitCodes.FAILURE);
        } catch (ExecutionException e) {
            Exception cause = e.getCause() instanceof Exception ex ? ex : new IllegalStateException(e.getCause());
            return new PairResult(
                    pair.name(), Optional.empty(), Optional.of(Main.message(cause)), Main.exitCode(cause));
        }
    }

    /** One pair, start to end; its exceptions become its own result. */
    private static PairResult runPair(Console console, FleetConfig.PairConfig config, Shared shared) {
        try {
            PairOptions pair = pairOptions(config);
            EngineOptions engine = engineOptions(config, shared.engine());
            SyncRequest request = SyncRequest.builder()
                    .direction(config.direction()
                            .map(d -> new Choices.DirectionConverter().convert(d))
                            .orElse(shared.direction()))
                    .divergencePolicy(config.onDivergence()
                            .map(p -> new Choices.PolicyConverter().convert(p))
                            .orElse(shared.policy()))
                    .dryRun(shared.dryRun())
                    .build();
            try (Session session = Session.open(console, pair, engine, true, false)) {
                SyncReport report = pair.withTokenAdvice(
                        session.mirrorSync().sync(session.pair(), request), session.pair(), console);
                return new PairResult(config.name(), Optional.of(report), Optional.empty(), ExitCodes.of(report));
            }
        } catch (RuntimeException e) {
            return new PairResult(config.name(), Optional.empty(), Optional.of(Main.message(e)), Main.exitCode(e));
        }
    }

    private static PairOptions pairOptions(FleetConfig.PairConfig config) {
        PairOptions pair = new PairOptions();
        pair.name = config.name();
        pair.privateUrl = config.privateUrl();
        pair.publicUrl = config.publicUrl();
        pair.branches = new ArrayList<>(config.branches());
        pair.excludes = new ArrayList<>(config.exclude());
        pair.allBranches = config.allBranches();
        pair.tags = config.tags();
        pair.privateTokenEnv = config.privateTokenEnv().orElse(PairOptions.PRIVATE_TOKEN_ENV);
        pair.publicTokenEnv = config.publicTokenEnv().orElse(PairOptions.PUBLIC_TOKEN_ENV);
        return pair;
    }

    /** The command line's engine options with the pair's own; its cache is its own directory under the cache root. */
    private static EngineOptions engineOptions(FleetConfig.PairConfig config, EngineOptions shared) {
        EngineOptions engine = new EngineOptions();
        engine.backend = shared.backend;
        engine.state = config.state().orElse(shared.state);
        engine.tracker = config.tracker().orElse(shared.tracker);
        engine.trackerEndpoint = shared.trackerEndpoint;
        engine.trackerTokenEnv = config.trackerTokenEnv().orElse(shared.trackerTokenEnv);
        engine.trackerPath = shared.trackerPath;
        engine.maxRetryWait = shared.maxRetryWait;
        engine.cache = shared.cache == null
                ? null
                : Path.of(shared.cache).resolve(config.name().replace('/', '_')).toString();
        return engine;
    }

    private static void print(List<PairResult> results, int worst, boolean json, PrintWriter out) {
        if (!json) {
            for (PairResult result : results) {
                Consumer<String> line = text -> out.println("[" + result.pair() + "] " + text);
                result.report().ifPresent(report -> {
                    report.branches().forEach(b -> line.accept(ReportPrinter.line(b)));
                    report.tags().forEach(t -> line.accept(ReportPrinter.line(t)));
                });
                result.error().ifPresent(error -> line.accept("error: " + error));
            }
            out.flush();
            return;
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("exitCode", worst);
        ArrayNode pairs = root.putArray("pairs");
        try {
            for (PairResult result : results) {
                ObjectNode node = result.report().isPresent()
                        ? (ObjectNode)
                                JSON.readTree(ReportPrinter.json(result.report().get()))
                        : JSON.createObjectNode().put("pair", result.pair());
                node.put("exitCode", result.exitCode());
                result.error().ifPresent(error -> node.put("error", error));
                pairs.add(node);
            }
            out.println(JSON.writeValueAsString(root));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }
}
