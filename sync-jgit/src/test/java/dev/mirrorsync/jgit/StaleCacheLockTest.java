package dev.mirrorsync.jgit;

import static dev.mirrorsync.jgit.GitCli.commitOn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.MirrorSyncException.Reason;
import dev.mirrorsync.core.RepoLocation;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.errors.LockFailedException;
import org.eclipse.jgit.errors.TransportException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a kill between JGit's {@code pack-<id>.keep.lock} and its rename to {@code .keep} leaves in the cache: the same
 * objects make the same pack name, so the file would make every later fetch of them fail ("Cannot lock pack"). Opening
 * the cache removes it, whatever it holds; and should a lock still fail, it is the local cache's problem, not the network's.
 */
class StaleCacheLockTest {
    static final String MAIN = "refs/heads/main";

    @TempDir
    Path temp;

    @Test
    void aKeepLockLeftByAKilledFetchDoesNotWedgeTheNextFetch() throws IOException {
        Path bare = GitCli.initBare(temp.resolve("remote.git"));
        commitOn(bare, "main", "one");
        RepoLocation remote = RepoLocation.of(bare.toString());
        String pack = packNameOfAFreshFetch(remote);

        Path cache = temp.resolve("cache");
        JGitBackend.builder().cacheDirectory(cache).build().close();
        // What the killed run left: the lock of the keep file, with whatever it had written (here nothing of ours).
        Files.writeString(cache.resolve("objects/pack/" + pack + ".keep.lock"), "");
        Files.writeString(cache.resolve("objects/pack/pack-" + "1".repeat(40) + ".keep"), "someone's words");
        Files.writeString(cache.resolve("refs/heads/stale.lock"), "");
        try (JGitBackend backend = JGitBackend.builder().cacheDirectory(cache).build()) {
            backend.fetch(remote, List.of(MAIN));
            assertThat(backend.listRefs(remote, List.of(MAIN))).containsKey(MAIN);
        }
        try (Stream<Path> left = Files.walk(cache)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .filteredOn(n -> n.endsWith(".keep") || n.endsWith(".lock"))
                    .containsExactly(CacheRepository.LOCK);
        }
    }

    @Test
    void aPackThatCannotBeLockedIsACacheFailureThatIsNotRetried() throws IOException {
        Path bare = GitCli.initBare(temp.resolve("remote.git"));
        commitOn(bare, "main", "one");
        RepoLocation remote = RepoLocation.of(bare.toString());
        String pack = packNameOfAFreshFetch(remote);
        try (JGitBackend backend =
                JGitBackend.builder().cacheDirectory(temp.resolve("cache")).build()) {
            // Taken while this run holds the cache (no run of ours does that): the fetch cannot lock its pack.
            Files.writeString(temp.resolve("cache/objects/pack/" + pack + ".keep.lock"), "");
            assertThatThrownBy(() -> backend.fetch(remote, List.of(MAIN)))
                    .isInstanceOfSatisfying(MirrorSyncException.class, e -> {
                        assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.CACHE);
                        assertThat(e.isRetryable()).isFalse();
                        assertThat(e.getMessage()).contains("cache").doesNotContain("could not be reached");
                    });
        }
    }

    /* A pack id with "5" and two digits in it is not an HTTP status, and a lock is not a network fault. */
    @Test
    void aLockFailureIsCacheWhateverDigitsItsPackNameHas() {
        File pack = new File("/cache/objects/pack/pack-2a503e9b1c7d5f00aa11bb22cc33dd44ee55ff66.pack");
        LockFailedException lock = new LockFailedException(pack, "Cannot lock pack in " + pack);
        assertThat(JGitErrors.classify(new TransportException(lock.getMessage(), lock), -1))
                .isEqualTo(Reason.CACHE);
        assertThat(JGitErrors.classify(new TransportException("Connection reset; pack-1503"), -1))
                .isEqualTo(Reason.NETWORK);
    }

    private String packNameOfAFreshFetch(RepoLocation remote) throws IOException {
        Path probe = temp.resolve("probe-cache");
        try (JGitBackend backend = JGitBackend.builder().cacheDirectory(probe).build()) {
            backend.fetch(remote, List.of(MAIN));
        }
        try (Stream<Path> packs = Files.list(probe.resolve("objects/pack"))) {
            String name = packs.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".pack"))
                    .findFirst()
                    .orElseThrow();
            return name.substring(0, name.length() - ".pack".length());
        }
    }
}
