package dev.mirrorsync.cli;

import dev.mirrorsync.core.Direction;
import dev.mirrorsync.core.DivergencePolicy;
import dev.mirrorsync.core.PrintableText;
import dev.mirrorsync.core.ResolveStrategy;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import picocli.CommandLine;

/** Converts the CLI's hyphenated choices ({@code to-public}, {@code prefer-private}) and names the valid ones when wrong. */
final class Choices {
    private Choices() {}

    /** The CLI's spelling of a core choice: {@code TO_PUBLIC} is {@code to-public}, {@code PREFER_PRIVATE} is {@code prefer-private}. */
    static String spelling(Enum<?> choice) {
        return choice.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static final class DirectionConverter implements CommandLine.ITypeConverter<Direction> {
        @Override
        public Direction convert(String value) {
            return parse(value, Direction.values(), Choices::spelling);
        }
    }

    static final class PolicyConverter implements CommandLine.ITypeConverter<DivergencePolicy> {
        @Override
        public DivergencePolicy convert(String value) {
            return parse(value, DivergencePolicy.values(), Choices::spelling);
        }
    }

    static final class StrategyConverter implements CommandLine.ITypeConverter<ResolveStrategy> {
        @Override
        public ResolveStrategy convert(String value) {
            return parse(value, ResolveStrategy.values(), Choices::spelling);
        }
    }

    private static <E> E parse(String value, E[] choices, Function<E, String> label) {
        return Arrays.stream(choices)
                .filter(c -> label.apply(c).equals(value))
                .findFirst()
                .orElseThrow(() -> new CommandLine.TypeConversionException("'" + PrintableText.of(value)
                        + "' is not one of "
                        + String.join(", ", Arrays.stream(choices).map(label).toList())));
    }
}
