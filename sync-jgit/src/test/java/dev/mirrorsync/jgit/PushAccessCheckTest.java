package dev.mirrorsync.jgit;

import static dev.mirrorsync.jgit.GitCli.commitOn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.MirrorSyncException.Reason;
import dev.mirrorsync.core.RepoLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JGitBackend#checkPushAccess}, the pre-flight of {@code sync --check}, against JGit's smart-HTTP server and C
 * git's {@code git-http-backend}: a token that may push passes, a read-only, wrong or missing token and a missing
 * repository fail with the reason the real push would have, and nothing is ever sent (no receive-pack POST, no ref moved).
 */
class PushAccessCheckTest {
    static final String TOKEN = "tok-check-4b1e-SECRET";
    static final String READ_ONLY = "tok-check-ro-9d2f-SECRET";

    @TempDir
    static Path root;

    static JGitHttpServer server;

    @TempDir
    Path temp;

    JGitBackend backend;
    String tip;

    @BeforeAll
    static void start() throws Exception {
        server = new JGitHttpServer(root, TOKEN, READ_ONLY);
        Path repo = GitCli.initBare(root.resolve("repo.git"));
        commitOn(repo, "main", "one");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @BeforeEach
    void open() {
        backend = JGitBackend.builder().cacheDirectory(temp.resolve("cache")).build();
        tip = GitCli.revParse(root.resolve("repo.git"), "refs/heads/main");
        server.clearRequests();
    }

    @AfterEach
    void close() {
        backend.close();
        assertThat(server.requests()).noneMatch(r -> r.startsWith("POST") && r.contains("receive-pack"));
        assertThat(GitCli.revParse(root.resolve("repo.git"), "refs/heads/main")).isEqualTo(tip);
    }

    @Test
    void aTokenThatMayPushPassesWithoutSendingAnything() {
        backend.checkPushAccess(RepoLocation.of(server.url("repo.git"), Optional.of(TOKEN)));
        assertThat(server.requests()).anyMatch(r -> r.contains("service=git-receive-pack"));
    }

    @Test
    void aReadOnlyTokenIsAPermissionFailure() {
        assertThatThrownBy(
                        () -> backend.checkPushAccess(RepoLocation.of(server.url("repo.git"), Optional.of(READ_ONLY))))
                .isInstanceOfSatisfying(MirrorSyncException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.PERMISSION);
                    assertThat(e.getMessage())
                            .contains(server.url("repo.git"))
                            .contains("write access")
                            .doesNotContain(READ_ONLY);
                });
    }

    @Test
    void aWrongTokenIsAnAuthenticationFailure() {
        assertThatThrownBy(() ->
                        backend.checkPushAccess(RepoLocation.of(server.url("repo.git"), Optional.of("wrong-" + TOKEN))))
                .isInstanceOfSatisfying(MirrorSyncException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION);
                    assertThat(e.getMessage()).doesNotContain(TOKEN);
                });
    }

    @Test
    void noTokenIsAnAuthenticationFailure() {
        assertThatThrownBy(() -> backend.checkPushAccess(RepoLocation.of(server.url("repo.git"))))
                .isInstanceOfSatisfying(
                        MirrorSyncException.class, e -> assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION));
    }

    @Test
    void aMissingRepositoryIsNotFound() {
        assertThatThrownBy(
                        () -> backend.checkPushAccess(RepoLocation.of(server.url("nowhere.git"), Optional.of(TOKEN))))
                .isInstanceOfSatisfying(
                        MirrorSyncException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
    }

    @Test
    void aLocalRepositoryPassesAndACacheIsNeverWritten() throws Exception {
        backend.checkPushAccess(RepoLocation.of(root.resolve("repo.git").toString()));
        try (var refs = Files.walk(temp.resolve("cache"))) {
            assertThat(refs.filter(p -> p.toString().contains("refs/mirror-sync")))
                    .isEmpty();
        }
    }

    @Test
    void cGitHttpBackendRefusesAWrongTokenAndAcceptsTheRightOne() throws Exception {
        Path served = Files.createDirectories(temp.resolve("cgit"));
        GitCli.initBare(served.resolve("c.git"));
        commitOn(served.resolve("c.git"), "main", "one");
        try (GitHttpBackendServer cgit =
                new GitHttpBackendServer(served, Files.createDirectories(temp.resolve("lighttpd")), TOKEN)) {
            backend.checkPushAccess(RepoLocation.of(cgit.url("c.git"), Optional.of(TOKEN)));
            assertThatThrownBy(() ->
                            backend.checkPushAccess(RepoLocation.of(cgit.url("c.git"), Optional.of("wrong-" + TOKEN))))
                    .isInstanceOfSatisfying(
                            MirrorSyncException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION));
        }
    }
}
