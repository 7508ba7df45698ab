package dev.mirrorsync.jgit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.spi.CrashHook;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CrashHook.Point#MID_FETCH} is heard while the fetched pack is locked (its {@code .keep} file is in the cache)
 * and before the fetch moved its tracking ref: the state a crash there leaves for the next run to recover from. A fetch
 * that brings nothing new takes no lock and passes no such point.
 */
class MidFetchCrashPointTest {
    @TempDir
    Path dir;

    @Test
    void theHookHearsTheFetchWithItsPackLockedAndNoRefMoved() throws IOException {
        Repository remote = JGitRepos.initBare(dir.resolve("remote.git"));
        ObjectId tip = JGitRepos.commit(remote, "one", Map.of("a.txt", "a\n"));
        JGitRepos.setRef(remote, "refs/heads/main", tip);
        RepoLocation location = RepoLocation.of(dir.resolve("remote.git").toString());
        Path cacheDir = dir.resolve("cache");
        List<String> seen = new ArrayList<>();
        try (JGitBackend backend = JGitBackend.builder()
                .cacheDirectory(cacheDir)
                .crashHook(point -> {
                    seen.add(point + " keep files: " + keepFiles(cacheDir) + ", tracking ref: "
                            + (point == CrashHook.Point.MID_FETCH && hasTrackingRef(cacheDir)));
                })
                .build()) {
            backend.fetch(location, List.of("refs/heads/main"));
            assertThat(backend.isAncestor(CommitId.of(tip.name()), CommitId.of(tip.name())))
                    .isTrue();
            assertThat(keepFiles(cacheDir))
                    .as("the lock is released after the fetch")
                    .isZero();

            backend.fetch(location, List.of("refs/heads/main"));
        }
        assertThat(seen).containsExactly("MID_FETCH keep files: 1, tracking ref: false");
    }

    private static long keepFiles(Path cache) {
        try (Stream<Path> files = Files.list(cache.resolve("objects/pack"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".keep"))
                    .count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether any tracking ref exists yet (loose or packed). */
    private static boolean hasTrackingRef(Path cache) {
        try (Stream<Path> files = Files.walk(cache.resolve("refs"))) {
            boolean loose = files.anyMatch(Files::isRegularFile);
            Path packed = cache.resolve("packed-refs");
            return loose || (Files.exists(packed) && Files.readString(packed).contains("refs/"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
