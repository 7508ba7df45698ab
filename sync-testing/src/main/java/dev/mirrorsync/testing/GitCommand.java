package dev.mirrorsync.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs C git itself for tests, shut out from the host's configuration: the one place test code starts a
 * {@code git} process. The fixtures of each module (bare repositories, commits made with plumbing) are built on it.
 */
public final class GitCommand {
    private static final long TIMEOUT_SECONDS = 120;

    private GitCommand() {}

    /** What git answered: its exit code, its standard output as bytes (a pack, say) and its standard error. */
    public record Result(int exit, byte[] stdout, String err) {
        /** Standard output as UTF-8 text. */
        public String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    /**
     * Shuts out the host's git configuration (system and global) and a {@code GIT_DIR} or work tree the test JVM may
     * have inherited, and sets a test identity for commits.
     */
    public static void isolate(Map<String, String> env) {
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", "/dev/null");
        env.put("GIT_AUTHOR_NAME", "Mirror Sync Test");
        env.put("GIT_AUTHOR_EMAIL", "test@mirror-sync.invalid");
        env.put("GIT_COMMITTER_NAME", "Mirror Sync Test");
        env.put("GIT_COMMITTER_EMAIL", "test@mirror-sync.invalid");
        env.remove("GIT_DIR");
        env.remove("GIT_WORK_TREE");
    }

    /**
     * Runs {@code git args...} in {@code cwd}, isolated, with {@code env} added on top, feeding it {@code input} (or
     * nothing). Standard error goes through a file, so a chatty git cannot fill a pipe nobody reads.
     *
     * @throws IllegalStateException when git cannot be started or does not finish in two minutes
     */
    public static Result run(Path cwd, Map<String, String> env, byte[] input, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add("git");
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile());
        isolate(builder.environment());
        builder.environment().putAll(env);
        Path err = null;
        try {
            err = Files.createTempFile("git-err", ".txt");
            builder.redirectError(err.toFile());
            Process process = builder.start();
            // Inputs are small (a fast-import stream, a pack of a few commits) and git reads them before it
            // writes much, so writing first and reading afterwards cannot fill both pipes.
            try (OutputStream stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input);
                }
            }
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in " + cwd);
            }
            return new Result(process.exitValue(), out, Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", command) + " could not run in " + cwd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (err != null) {
                try {
                    Files.deleteIfExists(err);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    /** {@link #run(Path, Map, byte[], List)} with text input. */
    public static Result run(Path cwd, Map<String, String> env, String input, String... args) {
        return run(cwd, env, input == null ? null : input.getBytes(StandardCharsets.UTF_8), List.of(args));
    }
}
