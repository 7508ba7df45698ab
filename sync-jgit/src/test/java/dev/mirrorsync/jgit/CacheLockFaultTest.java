package dev.mirrorsync.jgit;

import static dev.mirrorsync.jgit.GitCli.commitOn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.RepoLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed while JGit updated a ref of the cache leaves {@code <ref>.lock} (or {@code packed-refs.lock}) behind;
 * the next run that opens the cache removes them and works, where before every later update of that ref failed with
 * LOCK_FAILURE (found by CrashSafetyIT.whatAKillLeavesInTheCacheIsRecoveredNotFatal).
 */
class CacheLockFaultTest {
    @TempDir
    Path temp;

    @Test
    void staleLockFilesLeftByAKilledRunAreRemovedWhenTheCacheIsOpened() throws Exception {
        Path remote = GitCli.initBare(temp.resolve("remote.git"));
        commitOn(remote, "main", "one");
        RepoLocation location = RepoLocation.of(remote.toString());
        Path cache = temp.resolve("cache");
        try (JGitBackend backend = JGitBackend.builder().cacheDirectory(cache).build()) {
            backend.fetch(location, List.of("refs/heads/main"));
        }
        List<Path> refs;
        try (var files = Files.walk(cache.resolve("refs"))) {
            refs = files.filter(Files::isRegularFile).toList();
        }
        assertThat(refs).isNotEmpty();
        for (Path ref : refs) {
            Files.writeString(ref.resolveSibling(ref.getFileName() + ".lock"), "stale");
        }
        Files.writeString(cache.resolve("packed-refs.lock"), "stale");
        String two = commitOn(remote, "main", "two");

        try (JGitBackend backend = JGitBackend.builder().cacheDirectory(cache).build()) {
            backend.fetch(location, List.of("refs/heads/main"));
            assertThat(backend.isAncestor(CommitId.of(two), CommitId.of(two))).isTrue();
        }
        assertThat(cache.resolve("packed-refs.lock")).doesNotExist();
        assertThat(cache.resolve(CacheRepository.LOCK)).exists();
    }

    /*
     * Killed after a fetch wrote its pack (kept by a .keep file) and before the tracking refs were set: the next fetch
     * asks for the same objects, writes the same pack, and could not lock it ("Cannot lock pack", found by
     * CrashSafetyIT round 4 of seed 77001, where every later fetch failed).
     */
    @Test
    void aKeepFileLeftByAKilledFetchDoesNotBlockTheNextFetch() throws Exception {
        Path remote = GitCli.initBare(temp.resolve("remote.git"));
        for (int i = 0; i < 3; i++) {
            commitOn(remote, "main", "commit " + i);
        }
        RepoLocation location = RepoLocation.of(remote.toString());
        Path cache = temp.resolve("cache");
        try (JGitBackend backend = JGitBackend.builder().cacheDirectory(cache).build()) {
            backend.fetch(location, List.of("refs/heads/main"));
        }
        List<Path> packs;
        try (var files = Files.list(cache.resolve("objects/pack"))) {
            packs = files.filter(f -> f.toString().endsWith(".pack")).toList();
        }
        assertThat(packs).isNotEmpty();
        for (Path pack : packs) {
            Files.writeString(
                    pack.resolveSibling(pack.getFileName().toString().replace(".pack", ".keep")),
                    JGitBackend.PACK_LOCK_MESSAGE);
            Files.delete(pack);
            Files.delete(pack.resolveSibling(pack.getFileName().toString().replace(".pack", ".idx")));
        }
        try (var files = Files.walk(cache.resolve("refs"))) {
            for (Path ref : files.filter(Files::isRegularFile).toList()) {
                Files.delete(ref);
            }
        }
        Files.deleteIfExists(cache.resolve("packed-refs"));

        try (JGitBackend backend = JGitBackend.builder().cacheDirectory(cache).build()) {
            backend.fetch(location, List.of("refs/heads/main"));
            String tip = GitCli.revParse(remote, "refs/heads/main");
            assertThat(backend.isAncestor(CommitId.of(tip), CommitId.of(tip))).isTrue();
        }
    }
}
