package dev.mirrorsync.cli;

import dev.mirrorsync.github.actions.FleetPair;
import dev.mirrorsync.github.actions.FleetWorkflow;
import dev.mirrorsync.github.actions.SyncWorkflows;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mirror-sync workflows}: writes the three GitHub Actions workflows that replace the hand-written jobs. */
@Command(
        name = "workflows",
        description = {
            "Write the GitHub Actions workflows for a pair: a daily safety net both ways and a sync on every push to a",
            "synced branch on either side, each using mirror-sync's action; then print which secret goes where."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the workflows were written", "1:a file could not be written", ExitCodes.BAD_USAGE})
final class WorkflowsCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Option(
            names = "--private",
            paramLabel = "OWNER/REPO",
            description = "The private repository on GitHub (required, unless --config).")
    String privateRepository;

    @Option(
            names = "--public",
            paramLabel = "OWNER/REPO",
            description = "The public repository on GitHub (required, unless --config).")
    String publicRepository;

    @Option(names = "--branch", paramLabel = "NAME", description = "A branch to sync (repeatable; default: main).")
    List<String> branches = new ArrayList<>();

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Where to write the files (DIR/private/…, DIR/public/…).")
    Path out;

    @Option(names = "--force", description = "Replace existing files that differ.")
    boolean force;

    @Option(
            names = "--action-ref",
            paramLabel = "REF",
            description =
                    "The tag or commit of mirror-sync's action the workflows pin (default: this release's tag, v<version>).")
    String actionRef;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "A fleet file (as sync --config): write one workflow that runs every pair as a matrix job instead.")
    Path config;

    @Option(
            names = "--max-parallel",
            paramLabel = "N",
            defaultValue = "4",
            description = "With --config: how many pairs' jobs run at once (default: ${DEFAULT-VALUE}).")
    int maxParallel;

    @Override
    public Integer call() {
        if (config != null) {
            return fleet();
        }
        if (privateRepository == null || publicRepository == null) {
            throw new IllegalArgumentException("Missing required option: "
                    + (privateRepository == null ? "'--private=OWNER/REPO'" : "'--public=OWNER/REPO'")
                    + " (or write a fleet's workflow with --config FILE)");
        }
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

    /** One matrix workflow for the fleet: a job per pair, its tokens from the secrets its variables name. */
    private int fleet() {
        if (privateRepository != null || publicRepository != null || !branches.isEmpty()) {
            throw new IllegalArgumentException("--config FILE lists the pairs: drop --private, --public and --branch");
        }
        FleetWorkflow.Builder builder = FleetWorkflow.builder().maxParallel(maxParallel);
        for (FleetConfig.PairConfig pair : FleetConfig.read(config).pairs()) {
            List<String> selected = new ArrayList<>(pair.branches());
            if (pair.allBranches()) {
                selected.add("**");
            }
            builder.addPairs(FleetPair.builder()
                    .name(pair.name())
                    .privateRepository(pair.privateUrl())
                    .publicRepository(pair.publicUrl())
                    .branches(selected)
                    .exclude(pair.exclude())
                    .tags(pair.tags())
                    .privateTokenSecret(pair.privateTokenEnv().orElse(PairOptions.PRIVATE_TOKEN_ENV))
                    .publicTokenSecret(pair.publicTokenEnv().orElse(PairOptions.PUBLIC_TOKEN_ENV))
                    .build());
        }
        if (actionRef != null) {
            builder.actionRef(actionRef);
        }
        Path written = builder.build().writeTo(out, force);
        Console console = main.console();
        console.out().println("wrote " + written);
        console.out().println();
        console.out()
                .println("Commit it to the repository that runs the fleet, and set each pair's token secrets there"
                        + " (the variable names of the fleet file are the secret names).");
        console.out().flush();
        return ExitCodes.OK;
    }
}
