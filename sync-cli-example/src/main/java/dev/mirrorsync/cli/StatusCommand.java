package dev.mirrorsync.cli;

import dev.mirrorsync.core.SyncReport;
import dev.mirrorsync.core.SyncRequest;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code mirror-sync status}: what a sync would find and do; changes nothing and files nothing. */
@Command(name = "status", description = "Show each branch's state and what a sync would do (read-only; exit codes as a dry run).")
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Mixin
    PairOptions pair;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        Console console = main.console();
        EngineOptions engine = new EngineOptions();
        engine.state = "ref";
        engine.tracker = "none";
        try (Session session = Session.open(console, pair, engine, false, false)) {
            SyncReport report = session.mirrorSync().plan(session.pair(), SyncRequest.defaults());
            ReportPrinter.print(report, output.json, console.out());
            return ExitCodes.of(report);
        }
    }
}
