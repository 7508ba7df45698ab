package dev.mirrorsync.jgit;

import static dev.mirrorsync.jgit.GitCli.commitOn;
import static dev.mirrorsync.jgit.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.spi.GitBackend;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GitBackend#fetchListed} over C git's smart HTTP: the fetch brings the ids the listing gave (not what the ref
 * became since) without listing the refs again, and an id the server no longer has is fetched by name instead.
 * Subclasses in other modules run the same cases through another backend.
 */
public class FetchListedOverHttpTest {
    private static final String TOKEN = "tok-listed-41d7c0aa-SECRET";
    private static final String MAIN = "refs/heads/main";

    @TempDir
    static Path root;

    @TempDir
    static Path work;

    @TempDir
    Path dir;

    static GitHttpBackendServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = new GitHttpBackendServer(root, work, TOKEN);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    protected GitBackend backend(Path cache) {
        return JGitBackend.builder().cacheDirectory(cache).build();
    }

    /*
     * a - b      main when listed
     *       \
     *        c   pushed by someone else after the listing
     */
    @Test
    void fetchesWhatWasListedWithoutListingAgain() throws Exception {
        Path bare = GitCli.initBare(root.resolve("listed.git"));
        commitOn(bare, "main", "a");
        String b = commitOn(bare, "main", "b");
        RepoLocation remote = RepoLocation.of(server.url("listed.git"), Optional.of(TOKEN));
        Path cache = dir.resolve("cache");
        GitBackend backend = backend(cache);
        try {
            Map<String, CommitId> listed = backend.listRefs(remote, List.of(MAIN));
            assertThat(listed).containsExactly(Map.entry(MAIN, CommitId.of(b)));
            String c = commitOn(bare, "main", "c");
            int before = server.requests().size();

            backend.fetchListed(remote, listed);

            List<String> fetching =
                    server.requests().subList(before, server.requests().size());
            assertThat(fetching)
                    .as("the fetch's requests")
                    .anyMatch(r -> r.endsWith("command=fetch"))
                    .noneMatch(r -> r.endsWith("command=ls-refs"));
            assertThat(GitCli.run(cache, null, "cat-file", "-e", b + "^{commit}")
                            .exit())
                    .as("b, as listed, is in the cache")
                    .isZero();
            assertThat(GitCli.run(cache, null, "cat-file", "-e", c).exit())
                    .as("c landed after the listing")
                    .isNotZero();
            assertThat(git(cache, "for-each-ref", "--format=%(objectname) %(refname)", "refs/mirror-sync/cache/"))
                    .as("the tracking ref is at the listed id")
                    .contains(b + " ")
                    .endsWith("/heads/main");
        } finally {
            close(backend);
        }
    }

    /*
     * a - b      main when listed; then main is reset to a, b is pruned on the server, and d lands:
     * a - d      main now
     */
    @Test
    void anIdTheServerNoLongerHasIsFetchedByName() throws Exception {
        Path bare = GitCli.initBare(root.resolve("pruned.git"));
        String a = commitOn(bare, "main", "a");
        String b = commitOn(bare, "main", "b");
        RepoLocation remote = RepoLocation.of(server.url("pruned.git"), Optional.of(TOKEN));
        Path cache = dir.resolve("cache");
        GitBackend backend = backend(cache);
        try {
            Map<String, CommitId> listed = backend.listRefs(remote, List.of(MAIN));
            git(bare, "update-ref", MAIN, a);
            git(bare, "reflog", "expire", "--expire=now", "--all");
            git(bare, "gc", "-q", "--prune=now");
            assertThat(GitCli.run(bare, null, "cat-file", "-e", b).exit())
                    .as("b is gone from the server")
                    .isNotZero();
            String d = commitOn(bare, "main", "d");

            backend.fetchListed(remote, listed);

            assertThat(GitCli.run(cache, null, "cat-file", "-e", d + "^{commit}")
                            .exit())
                    .as("main fetched by name: d is in the cache")
                    .isZero();
        } finally {
            close(backend);
        }
    }

    private static void close(GitBackend backend) throws Exception {
        if (backend instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
