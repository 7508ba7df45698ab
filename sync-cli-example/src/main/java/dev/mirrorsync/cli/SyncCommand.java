package dev.mirrorsync.cli;

import dev.mirrorsync.core.Direction;
import dev.mirrorsync.core.DivergencePolicy;
import dev.mirrorsync.core.MirrorPair;
import dev.mirrorsync.core.SyncReport;
import dev.mirrorsync.core.SyncRequest;
import dev.mirrorsync.github.actions.ActionsTrigger;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mirror-sync sync}: one run over the pair: fast-forward what can be, report what cannot. */
@Command(
        name = "sync",
        description = "Sync the branches of a private and a public repository, both ways, with leases.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            ExitCodes.OK_SYNCED,
            ExitCodes.OK_CHECKED,
            ExitCodes.FAILED,
            ExitCodes.FAILED_CHECK,
            ExitCodes.BAD_USAGE,
            ExitCodes.HUMAN
        })
final class SyncCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Mixin
    PairOptions pair;

    @Mixin
    EngineOptions engine;

    @Mixin
    OutputOptions output;

    @Option(
            names = "--direction",
            paramLabel = "both|to-public|to-private",
            defaultValue = "both",
            converter = Choices.DirectionConverter.class,
            description =
                    "Which side this run may update; a needed update the other way is reported as pending (default: ${DEFAULT-VALUE}).")
    Direction direction;

    @Option(
            names = "--on-divergence",
            paramLabel = "report|prefer-private|prefer-public",
            defaultValue = "report",
            converter = Choices.PolicyConverter.class,
            description =
                    "What to do when both sides have commits of their own; a preferring policy writes a backup ref first (default: ${DEFAULT-VALUE}).")
    DivergencePolicy policy;

    @Option(names = "--dry-run", description = "Observe and plan only: no push, no issue, no watermark.")
    boolean dryRun;

    @Option(
            names = "--check",
            description = {
                "Pre-flight, changing nothing: can each side be read, may each token push (a push connection is opened",
                "and closed, nothing sent), is a branch protected against the push (GitHub tracker on that repository), can the",
                "tracker file issues. Exit 0 when every check passes, 1 when something would fail, 2 for configuration."
            })
    boolean check;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "A fleet file (YAML): sync every pair it lists (or those named with --pair) instead of --private/--public.")
    Path config;

    @Option(names = "--pair", paramLabel = "NAME", description = "With --config: sync only this pair (repeatable).")
    List<String> pairNames = new ArrayList<>();

    @Option(
            names = "--parallel",
            paramLabel = "N",
            defaultValue = "1",
            description =
                    "With --config: how many pairs run at once (default: ${DEFAULT-VALUE}); each has its own cache under --cache.")
    int parallel;

    @Option(
            names = "--metrics",
            paramLabel = "FILE",
            description =
                    "Also write each branch's lag, state and last success as OpenMetrics text to FILE (replaced atomically).")
    Path metrics;

    @Override
    public Integer call() {
        Console console = main.console();
        if (config != null) {
            return fleet(console);
        }
        if (!pairNames.isEmpty()) {
            throw new IllegalArgumentException("--pair names a pair of a fleet file; give the file with --config FILE");
        }
        MirrorPair mirrorPair = pair.toPair(console);
        if (check) {
            if (dryRun) {
                throw new IllegalArgumentException(
                        "--check and --dry-run do not go together: --check already changes nothing");
            }
            Session.checkStateSpec(engine.state);
            return Preflight.run(
                    mirrorPair,
                    () -> Trackers.create(engine.tracker, engine, console),
                    direction,
                    engine.state.equals("ref"),
                    output.json,
                    console.out(),
                    (reason, message) -> pair.withTokenAdvice(reason, message, mirrorPair, console));
        }
        SyncRequest request = SyncRequest.builder()
                .direction(direction)
                .divergencePolicy(policy)
                .dryRun(dryRun)
                .build();
        Optional<ActionsTrigger> trigger = ActionsEvents.trigger(console, mirrorPair.branches());
        if (trigger.isPresent() && !trigger.get().shouldSync()) {
            ActionsEvents.printSkipped(trigger.get(), mirrorPair, output.json, console.out());
            return ExitCodes.OK;
        }
        try (Session session =
                Session.open(console, pair, engine, true, console.interactive() && !output.json && !main.quiet())) {
            SyncReport report = session.mirrorSync().sync(session.pair(), request);
            report = pair.withTokenAdvice(report, session.pair(), console);
            if (metrics != null) {
                Metrics.write(metrics, List.of(report), Instant.now());
            }
            ReportPrinter.print(report, output.json, console.out());
            return ExitCodes.of(report);
        }
    }

    private int fleet(Console console) {
        if (pair.privateUrl != null || pair.publicUrl != null || !pair.branches.isEmpty() || pair.name != null) {
            throw new IllegalArgumentException(
                    "--config FILE lists the pairs: drop --private, --public, --branch and --name"
                            + " (put them in the file)");
        }
        if (check) {
            throw new IllegalArgumentException(
                    "--check runs on one pair: give --private and --public instead of --config");
        }
        FleetConfig fleet = FleetConfig.read(config);
        return FleetRun.run(
                console,
                fleet,
                pairNames,
                parallel,
                new FleetRun.Shared(engine, direction, policy, dryRun),
                output.json,
                Optional.ofNullable(metrics));
    }
}
