package dev.mirrorsync.cli;

import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.MirrorSyncException.Reason;
import dev.mirrorsync.github.actions.JobSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code mirror-sync summary}: the GitHub Action's job summary, in Markdown, from a run's {@code --json} report.
 * Hidden from the help: action/run.sh calls it, so the script needs no JSON tool and tests run the same path.
 */
@Command(
        name = "summary",
        hidden = true,
        description = "Print the Markdown job summary of a run from its --json report (used by the GitHub Action).")
final class SummaryCommand implements Callable<Integer> {
    /** A report is one JSON object of a few kilobytes per branch; anything this large is not one. */
    private static final long MAX_REPORT_BYTES = 16L * 1024 * 1024;

    @ParentCommand
    Main main;

    @Option(
            names = "--report",
            required = true,
            paramLabel = "FILE",
            description = "What sync|status|resolve --json printed.")
    Path report;

    @Option(
            names = "--exit-code",
            required = true,
            paramLabel = "N",
            description = "The exit code that run ended with.")
    int exitCode;

    @Override
    public Integer call() {
        String json;
        try {
            if (Files.size(report) > MAX_REPORT_BYTES) {
                throw new MirrorSyncException(
                        Reason.INVALID_INPUT,
                        "--report " + report + " is over " + MAX_REPORT_BYTES
                                + " bytes: it is not a mirror-sync report");
            }
            json = Files.readString(report, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MirrorSyncException(
                    Reason.INVALID_INPUT,
                    "cannot read --report " + report + ": " + e.getClass().getSimpleName(),
                    e);
        }
        Console console = main.console();
        console.out().print(JobSummary.render(json, exitCode));
        console.out().flush();
        return ExitCodes.OK;
    }
}
