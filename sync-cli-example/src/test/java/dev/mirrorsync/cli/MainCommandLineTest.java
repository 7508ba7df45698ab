package dev.mirrorsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The CLI builds only the picocli model a command line needs ({@link Main#commandLine}): the one subcommand it names,
 * none for {@code --version}, every one otherwise. What a user sees must not change with it.
 */
class MainCommandLineTest {
    private static final Map<String, CommandLine> ALL =
            Main.commandLine(new Main(null), new String[0]).getSubcommands();

    @Test
    void aNamedSubcommandGetsOnlyItsOwnModelWithTheSameHelp() {
        assertThat(ALL.keySet()).contains("sync", "status", "resolve", "workflows", "demo", "completion", "summary");
        for (String name : ALL.keySet()) {
            if (name.equals("completion") || name.equals("summary")) {
                continue;
            }
            CommandLine only = Main.commandLine(new Main(null), new String[] {"--verbose", name, "--help"});

            assertThat(only.getSubcommands().keySet()).as(name).containsExactly(name);
            assertThat(only.getSubcommands().get(name).getUsageMessage())
                    .as(name + " --help")
                    .isEqualTo(ALL.get(name).getUsageMessage());
        }
    }

    @Test
    void commandsThatReadTheWholeTreeAndUnclearLinesGetEverySubcommand() {
        for (String[] args : new String[][] {
            {"completion"}, {"summary"}, {"--help"}, {}, {"synk"}, {"--verbose=debug", "sync"}, {"--version", "sync"}
        }) {
            assertThat(Main.commandLine(new Main(null), args).getSubcommands().keySet())
                    .as(String.join(" ", args))
                    .isEqualTo(ALL.keySet());
        }
    }

    @Test
    void versionAloneNeedsNoSubcommand() {
        assertThat(Main.commandLine(new Main(null), new String[] {"--version"}).getSubcommands())
                .isEmpty();
        assertThat(Main.commandLine(new Main(null), new String[] {"-V"}).getSubcommands())
                .isEmpty();
    }
}
