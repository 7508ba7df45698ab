package dev.mirrorsync.jgit;

import static dev.mirrorsync.jgit.GitCli.commitOn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.spi.RefUpdate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JGit's GitServlet in Jetty 12, with token basic auth. */
class JGitHttpRemoteTest extends AbstractHttpRemoteTest {
    static final String READ_ONLY_TOKEN = "tok-read-only-77aa";

    @TempDir
    static Path root;

    static JGitHttpServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = new JGitHttpServer(root, TOKEN, READ_ONLY_TOKEN);
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    @Override
    Path root() {
        return root;
    }

    @Override
    String url(String name) {
        return server.url(name);
    }

    @Override
    void duringNextPush(Path bare, String... gitArgs) {
        server.beforeNextRefUpdate(() -> GitCli.git(bare, gitArgs));
    }

    @Test
    void aTokenWithoutWriteAccessIsAPermissionFailureOnPush() {
        String name = newRepo();
        String tip = commitOn(bare(name), "main", "one");
        RepoLocation readOnly = RepoLocation.of(url(name), Optional.of(READ_ONLY_TOKEN));
        backend.fetch(readOnly, List.of(MAIN));
        assertThatThrownBy(() -> backend.push(readOnly, RefUpdate.create("refs/heads/copy", CommitId.of(tip))))
                .isInstanceOfSatisfying(MirrorSyncException.class, e -> {
                    assertThat(e.reason()).isEqualTo(MirrorSyncException.Reason.PERMISSION);
                    assertThat(e.getMessage()).contains(url(name)).doesNotContain(READ_ONLY_TOKEN);
                });
    }

    @Test
    void aServerErrorIsRetryable() {
        String name = newRepo();
        server.failWith(503);
        try {
            assertThatThrownBy(() -> backend.listRefs(location(name), List.of(MAIN)))
                    .isInstanceOfSatisfying(MirrorSyncException.class, e -> {
                        assertThat(e.reason()).isEqualTo(MirrorSyncException.Reason.SERVER_ERROR);
                        assertThat(e.isRetryable()).isTrue();
                    });
        } finally {
            server.failWith(0);
        }
    }

    @Test
    void listingUsesOnlyTheRefAdvertisementAndARepeatedFetchAsksForNoPack() {
        String name = newRepo();
        commitOn(bare(name), "main", "one");
        server.clearRequests();
        backend.listRefs(location(name), List.of(MAIN));
        // Protocol v2 lists refs with a POSTed ls-refs command; either way no object is asked for.
        assertThat(server.requests()).isNotEmpty().noneMatch(r -> r.endsWith("[fetch]"));

        backend.fetch(location(name), List.of(MAIN));
        assertThat(server.requests()).anyMatch(r -> r.endsWith("/git-upload-pack [fetch]"));

        server.clearRequests();
        backend.fetch(location(name), List.of(MAIN));
        assertThat(server.requests()).isNotEmpty().noneMatch(r -> r.endsWith("[fetch]"));
    }

    @Test
    void fetchProgressReachesTheListener() {
        String name = newRepo();
        for (int i = 0; i < 5; i++) {
            commitOn(bare(name), "main", "commit " + i);
        }
        List<String> heard = new ArrayList<>();
        try (JGitBackend listening = JGitBackend.builder()
                .progressListener((repo, task, done, total) -> heard.add(repo + "|" + task + "|" + done + "/" + total))
                .build()) {
            listening.fetch(location(name), List.of(MAIN));
        }
        assertThat(heard).isNotEmpty().allMatch(line -> line.startsWith(url(name) + "|"));
    }
}
