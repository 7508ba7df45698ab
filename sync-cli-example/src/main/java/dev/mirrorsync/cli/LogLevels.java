package dev.mirrorsync.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.mirrorsync.core.PrintableText;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * Sets logback's levels for one run: {@code --quiet} (errors only), the default (warnings), {@code --verbose}
 * (debug), and {@code MIRROR_SYNC_LOG_LEVEL} on top of them: a level ({@code info}) for the root logger, or a list {@code LOGGER=LEVEL,...} ({@code dev.mirrorsync=debug,org.eclipse.jgit=info}).
 */
final class LogLevels {
    private LogLevels() {}

    /** @throws IllegalArgumentException for a level that is not one of error, warn, info, debug, trace, off */
    static void apply(boolean verbose, boolean quiet, Optional<String> spec) {
        Level base = quiet ? Level.ERROR : verbose ? Level.DEBUG : Level.WARN;
        set(org.slf4j.Logger.ROOT_LOGGER_NAME, base);
        set("org.eclipse.jgit", quiet ? Level.ERROR : Level.WARN);
        if (spec.isEmpty()) {
            return;
        }
        for (String part : spec.get().split(",")) {
            String entry = part.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals < 0) {
                set(org.slf4j.Logger.ROOT_LOGGER_NAME, level(entry));
            } else {
                set(entry.substring(0, equals).strip(), level(entry.substring(equals + 1)));
            }
        }
    }

    private static Level level(String text) {
        String name = text.strip().toUpperCase(Locale.ROOT);
        return switch (name) {
            case "ERROR", "WARN", "INFO", "DEBUG", "TRACE", "OFF" -> Level.toLevel(name);
            default ->
                throw new IllegalArgumentException(Main.LOG_LEVEL_VARIABLE + ": '" + PrintableText.of(text.strip())
                        + "' is not a level; use error, warn, info, debug, trace or off (or LOGGER=LEVEL,...)");
        };
    }

    private static void set(String name, Level level) {
        if (LoggerFactory.getLogger(name) instanceof Logger logback) {
            logback.setLevel(level);
        }
    }
}
