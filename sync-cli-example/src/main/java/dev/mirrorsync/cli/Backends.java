package dev.mirrorsync.cli;

import dev.mirrorsync.core.spi.CrashHook;
import dev.mirrorsync.core.spi.GitBackend;
import dev.mirrorsync.gitcli.GitCliBackend;
import dev.mirrorsync.jgit.JGitBackend;
import dev.mirrorsync.jgit.ProgressListener;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code --backend jgit|git|auto}: which {@link GitBackend} a run uses. {@code auto} takes the git command when a
 * suitable one (2.38 or newer) is on {@code PATH}: C git's transport and pack code are what plain git users run, and
 * from the shell it is several times faster than JGit on large histories; without one, JGit, which needs nothing
 * installed. Both backends share the cache layout and lock, so switching keeps the cache.
 */
final class Backends {
    private Backends() {}

    /** An open backend and how to close it. */
    record Opened(GitBackend backend, AutoCloseable closer) implements AutoCloseable {
        @Override
        public void close() {
            try {
                closer.close();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("closing the git backend failed", e);
            }
        }
    }

    /** Refuses a {@code --backend} that is not {@code jgit}, {@code git} or {@code auto}. */
    static void check(String spec) {
        if (!spec.equals("jgit") && !spec.equals("git") && !spec.equals("auto")) {
            throw new IllegalArgumentException("--backend must be jgit, git or auto, not '" + spec + "'");
        }
    }

    /** @param crashHook the test-only halt ({@link TestHalt}); the git command's backend passes no point of its own */
    static Opened open(String spec, Path cache, Optional<ProgressListener> progress, Optional<CrashHook> crashHook) {
        check(spec);
        boolean suitable =
                !spec.equals("jgit") && GitCliBackend.suitableGitVersion().isPresent();
        if (spec.equals("git") && !suitable) {
            throw new IllegalArgumentException("--backend git needs git 2.38 or newer on PATH, and none was found:"
                    + " install it, or use --backend jgit (or auto)");
        }
        if (suitable) {
            GitCliBackend backend =
                    GitCliBackend.builder().cacheDirectory(cache).build();
            return new Opened(backend, backend);
        }
        JGitBackend backend = JGitBackend.builder()
                .cacheDirectory(cache)
                .progressListener(progress.orElse(ProgressListener.none()))
                .crashHook(crashHook.orElse(CrashHook.none()))
                .build();
        return new Opened(backend, backend);
    }
}
