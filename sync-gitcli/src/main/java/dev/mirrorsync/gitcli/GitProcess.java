package dev.mirrorsync.gitcli;

import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.MirrorSyncException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the {@code git} command in the cache, shut off from everything on the host that could change what it does or
 * leak what it knows.
 *
 * <ul>
 *   <li>The environment is the caller's minus every {@code GIT_*} variable (a stray {@code GIT_DIR}, {@code
 *       GIT_CONFIG_PARAMETERS}, {@code GIT_TRACE_CURL} would redirect, reconfigure or log), except the SSH ones a user
 *       needs for their keys; then {@code GIT_CONFIG_NOSYSTEM=1}, {@code GIT_CONFIG_GLOBAL=/dev/null}, no terminal
 *       prompt, no askpass program, {@code LC_ALL=C} (messages are parsed) and {@code GIT_ALLOW_PROTOCOL} without
 *       {@code ext}.</li>
 *   <li>Options that every command gets: no hooks, no credential helper (an empty value resets the list), protocol
 *       version 2, no automatic gc (the cache is repacked by policy, under its lock), {@code safe.directory} for the
 *       cache alone.</li>
 *   <li>Secrets come in only as extra configuration in the environment ({@code GIT_CONFIG_COUNT/KEY_n/VALUE_n}) of the
 *       one command that talks to that remote: never in the arguments (which other users may read in {@code ps}), a
 *       URL or a file.</li>
 * </ul>
 * Standard output and error are read concurrently, so neither pipe can fill and stall the child.
 */
final class GitProcess {
    private static final List<String> KEPT_GIT_VARIABLES = List.of("GIT_SSH", "GIT_SSH_COMMAND", "GIT_SSH_VARIANT");

    private final String git;
    private final Path directory;
    private final Duration deadline;

    /**
     * @param git the git executable (a name on {@code PATH} or a path)
     * @param directory where the commands run (the cache), or {@code null} for the working directory
     * @param deadline how long one command may run before it is killed and fails as {@code NETWORK}
     */
    GitProcess(String git, Path directory, Duration deadline) {
        this.git = git;
        this.directory = directory;
        this.deadline = deadline;
    }

    String executable() {
        return git;
    }

    /** What a finished command printed, and its exit code. */
    record Result(int exit, byte[] stdout, String err) {
        boolean ok() {
            return exit == 0;
        }

