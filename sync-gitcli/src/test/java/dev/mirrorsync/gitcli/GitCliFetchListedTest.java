package dev.mirrorsync.gitcli;

import static dev.mirrorsync.jgit.GitCli.commitOn;
import static dev.mirrorsync.jgit.GitCli.initBare;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.jgit.GitCli;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GitCliBackend#fetchListed} asks for the listed ids themselves; when the server will not send one (here an id
 * it does not have, answered "not our ref" as protocol v0 answers a ref that moved), the refs are fetched by name.
 */
class GitCliFetchListedTest {
    @TempDir
    Path dir;

    @Test
    void fetchesTheListedIds() {
        Path bare = initBare(dir.resolve("remote.git"));
        CommitId a = CommitId.of(commitOn(bare, "main", "a"));
        CommitId b = CommitId.of(commitOn(bare, "main", "b"));
        RepoLocation remote = RepoLocation.of(bare.toString());
        try (GitCliBackend backend =
                GitCliBackend.builder().cacheDirectory(dir.resolve("cache")).build()) {
            Map<String, CommitId> listed = backend.listRefs(remote, List.of("refs/heads/main"));
            CommitId c = CommitId.of(commitOn(bare, "main", "c"));

            backend.fetchListed(remote, listed);

            assertThat(backend.isAncestor(a, b)).isTrue();
            assertThat(GitCli.run(dir.resolve("cache"), null, "cat-file", "-e", b.hex())
                            .exit())
                    .as("b, as listed, is in the cache")
                    .isZero();
            assertThat(GitCli.run(dir.resolve("cache"), null, "cat-file", "-e", c.hex())
                            .exit())
                    .as("c landed after the listing: not fetched")
                    .isNotZero();
        }
    }

    @Test
    void anIdTheServerWillNotSendIsFetchedByName() {
        Path bare = initBare(dir.resolve("remote.git"));
        CommitId a = CommitId.of(commitOn(bare, "main", "a"));
        CommitId b = CommitId.of(commitOn(bare, "main", "b"));
        RepoLocation remote = RepoLocation.of(bare.toString());
        try (GitCliBackend backend =
                GitCliBackend.builder().cacheDirectory(dir.resolve("cache")).build()) {
            backend.fetchListed(remote, Map.of("refs/heads/main", CommitId.of("1".repeat(40))));

            assertThat(backend.isAncestor(a, b)).as("main fetched by name").isTrue();
        }
    }
}
