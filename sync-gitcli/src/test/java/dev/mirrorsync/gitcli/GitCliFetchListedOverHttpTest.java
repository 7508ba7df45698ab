package dev.mirrorsync.gitcli;

import dev.mirrorsync.core.spi.GitBackend;
import dev.mirrorsync.jgit.FetchListedOverHttpTest;
import java.nio.file.Path;

/** {@link GitCliBackend#fetchListed} over C git's smart HTTP: the ids themselves, or by name when refused. */
class GitCliFetchListedOverHttpTest extends FetchListedOverHttpTest {
    @Override
    protected GitBackend backend(Path cache) {
        return GitCliBackend.builder().cacheDirectory(cache).build();
    }
}