        /** Standard output as UTF-8 text. */
        String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }
    }

    /** One command: its arguments, the standard input (or none) and extra configuration through the environment. */
    static final class Command {
        private final List<String> config = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private final Map<String, String> secretConfig = new LinkedHashMap<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private byte[] input;

        /** {@code git -c key=value}: for settings that are no secret. */
        Command config(String key, String value) {
            config.add("-c");
            config.add(key + "=" + value);
            return this;
        }

        /** A setting passed through the environment only (a credential-bearing header). */
        Command secretConfig(String key, String value) {
            secretConfig.put(key, value);
            return this;
        }

        Command env(String name, String value) {
            env.put(name, value);
            return this;
        }

        Command args(String... more) {
            args.addAll(List.of(more));
            return this;
        }

        Command args(List<String> more) {
            args.addAll(more);
            return this;
        }

        Command input(String text) {
            this.input = text.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        String name() {
            return args.isEmpty() ? "git" : "git " + args.get(0);
        }

        List<String> arguments() {
            return List.copyOf(args);
        }
    }

    static Command command(String... args) {
        return new Command().args(args);
    }

    Result run(Command command) {
        Process process = start(command);
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        try {
            try (OutputStream stdin = process.getOutputStream()) {
                if (command.input != null) {
                    stdin.write(command.input);
                }
            } catch (IOException e) {
                // The command exited without reading all of its input; its exit code and error say why.
            }
            awaitExit(process, command);
            return new Result(process.exitValue(), bytes(out), new String(bytes(err), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new MirrorSyncException(Reason.INTERNAL, "interrupted while " + command.name() + " ran", e);
        }
    }

    /** The part of a command's exchange that answers in turn: reads what it printed, writes what it reads next. */
    interface Conversation<T> {
        /** @return what the exchange learnt, or empty when the command did not answer as expected */
        Optional<T> hold(InputStream stdout, OutputStream stdin) throws IOException;
    }

    /** What a {@link Conversation} learnt (empty when it did not finish), and how the command ended. */
    record Talked<T>(Optional<T> answer, Result result) {}

    /**
     * Runs a command that must be answered in turn (a remote helper, {@code upload-pack}): {@code conversation} reads
     * its output and writes its input in the calling thread; then its input is closed and it is waited for. The
     * result's stdout is what the conversation left unread. A command still running at the deadline is killed and
     * fails as {@code NETWORK}, as {@link #run} does; a conversation cut short by an I/O error (the command exited)
     * learns nothing.
     */
    <T> Talked<T> talk(Command command, Conversation<T> conversation) {
        Process process = start(command);
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        AtomicBoolean killed = new AtomicBoolean();
        CompletableFuture<Void> watchdog = CompletableFuture.runAsync(
                () -> {
                    if (process.isAlive()) {
                        killed.set(true);
                        kill(process);
                    }
                },
                CompletableFuture.delayedExecutor(deadline.toMillis(), TimeUnit.MILLISECONDS));
        try {
            Optional<T> answer;
            byte[] rest;
            try (OutputStream stdin = process.getOutputStream()) {
                answer = conversation.hold(process.getInputStream(), stdin);
            } catch (IOException e) {
                answer = Optional.empty();
            }
            try {
                rest = killed.get() ? new byte[0] : process.getInputStream().readAllBytes();
            } catch (IOException e) {
                rest = new byte[0];
            }
            awaitExit(process, command);
            if (killed.get()) {
                throw stopped(command);
            }
            return new Talked<>(
                    answer, new Result(process.exitValue(), rest, new String(bytes(err), StandardCharsets.UTF_8)));
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new MirrorSyncException(Reason.INTERNAL, "interrupted while " + command.name() + " ran", e);
        } catch (RuntimeException e) {
            kill(process);
            throw e;
        } finally {
            watchdog.cancel(false);
        }
    }

    /**
     * Kills a command and the processes it started first: {@code git remote-https} and {@code git fetch} run helpers
     * of their own, which would live on (holding the pipes open) if only {@code git} died.
     */
    private static void kill(Process process) {
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private void awaitExit(Process process, Command command) throws InterruptedException {
        if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
            kill(process);
            throw stopped(command);
        }
    }

    private MirrorSyncException stopped(Command command) {
        return new MirrorSyncException(
                Reason.NETWORK,
                command.name() + " did not finish within " + deadline.toSeconds()
                        + " s and was stopped; check the network, or try again");
    }

    /** The command's process: the isolated environment, the options every command gets, then its own. */
    private Process start(Command command) {
        List<String> argv = new ArrayList<>();
        argv.add(git);
        argv.addAll(List.of(
                "-c",
                "core.hooksPath=/dev/null",
                "-c",
                "credential.helper=",
                "-c",
                "protocol.version=2",
                "-c",
                "gc.auto=0",
                "-c",
                "maintenance.auto=false",
                "-c",
                "core.askPass=",
                "-c",
                "advice.detachedHead=false"));
        if (directory != null) {
            argv.add("-c");
            argv.add("safe.directory=" + directory);
            argv.add("--git-dir=" + directory);
        }
        argv.addAll(command.config);
        argv.addAll(command.args);
        ProcessBuilder builder = new ProcessBuilder(argv);
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        isolate(builder.environment());
        builder.environment().putAll(command.env);
        int i = 0;
        for (Map.Entry<String, String> setting : command.secretConfig.entrySet()) {
            builder.environment().put("GIT_CONFIG_KEY_" + i, setting.getKey());
            builder.environment().put("GIT_CONFIG_VALUE_" + i, setting.getValue());
            i++;
        }
        if (i > 0) {
            builder.environment().put("GIT_CONFIG_COUNT", Integer.toString(i));
        }
        try {
            return builder.start();
        } catch (IOException e) {
            throw new MirrorSyncException(
                    Reason.UNSUPPORTED,
                    "cannot run '" + git + "' (" + e.getMessage()
                            + "): install git 2.38 or newer, or choose the JGit backend",
                    e);
        }
    }

    private static byte[] bytes(CompletableFuture<byte[]> stream) throws InterruptedException {
        try {
            return stream.get();
        } catch (ExecutionException e) {
            throw new MirrorSyncException(
                    Reason.INTERNAL,
                    "reading git's output failed: " + e.getCause().getMessage(),
                    e);
        }
    }

    private static byte[] readAll(InputStream stream) {
        try (stream) {
            return stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The environment rules above, applied to a child's environment. */
    static void isolate(Map<String, String> env) {
        env.keySet().removeIf(name -> name.startsWith("GIT_") && !KEPT_GIT_VARIABLES.contains(name));
        env.remove("SSH_ASKPASS");
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_CONFIG_GLOBAL", "/dev/null");
        env.put("GIT_TERMINAL_PROMPT", "0");
        env.put("GIT_ASKPASS", "");
        env.put("GIT_ALLOW_PROTOCOL", "file:git:http:https:ssh");
        env.put("LC_ALL", "C");
        env.put("LANGUAGE", "C");
    }
}
