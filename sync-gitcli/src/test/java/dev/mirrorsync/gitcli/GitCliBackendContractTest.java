package dev.mirrorsync.gitcli;

import dev.mirrorsync.core.spi.GitBackend;
import dev.mirrorsync.jgit.JGitBackendContractTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * The GitBackend contract for {@link GitCliBackend}, over the very remotes the JGit backend's contract test uses: bare
 * repositories made and inspected with C git, reached by file:// URLs.
 */
class GitCliBackendContractTest extends JGitBackendContractTest {
    private final List<GitCliBackend> backends = new ArrayList<>();

    @Override
    protected GitBackend newBackend() {
        GitCliBackend backend = GitCliBackend.builder()
                .cacheDirectory(temp.resolve("git-cache-" + backends.size()))
                .build();
        backends.add(backend);
        return backend;
    }

    @AfterEach
    void closeGitBackends() {
        backends.forEach(GitCliBackend::close);
    }
}
