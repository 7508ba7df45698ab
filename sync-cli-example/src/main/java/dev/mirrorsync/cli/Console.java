package dev.mirrorsync.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;

/**
 * What a command may touch of the outside world: the environment (tokens come only from here), the two output
 * streams, and whether a person is watching (progress is shown only then). Tests pass their own.
 */
record Console(Map<String, String> environment, PrintWriter out, PrintWriter err, boolean interactive) {
    Optional<String> env(String name) {
        return Optional.ofNullable(environment.get(name)).filter(v -> !v.isEmpty());
    }
}
