package dev.mirrorsync.jgit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** C git's git-http-backend behind lighttpd, with token basic auth. */
class GitHttpBackendRemoteTest extends AbstractHttpRemoteTest {
    @TempDir
    static Path root;

    @TempDir
    static Path work;

    static GitHttpBackendServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = new GitHttpBackendServer(root, work, TOKEN);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Override
    Path root() {
        return root;
    }

    @Override
    String url(String name) {
        return server.url(name);
    }

    /**
     * A pre-receive hook that runs once: git calls it after the pack arrived and before the ref transaction, whose
     * compare-and-swap then sees the moved ref. It runs git with a clean environment, outside the push's quarantine.
     */
    @Override
    void duringNextPush(Path bare, String... gitArgs) throws IOException {
        StringBuilder command = new StringBuilder(
                        "env -i PATH=\"$PATH\" GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null git --git-dir='")
                .append(bare)
                .append("'");
        for (String arg : gitArgs) {
            command.append(" '").append(arg).append("'");
        }
        Path hook = bare.resolve("hooks").resolve("pre-receive");
        Files.createDirectories(hook.getParent());
        Files.writeString(hook, "#!/bin/sh\ncat >/dev/null\nrm -f -- \"$0\"\n" + command + " || exit 1\nexit 0\n");
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
