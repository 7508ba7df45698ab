package dev.mirrorsync.cli;

import dev.mirrorsync.github.actions.SyncWorkflows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mirror-sync workflows}: writes the three GitHub Actions workflows that replace the hand-written jobs. */
@Command(name = "workflows", description = {
    "Write the GitHub Actions workflows for a pair: a daily safety net both ways and a sync on every push to a",
    "synced branch on either side, each using mirror-sync's action; then print which secret goes where."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the workflows were written", "1:a file could not be written", ExitCodes.BAD_USAGE})
final class WorkflowsCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(names = "--private", required = true, paramLabel = "OWNER/REPO", description = "The private repository on GitHub.")
    String privateRepository;

    @Option(names = "--public", required = true, paramLabel = "OWNER/REPO", description = "The public repository on GitHub.")
    String publicRepository;

    @Option(names = "--branch", paramLabel = "NAME", description = "A branch to sync (repeatable; default: main).")
    List<String> branches = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the files (DIR/private/…, DIR/public/…).")
    Path out;

    @Option(names = "--force", description = "Replace existing files that differ.")
    boolean force;

    @Option(names = "--action-ref", paramLabel = "REF",
            description = "The tag or commit of mirror-sync's action the workflows pin (default: this release's tag, v<version>).")
    String actionRef;

    @Override
    public Integer call() {
        SyncWorkflows.Builder builder = SyncWorkflows.builder()
                .privateRepository(privateRepository)
                .publicRepository(publicRepository)
                .branches(branches.isEmpty() ? List.of("main") : branches);
        if (actionRef != null) {
            builder.actionRef(actionRef);
        }
        SyncWorkflows workflows = builder.build();
        List<Path> written = workflows.writeTo(out, force);
        Console console = main.console();
        written.forEach(path -> console.out().println("wrote " + path));
        console.out().println();
        console.out().println(workflows.nextSteps(out));
        console.out().flush();
        return ExitCodes.OK;
    }
}
