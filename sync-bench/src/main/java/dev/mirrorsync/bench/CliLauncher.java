package dev.mirrorsync.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The CLI started as a user starts it: the {@code mirror-sync} launcher of a checkout, which gives the JVM the
 * class-data-sharing archive beside the jar ({@code cds.sh}) and a short run's options ({@code jvm.sh}), as the
 * GitHub Action does. The harness times copies in a layout of their own, so the build's files stay as they are.
 */
final class CliLauncher {
    private static final List<String> SCRIPTS = List.of("cds.sh", "jvm.sh");

    private final Path launcher;

    private CliLauncher(Path launcher) {
        this.launcher = launcher;
    }

    /**
     * A checkout's layout under {@code dir}: the launcher, its two scripts and a copy of {@code jar}, with an archive
     * made for it by this JVM ({@code cds.sh create}, as the build and the action make theirs).
     *
     * @param checkout the checkout the jar was built in (its launcher and scripts are copied)
     */
    static CliLauncher install(Path checkout, Path jar, Path dir) throws IOException {
        Path sh = Files.createDirectories(dir.resolve("sync-cli-example/src/main/sh"));
        Path target = Files.createDirectories(dir.resolve("sync-cli-example/target"));
        Path launcher = dir.resolve("mirror-sync");
        Files.copy(checkout.resolve("mirror-sync"), launcher);
        for (String script : SCRIPTS) {
            Files.copy(checkout.resolve("sync-cli-example/src/main/sh").resolve(script), sh.resolve(script));
        }
        Path copy = target.resolve("sync-cli-example-bench.jar");
        Files.copy(jar, copy);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Processes.run(dir, List.of("sh", sh.resolve("cds.sh").toString(), "create", java, copy.toString()));
        if (!Files.isRegularFile(target.resolve("mirror-sync.jsa"))) {
            throw new IllegalStateException("cds.sh made no class-data-sharing archive for " + java);
        }
        return new CliLauncher(launcher);
    }

    /**
     * The checkout {@code jar} was built in: the directory two levels above its {@code target} holding the launcher,
     * if it is one.
     */
    static Optional<Path> checkoutOf(Path jar) {
        Path root = jar.toAbsolutePath().getParent().getParent().getParent();
        return Files.isRegularFile(root.resolve("mirror-sync"))
                        && SCRIPTS.stream()
                                .allMatch(s -> Files.isRegularFile(root.resolve("sync-cli-example/src/main/sh/" + s)))
                ? Optional.of(root)
                : Optional.empty();
    }

    /** The shell words that start the CLI: {@code sh LAUNCHER} (JAVA_HOME: the harness's own JVM). */
    String command() {
        return "JAVA_HOME=" + System.getProperty("java.home") + " sh " + launcher;
    }
}
