package dev.mirrorsync.cli;

import dev.mirrorsync.core.SyncReport;
import dev.mirrorsync.core.SyncRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mirror-sync status}: what a sync would find and do; changes nothing and files nothing. */
@Command(
        name = "status",
        description = "Show each branch's state and what a sync would do: read-only, files nothing, and"
                + " agrees with sync --dry-run given the same --state, --cache and --name.",
        exitCodeListHeading = "%nExit codes (those of sync --dry-run):%n",
        exitCodeList = {ExitCodes.OK_PLANNED, ExitCodes.FAILED, ExitCodes.BAD_USAGE, ExitCodes.HUMAN})
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Mixin
    PairOptions pair;

    @Mixin
    StoreOptions store;

    @Mixin
    OutputOptions output;

    @Option(
            names = "--metrics",
            paramLabel = "FILE",
            description =
                    "Also write each branch's lag, state and last success as OpenMetrics text to FILE (replaced atomically).")
    Path metrics;

    @Override
    public Integer call() {
        Console console = main.console();
        try (Session session = Session.open(console, pair, EngineOptions.withoutTracker(store), false, false)) {
            SyncReport report = session.mirrorSync().plan(session.pair(), SyncRequest.defaults());
            report = pair.withTokenAdvice(report, session.pair(), console);
            if (metrics != null) {
                Metrics.write(metrics, List.of(report), Instant.now());
            }
            ReportPrinter.print(report, output.json, console.out());
            return ExitCodes.of(report);
        }
    }
}
