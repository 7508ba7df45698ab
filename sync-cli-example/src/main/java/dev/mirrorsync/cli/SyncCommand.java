package dev.mirrorsync.cli;

import dev.mirrorsync.core.Direction;
import dev.mirrorsync.core.DivergencePolicy;
import dev.mirrorsync.core.SyncReport;
import dev.mirrorsync.core.SyncRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mirror-sync sync}: one run over the pair: fast-forward what can be, report what cannot. */
@Command(name = "sync", description = "Sync the branches of a private and a public repository, both ways, with leases.")
final class SyncCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Mixin
    PairOptions pair;

    @Mixin
    EngineOptions engine;

    @Mixin
    OutputOptions output;

    @Option(names = "--direction", paramLabel = "both|to-public|to-private", defaultValue = "both",
            converter = Choices.DirectionConverter.class,
            description = "Which side this run may update; a needed update the other way is reported as pending (default: ${DEFAULT-VALUE}).")
    Direction direction;

    @Option(names = "--on-divergence", paramLabel = "report|prefer-private|prefer-public", defaultValue = "report",
            converter = Choices.PolicyConverter.class,
            description = "What to do when both sides have commits of their own; a preferring policy writes a backup ref first (default: ${DEFAULT-VALUE}).")
    DivergencePolicy policy;

    @Option(names = "--dry-run", description = "Observe and plan only: no push, no issue, no watermark.")
    boolean dryRun;

    @Override
    public Integer call() {
        Console console = main.console();
        SyncRequest request = SyncRequest.builder().direction(direction).divergencePolicy(policy).dryRun(dryRun).build();
        try (Session session = Session.open(console, pair, engine, true, console.interactive() && !output.json)) {
            SyncReport report = session.mirrorSync().sync(session.pair(), request);
            ReportPrinter.print(report, output.json, console.out());
            return ExitCodes.of(report);
        }
    }
}
