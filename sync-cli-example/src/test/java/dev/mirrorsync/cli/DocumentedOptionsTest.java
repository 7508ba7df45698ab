package dev.mirrorsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.examples.ReadmeSnippets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every option README.md and docs/cli.md show with a command is one that command accepts: in a command line
 * ({@code mirror-sync sync … --json}), in a row of the command table, and in the common options (sync and resolve).
 */
class DocumentedOptionsTest {
    private static final Pattern COMMAND =
            Pattern.compile("mirror-sync (sync|status|resolve|workflows|demo|completion)\\b");
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--[a-z][a-z-]*[a-z]");
    private static final Pattern SPAN_COMMAND = Pattern.compile("(sync|status|resolve|workflows|demo|completion)\\b");
    private static final Pattern ROW = Pattern.compile("^\\| `(sync|status|resolve|workflows|demo|completion)[ `].*");

    private record Shown(String command, String option, String where) {}

    private static Path root() {
        return ReadmeSnippets.readme().getParent();
    }

    static List<Shown> shown(Path file) throws IOException {
        List<Shown> shown = new ArrayList<>();
        List<String> lines = logicalLines(Files.readString(file, StandardCharsets.UTF_8));
        for (String line : lines) {
            String where = file.getFileName() + ": " + line.strip();
            Matcher row = ROW.matcher(line);
            if (row.matches()) {
                // a code span that starts with another command's name (`sync --dry-run`) is about that command
                for (String code : codeIn(line)) {
                    Matcher other = SPAN_COMMAND.matcher(code);
                    String command = other.lookingAt() ? other.group(1) : row.group(1);
                    options(code).forEach(o -> shown.add(new Shown(command, o, where)));
                }
                continue;
            }
            if (line.startsWith("Common options:")) {
                for (String command : List.of("sync", "resolve")) {
                    options(line).forEach(o -> shown.add(new Shown(command, o, where)));
                }
                continue;
            }
            for (String code : codeIn(line)) {
                Matcher command = COMMAND.matcher(code);
                if (command.find()) {
                    options(code.substring(command.end()))
                            .forEach(o -> shown.add(new Shown(command.group(1), o, where)));
                }
            }
        }
        return shown;
    }

    /** Lines, with shell continuations ({@code \}) and indented continuation lines joined, and paragraphs joined. */
    private static List<String> logicalLines(String text) {
        List<String> lines = new ArrayList<>();
        boolean fenced = false;
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("```")) {
                flush(current, lines);
                fenced = !fenced;
                continue;
            }
            boolean continues = fenced
                    ? line.startsWith(" ") && current.length() > 0
                    : !line.isBlank()
                            && !line.startsWith("|")
                            && !line.startsWith("#")
                            && current.length() > 0
                            && !current.toString().startsWith("|");
            if (!continues) {
                flush(current, lines);
            }
            current.append(fenced ? line.replaceAll("\\\\$", " ") : line).append(' ');
        }
        flush(current, lines);
        return lines;
    }

    private static void flush(StringBuilder current, List<String> lines) {
        if (current.length() > 0) {
            lines.add(current.toString());
            current.setLength(0);
        }
    }

    /** The inline code spans of a prose line, or the whole line when it has none (a line of a code block). */
    private static List<String> codeIn(String line) {
        List<String> spans = new ArrayList<>();
        Matcher span = Pattern.compile("`([^`]+)`").matcher(line);
        while (span.find()) {
            spans.add(span.group(1));
        }
        return spans.isEmpty() ? List.of(line) : spans;
    }

    private static Set<String> options(String text) {
        Set<String> options = new LinkedHashSet<>();
        Matcher option = OPTION.matcher(text);
        while (option.find()) {
            options.add(option.group());
        }
        return options;
    }

    @Test
    void everyOptionTheDocumentsShowIsAcceptedByItsCommand() throws IOException {
        CommandLine cli = Main.commandLine(new Main(null), new String[0]);
        List<Shown> shown = new ArrayList<>(shown(root().resolve("README.md")));
        shown.addAll(shown(root().resolve("docs").resolve("cli.md")));

        assertThat(shown).as("the documents show options").hasSizeGreaterThan(40);
        assertThat(shown.stream().map(Shown::command).distinct()).contains("sync", "status", "resolve", "workflows");
        for (Shown s : shown) {
            CommandLine command = cli.getSubcommands().get(s.command());
            assertThat(command.getCommandSpec().findOption(s.option()))
                    .as("'%s' is accepted by '%s', as shown in %s", s.option(), s.command(), s.where())
                    .isNotNull();
        }
    }

    @Test
    void noDocumentPointsOutsideTheRepository() throws IOException {
        try (Stream<Path> files = Files.walk(root(), 3)) {
            for (Path file : files.filter(
                            f -> f.toString().endsWith(".md") || f.toString().endsWith(".java"))
                    .filter(f -> !f.toString().contains("/target/"))
                    .toList()) {
                assertThat(Files.readString(file, StandardCharsets.UTF_8))
                        .as(file.toString())
                        .doesNotContain("../shared")
                        .doesNotContain("shared/DESIGN.md");
            }
        }
        assertThat(root().resolve("docs/design.md"))
                .content()
                .contains("BOTH_MISSING")
                .contains("Nothing is lost");
    }
}
