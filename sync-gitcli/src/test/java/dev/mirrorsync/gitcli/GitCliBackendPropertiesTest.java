package dev.mirrorsync.gitcli;

import dev.mirrorsync.core.spi.GitBackend;
import dev.mirrorsync.jgit.JGitBackendPropertiesTest;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * sync-core's property tests against {@link GitCliBackend} on real bare repositories: the same scenario-space sample,
 * random action sequences (file:// and smart HTTP through JGit's GitServlet, with tokens), shrinking and nine invariants
 * as the JGit backend's, with the git command doing every fetch, push, ancestry question and merge.
 * Replay one sequence with {@code -Dmirrorsync.seed=<seed>}.
 */
class GitCliBackendPropertiesTest extends JGitBackendPropertiesTest {
    @Override
    protected Function<Path, GitBackend> backends() {
        return cache -> GitCliBackend.builder().cacheDirectory(cache).build();
    }
}
