package dev.mirrorsync.cli;

import dev.mirrorsync.core.PrintableText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * "Did you mean": a usage error names the closest option or command, as git does. picocli suggests for an unknown
 * command or option, but not when a required option is missing because it was mistyped ({@code --privat URL}): that
 * error hides the typo, so the arguments are searched for unknown options here.
 */
final class Suggestions {
    private Suggestions() {}

    /** Prints the usage error, preceded by what each mistyped option or command probably meant. */
    static void print(CommandLine.ParameterException e, String[] args, PrintWriter err) {
        if (e instanceof UnmatchedArgumentException unmatched
                && !unmatched.getUnmatched().isEmpty()) {
            String first = PrintableText.of(unmatched.getUnmatched().get(0));
            // An option gets the one nearest by edit distance when there is one (picocli's own list is by prefix).
            List<String> known = new ArrayList<>(
                    e.getCommandLine().getCommandSpec().optionsMap().keySet());
            List<String> suggestions = first.startsWith("-")
                    ? closest(first, known).map(List::of).orElse(unmatched.getSuggestions())
                    : unmatched.getSuggestions();
            String what = first.startsWith("-") ? "option" : "command or argument";
            err.println("mirror-sync: unknown " + what + " '" + first + "'"
                    + (suggestions.isEmpty() ? "" : "; did you mean " + quoted(suggestions) + "?"));
            return;
        }
        CommandSpec spec = e.getCommandLine().getCommandSpec();
        for (String arg : args) {
            if (arg.equals("--")) {
                break;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                continue;
            }
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (spec.findOption(name) == null && spec.optionsMap().get(name) == null) {
                Optional<String> closest =
                        closest(name, new ArrayList<>(spec.optionsMap().keySet()));
                err.println("mirror-sync: unknown option '" + PrintableText.of(name) + "'"
                        + closest.map(c -> "; did you mean '" + c + "'?").orElse(""));
            }
        }
        err.println("mirror-sync: " + e.getMessage());
    }

    private static String quoted(List<String> names) {
        return String.join(
                " or ", names.stream().limit(3).map(n -> "'" + n + "'").toList());
    }

    /** The known name nearest to {@code typed} by edit distance, if it is near enough to be a typo. */
    static Optional<String> closest(String typed, List<String> known) {
        return known.stream()
                .filter(k -> k.startsWith("--") == typed.startsWith("--"))
                .min(Comparator.comparingInt((String k) -> distance(typed, k)).thenComparing(k -> k))
                .filter(k -> distance(typed, k) <= Math.max(2, typed.length() / 3));
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
