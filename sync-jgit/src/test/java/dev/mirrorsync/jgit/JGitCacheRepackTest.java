package dev.mirrorsync.jgit;

import dev.mirrorsync.core.spi.GitBackend;
import java.nio.file.Path;

/** {@link CacheRepackContract} on the JGit backend (JGit keeps every fetch as a pack). */
class JGitCacheRepackTest extends CacheRepackContract {
    @Override
    protected GitBackend open(Path cache) {
        return JGitBackend.builder().cacheDirectory(cache).build();
    }
}
