package dev.mirrorsync.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.MirrorSyncException.Reason;
import dev.mirrorsync.core.RepoLocation;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrorTranslationTest {
    @TempDir
    Path temp;

    @Test
    void aRefusedConnectionIsARetryableNetworkFailure() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/repo.git";
        try (JGitBackend backend =
                JGitBackend.builder().cacheDirectory(temp.resolve("cache")).build()) {
            assertThatThrownBy(
                            () -> backend.listRefs(RepoLocation.of(url, Optional.of("t")), List.of("refs/heads/main")))
                    .isInstanceOfSatisfying(MirrorSyncException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.NETWORK);
                        assertThat(e.isRetryable()).isTrue();
                        assertThat(e.getMessage()).contains(url).contains("retried");
                    });
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOutAfterTheConfiguredTimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0);
                JGitBackend backend = JGitBackend.builder()
                        .cacheDirectory(temp.resolve("cache"))
                        .timeout(Duration.ofSeconds(1))
                        .build()) {
            Thread acceptor = new Thread(() -> {
                try (Socket held = silent.accept()) {
                    Thread.sleep(10_000);
                } catch (Exception e) {
                    // closed by the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long start = System.nanoTime();
            assertThatThrownBy(() -> backend.listRefs(
                            RepoLocation.of("http://127.0.0.1:" + silent.getLocalPort() + "/r.git"),
                            List.of("refs/heads/main")))
                    .isInstanceOfSatisfying(
                            MirrorSyncException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.NETWORK));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        }
    }

    @Test
    void jgitFailuresAreClassifiedByWhatWentWrong() throws Exception {
        URIish uri = new URIish("https://git.example/repo.git");
        assertThat(JGitErrors.classify(new TransportException(uri, "not authorized"), -1))
                .isEqualTo(Reason.AUTHENTICATION);
        assertThat(JGitErrors.classify(
                        new TransportException(
                                uri, "Authentication is required but no CredentialsProvider has been registered"),
                        -1))
                .isEqualTo(Reason.AUTHENTICATION);
        assertThat(JGitErrors.classify(new TransportException(uri, "git-receive-pack not permitted on 'x'"), -1))
                .isEqualTo(Reason.PERMISSION);
        assertThat(JGitErrors.classify(new NoRemoteRepositoryException(uri, "not found."), -1))
                .isEqualTo(Reason.NOT_FOUND);
        assertThat(JGitErrors.classify(new TransportException(uri, "502 Bad Gateway"), 502))
                .isEqualTo(Reason.SERVER_ERROR);
        // The status decides, not digits in the text: a 411 (a proxy that takes no chunked body) is not a network
        // fault.
        assertThat(JGitErrors.classify(new TransportException(uri, "411 Length Required"), 411))
                .isEqualTo(Reason.UNSUPPORTED);
        assertThat(JGitErrors.classify(new TransportException(uri, "pack-9f503aa in transit; connection reset"), -1))
                .isEqualTo(Reason.NETWORK);
        assertThat(JGitErrors.classify(
                        new TransportException(
                                uri, "cannot open git-upload-pack", new UnknownHostException("git.example")),
                        -1))
                .isEqualTo(Reason.NETWORK);
        assertThat(JGitErrors.classify(
                        new TransportException(uri, "connection failed", new ConnectException("Connection refused")),
                        -1))
                .isEqualTo(Reason.NETWORK);
        assertThat(JGitErrors.classify(
                        new TransportException(
                                uri, "Connection time out: git.example", new SocketTimeoutException("Read timed out")),
                        -1))
                .isEqualTo(Reason.NETWORK);
        assertThat(JGitErrors.classify(new TransportException(uri, "remote hung up unexpectedly"), -1))
                .isEqualTo(Reason.NETWORK);
    }

    @Test
    void aMessageNamesTheRemoteAndRedactsTheTokenFromServerText() {
        MirrorSyncException e = JGitErrors.remote(
                "listing refs of",
                "https://git.example/repo.git",
                new TransportException("500 Internal Server Error: echoing tok-abc"),
                Redactor.of(Optional.of("tok-abc")),
                500);
        assertThat(e.reason()).isEqualTo(Reason.SERVER_ERROR);
        assertThat(e.getMessage())
                .startsWith("listing refs of https://git.example/repo.git failed")
                .contains("echoing ****")
                .doesNotContain("tok-abc");
    }

    @Test
    void aBadRefNameIsInvalidInput() {
        try (JGitBackend backend =
                JGitBackend.builder().cacheDirectory(temp.resolve("cache")).build()) {
            assertThatThrownBy(() -> backend.listRefs(RepoLocation.of(temp.toString()), List.of("main")))
                    .isInstanceOfSatisfying(
                            MirrorSyncException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT));
            assertThatThrownBy(() -> backend.fetch(RepoLocation.of(temp.toString()), List.of("refs/heads/bad..name")))
                    .isInstanceOfSatisfying(
                            MirrorSyncException.class,
                            e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT));
        }
    }
}
