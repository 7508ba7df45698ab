package dev.mirrorsync.cli;

import dev.mirrorsync.core.spi.CrashHook;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The test-only crash switch: with {@value #VARIABLE}{@code =<point>} in the environment, the process stops dead
 * ({@link Runtime#halt}: no shutdown hooks, no cleanup, as {@code kill -9} would) the first time the run passes that
 * {@link CrashHook.Point}. Crash tests use it to stop a run at a chosen place instead of at a random moment. It only
 * ever stops the process: it changes no ref and no file. Not part of the CLI contract; not shown in {@code --help}.
 */
final class TestHalt {
    static final String VARIABLE = "MIRROR_SYNC_TEST_HALT_AT";
    /** The exit status of a halted run: none of the contract's codes, so a test can tell it from a finished run. */
    static final int HALTED = 99;

    private TestHalt() {}

    /**
     * The hook {@value #VARIABLE} asks for, or empty when it is not set.
     *
     * @throws IllegalArgumentException when it names no point (a usage error: exit 2, nothing done)
     */
    static Optional<CrashHook> fromEnvironment(Console console) {
        Optional<String> wanted = console.env(VARIABLE);
        if (wanted.isEmpty()) {
            return Optional.empty();
        }
        CrashHook.Point target = Arrays.stream(CrashHook.Point.values())
                .filter(point -> name(point).equals(wanted.get()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(VARIABLE + " (for crash tests only) must name a point: "
                        + Arrays.stream(CrashHook.Point.values())
                                .map(TestHalt::name)
                                .collect(Collectors.joining(", "))
                        + "; unset it to run normally"));
        return Optional.of(point -> {
            if (point == target) {
                console.err().println("mirror-sync: halted at " + name(point) + " (" + VARIABLE + ", for crash tests)");
                console.err().flush();
                Runtime.getRuntime().halt(HALTED);
            }
        });
    }

    /** A point as the variable names it: {@code after-listing}, {@code mid-fetch}, ... */
    static String name(CrashHook.Point point) {
        return point.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
