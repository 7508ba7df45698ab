package dev.mirrorsync.gitcli;

import dev.mirrorsync.core.spi.GitBackend;
import dev.mirrorsync.jgit.CacheRepackContract;
import dev.mirrorsync.jgit.GitCli;
import java.nio.file.Path;

/**
 * {@link CacheRepackContract} on the git command backend. C git unpacks a fetch of under 100 objects into loose
 * objects; {@code fetch.unpackLimit = 1} in the cache makes every fetch a pack, as the fetches of a real history are.
 */
class GitCliCacheRepackTest extends CacheRepackContract {
    @Override
    protected GitBackend open(Path cache) {
        return GitCliBackend.builder().cacheDirectory(cache).build();
    }

    @Override
    protected void afterCreate(Path cache) {
        GitCli.git(cache, "config", "fetch.unpackLimit", "1");
    }
}
