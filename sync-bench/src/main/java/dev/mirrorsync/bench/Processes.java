package dev.mirrorsync.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs {@code git} and friends with the host's configuration shut out, and times a whole shell script with
 * {@code /usr/bin/time}: wall, user + system CPU of every process it waited for (git's helpers and
 * index-pack/pack-objects included), and the largest resident set among them.
 */
final class Processes {
    static final Path TIME = Path.of("/usr/bin/time");

    /** Drains children's output; daemon threads so that a stuck child never keeps the JVM alive. */
    private static final ExecutorService DRAINS = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "process-drain");
        thread.setDaemon(true);
        return thread;
    });

    private Processes() {}

    /** What one command printed and returned. */
    record Output(int exit, String stdout, String stderr) {
        String line() {
            return stdout.strip();
        }
    }

    /** One timed script: what {@code /usr/bin/time} said about it. */
    record Timed(int exit, double wallMillis, double cpuMillis, long maxRssKb, String stdout, String stderr) {}

    /** The environment every git process gets: no system or global config, a fixed identity, no prompts. */
    static void isolate(Map<String, String> env) {
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", "/dev/null");
        env.put("GIT_AUTHOR_NAME", "Mirror Sync Bench");
        env.put("GIT_AUTHOR_EMAIL", "bench@mirror-sync.invalid");
        env.put("GIT_COMMITTER_NAME", "Mirror Sync Bench");
        env.put("GIT_COMMITTER_EMAIL", "bench@mirror-sync.invalid");
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("LC_ALL", "C");
    }

    static Output run(Path dir, List<String> command) {
        return run(dir, command, null);
    }

    /** Runs a command to its end, optionally feeding {@code stdin}; fails on a non-zero exit. */
    static Output run(Path dir, List<String> command, byte[] stdin) {
        Output out = runAllowingFailure(dir, command, stdin);
        if (out.exit() != 0) {
            throw new IllegalStateException(
                    String.join(" ", command) + " failed (" + out.exit() + "): " + out.stderr() + out.stdout());
        }
        return out;
    }

    static Output runAllowingFailure(Path dir, List<String> command, byte[] stdin) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
            isolate(builder.environment());
            Process process = builder.start();
            CompletableFuture<String> err = drain(process.getErrorStream());
            CompletableFuture<String> out = drain(process.getInputStream());
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            }
            int exit = process.waitFor();
            return new Output(exit, out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static String git(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add("git");
        command.addAll(List.of(args));
        return run(dir, command).line();
    }

    /** Runs {@code sh script} under {@code /usr/bin/time}; a non-zero exit is returned, not thrown. */
    static Timed timedScript(Path dir, Path script, Map<String, String> extraEnv) {
        try {
            Path timeFile = Files.createTempFile(dir, "time-", ".txt");
            List<String> command =
                    List.of(TIME.toString(), "-f", "%e %U %S %M", "-o", timeFile.toString(), "sh", script.toString());
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
            isolate(builder.environment());
            builder.environment().putAll(extraEnv);
            long start = System.nanoTime();
            Process process = builder.start();
            CompletableFuture<String> err = drain(process.getErrorStream());
            CompletableFuture<String> out = drain(process.getInputStream());
            process.getOutputStream().close();
            int exit = process.waitFor();
            double wall = (System.nanoTime() - start) / 1e6;
            String[] fields = lastLine(Files.readString(timeFile)).split(" ");
            Files.deleteIfExists(timeFile);
            double cpu = (Double.parseDouble(fields[1]) + Double.parseDouble(fields[2])) * 1000;
            return new Timed(exit, wall, cpu, Long.parseLong(fields[3]), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** {@code /usr/bin/time} prints "Command exited with non-zero status N" before its line on a failure. */
    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try (stream) {
                        return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        return "";
                    }
                },
                DRAINS);
    }
}
