package dev.mirrorsync.gitcli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.core.spi.GitBackend;
import dev.mirrorsync.jgit.SecretsContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link SecretsContract} on the git command backend, through a {@code git} wrapper that records every argument list
 * it is started with (argv is searched for the tokens too); and the child's environment isolated.
 */
class GitCliSecretsTest extends SecretsContract {
    private Path argv;

    @Override
    protected GitBackend open(Path cache) {
        argv = temp.resolve("argv.log");
        Path wrapper = temp.resolve("git-recording");
        try {
            Files.writeString(wrapper, "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '" + argv + "'\nexec git \"$@\"\n");
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return GitCliBackend.builder()
                .cacheDirectory(cache)
                .gitExecutable(wrapper.toString())
                .build();
    }

    @Override
    protected String debugLogPrefix() {
        return "DEBUG dev.mirrorsync.gitcli";
    }

    @Override
    protected void afterRuns() throws IOException {
        List<String> commands = Files.readAllLines(argv);
        assertThat(commands).as("the wrapper saw git's argument lists").anyMatch(l -> l.contains("push --porcelain"));
        outputs.addAll(commands);
    }

    /** The child's environment keeps no GIT_* variable of ours but the SSH ones, and shuts out the host's config. */
    @Test
    void theChildEnvironmentIsIsolated() {
        Map<String, String> env = new HashMap<>(Map.of(
                "GIT_DIR",
                "/elsewhere",
                "GIT_CONFIG_PARAMETERS",
                "'core.hooksPath'='/x'",
                "GIT_TRACE_CURL",
                "1",
                "GIT_SSH_COMMAND",
                "ssh -i key",
                "GIT_CONFIG_GLOBAL",
                "/home/u/.gitconfig",
                "SSH_ASKPASS",
                "/usr/bin/ask",
                "PATH",
                "/usr/bin"));
        GitProcess.isolate(env);
        assertThat(env)
                .doesNotContainKeys("GIT_DIR", "GIT_CONFIG_PARAMETERS", "GIT_TRACE_CURL", "SSH_ASKPASS")
                .containsEntry("GIT_SSH_COMMAND", "ssh -i key")
                .containsEntry("GIT_CONFIG_GLOBAL", "/dev/null")
                .containsEntry("GIT_CONFIG_NOSYSTEM", "1")
                .containsEntry("GIT_TERMINAL_PROMPT", "0")
                .containsEntry("PATH", "/usr/bin");
    }
}
