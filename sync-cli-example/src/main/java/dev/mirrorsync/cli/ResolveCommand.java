package dev.mirrorsync.cli;

import dev.mirrorsync.core.ResolveRequest;
import dev.mirrorsync.core.ResolveStrategy;
import dev.mirrorsync.core.Side;
import dev.mirrorsync.core.SyncReport;
import dev.mirrorsync.core.spi.IssueTracker;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code mirror-sync resolve}: end a divergence in one command, safely. */
@Command(
        name = "resolve",
        description = "End a divergence: merge both tips in memory and push the merge to both sides,"
                + " or prefer one side after writing a backup ref of the other. Unrelated or rewritten branches also need"
                + " --accept-rewrite. The merge commit is the same for the same tips (its time is the later tip's author time),"
                + " so --dry-run shows the id that the real run pushes.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {ExitCodes.OK_RESOLVED, ExitCodes.FAILED, ExitCodes.BAD_USAGE, ExitCodes.HUMAN_UNRESOLVED})
final class ResolveCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Mixin
    PairOptions pair;

    @Mixin
    EngineOptions engine;

    @Mixin
    OutputOptions output;

    @Option(
            names = "--strategy",
            required = true,
            paramLabel = "merge|prefer-private|prefer-public",
            converter = Choices.StrategyConverter.class,
            description = "How to end the divergence.")
    ResolveStrategy strategy;

    @Option(
            names = "--accept-rewrite",
            description =
                    "Allow acting on an unrelated or rewritten branch (adopting or undoing a rewrite people made).")
    boolean acceptRewrite;

    @Option(
            names = "--via-pull-request",
            description =
                    "Push the merge to mirror-sync/resolve-<branch> and open a pull request instead of pushing to the branch (GitHub).")
    boolean viaPullRequest;

    @Option(names = "--dry-run", description = "Show exactly what would be pushed; push nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        if (viaPullRequest && strategy != ResolveStrategy.MERGE) {
            throw new IllegalArgumentException(
                    "--via-pull-request goes with --strategy merge: a preferring strategy moves a branch"
                            + " after a backup, which a pull request cannot express");
        }
        Console console = main.console();
        try (Session session =
                Session.open(console, pair, engine, true, console.interactive() && !output.json && !main.quiet())) {
            if (viaPullRequest && session.tracker().isEmpty()) {
                throw new IllegalArgumentException(
                        "--via-pull-request needs --tracker github:OWNER/REPO (the repository the pull request goes to)");
            }
            ResolveRequest request = ResolveRequest.builder()
                    .strategy(strategy)
                    .acceptRewrite(acceptRewrite)
                    .dryRun(dryRun)
                    .viaPullRequest(viaPullRequest)
                    .pullRequestSide(pullRequestSide(session))
                    .build();
            SyncReport report = session.mirrorSync().resolve(session.pair(), request);
            report = pair.withTokenAdvice(report, session.pair(), console);
            ReportPrinter.print(report, output.json, console.out());
            return ExitCodes.of(report);
        }
    }

    /** The side whose repository is the tracker's code host: pull requests are opened there. Otherwise, private. */
    private static Side pullRequestSide(Session session) {
        boolean publicHosted = session.tracker()
                .flatMap(IssueTracker::codeHost)
                .filter(host -> host.hosts(session.pair().publicRepo()))
                .isPresent();
        return publicHosted ? Side.PUBLIC : Side.PRIVATE;
    }
}
