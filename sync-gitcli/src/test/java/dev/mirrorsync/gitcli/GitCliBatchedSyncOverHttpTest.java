package dev.mirrorsync.gitcli;

import dev.mirrorsync.core.spi.GitBackend;
import dev.mirrorsync.jgit.BatchedSyncOverHttpTest;
import java.nio.file.Path;

/** The forty-branch run over C git's smart HTTP, counted at the server, through {@link GitCliBackend}. */
class GitCliBatchedSyncOverHttpTest extends BatchedSyncOverHttpTest {
    @Override
    protected GitBackend backend(Path cache) {
        return GitCliBackend.builder().cacheDirectory(cache).build();
    }
}
