package dev.mirrorsync.jgit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.eclipse.jgit.transport.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a push to a local-path or {@code file://} remote run C git's {@code receive-pack} as a process of its own, as
 * {@code git push} to a local path does, instead of JGit's receive-pack inside this JVM. In-process, a kill of
 * mirror-sync in the middle of a push leaves {@code refs/heads/<b>.lock} (or a pack's {@code .keep}) in a repository
 * mirror-sync does not own, and every later push to that ref fails until someone removes it. A separate
 * {@code git receive-pack} sees its input close when we die, and removes its own lock files as it exits.
 *
 * <p>JGit's local transport forks the command when its receive-pack option is anything but the default name; the
 * command runs under {@code sh -c} in the remote's directory. The child gets an empty environment but for
 * {@code PATH} and settings that keep the host's git configuration out ({@code GIT_CONFIG_NOSYSTEM},
 * {@code GIT_CONFIG_GLOBAL=/dev/null}, no {@code HOME}), so neither a user's {@code core.hooksPath} nor our tokens
 * reach it or the remote's own hooks. Without a usable {@code git} (or {@code sh} and {@code env}, as on Windows),
 * JGit's in-process receive-pack is used, and a warning says what that risks.
 */
final class LocalReceivePack {
    private static final Logger LOG = LoggerFactory.getLogger(LocalReceivePack.class);
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9._/-]+");

    private final String git;
    private Boolean usable;

    /** @param git the git executable: a name looked up on {@code PATH}, or a path */
    LocalReceivePack(String git) {
        if (!PLAIN_NAME.matcher(git).matches()) {
            throw new IllegalArgumentException("the git executable must be a plain name or path: " + git);
        }
        this.git = git;
    }

    static LocalReceivePack cGit() {
        return new LocalReceivePack("git");
    }

    /** The shell command that runs {@code git <subcommand>} isolated from the host's configuration and our environment. */
    String command(String subcommand) {
        return "exec env -i PATH=\"$PATH\" GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null GIT_TERMINAL_PROMPT=0 "
                + git + " " + subcommand;
    }

    /** Sets the transport's receive-pack to the separate process, when this machine has one. */
    void configure(Transport transport) {
        if (usable()) {
            transport.setOptionReceivePack(command("receive-pack"));
        }
    }

    synchronized boolean usable() {
        if (usable == null) {
            usable = probe();
            if (!usable) {
                LOG.warn(
                        "no usable '{}' command (with sh and env) was found: pushes to local-path remotes run JGit's"
                                + " receive-pack inside this process, and a run killed in the middle of one can leave a ref's"
                                + " .lock file in the remote; install git to avoid that",
                        git);
            }
        }
        return usable;
    }

    private boolean probe() {
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", command("--version"));
        builder.redirectErrorStream(true);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readNBytes(4096);
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0 && new String(out, StandardCharsets.UTF_8).startsWith("git version");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
