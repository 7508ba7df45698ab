package dev.mirrorsync.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mirror-sync completion}: prints a bash completion script (zsh loads it through {@code bashcompinit}). */
@Command(
        name = "completion",
        description = {
            "Print a completion script for bash and zsh. bash: source <(mirror-sync completion)",
            "zsh: autoload -U +X bashcompinit && bashcompinit && source <(mirror-sync completion)"
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the script was printed"})
final class CompletionCommand implements Callable<Integer> {
    @ParentCommand
    Main main;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        main.console().out().print(AutoComplete.bash(root.getCommandName(), root));
        main.console().out().flush();
        return ExitCodes.OK;
    }
}
