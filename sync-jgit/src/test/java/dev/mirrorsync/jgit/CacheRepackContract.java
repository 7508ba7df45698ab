package dev.mirrorsync.jgit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.core.CacheDirectory;
import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.spi.GitBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cache's repack policy, for every backend on a real repository: a cache that has gathered more than
 * {@link CacheDirectory#PACK_LIMIT} packs (one per fetch of a new commit) is repacked when its backend closes, while
 * the backend still holds the lock; afterwards it has at most two packs and still holds every commit and every
 * tracking ref it had.
 *
 * <pre>
 *   c1 - c2 - ... - c(PACK_LIMIT + 3)    remote main, one new commit fetched per run (a pack each)
 * </pre>
 */
public abstract class CacheRepackContract {
    static final String MAIN = "refs/heads/main";

    @TempDir
    protected Path temp;

    /** Opens the backend under test on the cache directory. */
    protected abstract GitBackend open(Path cache);

    /** Called once the cache exists, before the runs: a backend whose small fetches leave loose objects makes them packs. */
    protected void afterCreate(Path cache) {}

    @Test
    void aCacheWithTooManyPacksIsRepackedOnCloseAndLosesNothing() throws Exception {
        Path remoteRepo = GitCli.initBare(temp.resolve("remote.git"));
        RepoLocation remote = RepoLocation.of(remoteRepo.toString());
        Path cache = temp.resolve("cache");
        List<String> commits = new ArrayList<>();
        commits.add(GitCli.commitOn(remoteRepo, "main", "c1"));
        close(fetched(open(cache), remote));
        afterCreate(cache);
        GitBackend last = null;
        for (int i = 2; i <= CacheDirectory.PACK_LIMIT + 3; i++) {
            commits.add(GitCli.commitOn(remoteRepo, "main", "c" + i));
            GitBackend backend = fetched(open(cache), remote);
            if (packs(cache) > CacheDirectory.PACK_LIMIT) {
                last = backend;
                break;
            }
            close(backend);
        }
        assertThat(last)
                .as("a pack per fetch: more than %d packs before a close", CacheDirectory.PACK_LIMIT)
                .isNotNull();
        int before = packs(cache);

        close(last);

        assertThat(packs(cache))
                .as("packs after the close that repacked %d", before)
                .isLessThanOrEqualTo(2);
        GitBackend reopened = open(cache);
        try {
            CommitId tip = CommitId.of(commits.get(commits.size() - 1));
            CommitId first = CommitId.of(commits.get(0));
            assertThat(reopened.commitsOnlyIn(tip, List.of(), 1).total()).isEqualTo(commits.size());
            assertThat(reopened.isAncestor(first, tip)).isTrue();
            // the tracking ref survived: nothing new to fetch, and the backend can push from what it holds
            reopened.fetch(remote, List.of(MAIN));
            assertThat(packs(cache)).isLessThanOrEqualTo(2);
        } finally {
            close(reopened);
        }
    }

    @Test
    void aCacheUnderThePackLimitIsLeftAsItIs() throws Exception {
        Path remoteRepo = GitCli.initBare(temp.resolve("remote.git"));
        RepoLocation remote = RepoLocation.of(remoteRepo.toString());
        Path cache = temp.resolve("cache");
        GitCli.commitOn(remoteRepo, "main", "c1");
        close(fetched(open(cache), remote));
        afterCreate(cache);
        int start = packs(cache);
        for (int i = 2; i <= 4; i++) {
            GitCli.commitOn(remoteRepo, "main", "c" + i);
            close(fetched(open(cache), remote));
        }
        assertThat(packs(cache)).as("one more pack per fetch, none repacked").isEqualTo(start + 3);
    }

    private static GitBackend fetched(GitBackend backend, RepoLocation remote) {
        backend.fetch(remote, List.of(MAIN));
        return backend;
    }

    private static void close(GitBackend backend) throws Exception {
        ((AutoCloseable) backend).close();
    }

    static int packs(Path cache) throws Exception {
        try (Stream<Path> files = Files.list(cache.resolve("objects").resolve("pack"))) {
            return (int) files.filter(f -> f.getFileName().toString().endsWith(".pack"))
                    .count();
        }
    }
}
