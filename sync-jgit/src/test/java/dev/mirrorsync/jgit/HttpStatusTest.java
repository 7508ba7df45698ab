package dev.mirrorsync.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.MirrorSyncException.Reason;
import dev.mirrorsync.core.RepoLocation;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A git server that answers with an HTTP error: the failure's reason comes from the status of the answer, not from
 * digits in a message. The repository path holds a 5xx-looking number, and the answer's reason phrase says nothing.
 */
class HttpStatusTest {
    @TempDir
    Path temp;

    HttpServer server;
    volatile int status;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = "no".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @ParameterizedTest
    @CsvSource({
        "411, UNSUPPORTED",
        "413, UNSUPPORTED",
        "503, SERVER_ERROR",
        "500, SERVER_ERROR",
        "403, PERMISSION",
        "429, RATE_LIMITED"
    })
    void theStatusDecidesTheReason(int answer, Reason expected) {
        status = answer;
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/pack-1404/repo.git";
        try (JGitBackend backend =
                JGitBackend.builder().cacheDirectory(temp.resolve("cache")).build()) {
            assertThatThrownBy(() -> backend.listRefs(RepoLocation.of(url), List.of("refs/heads/main")))
                    .isInstanceOfSatisfying(MirrorSyncException.class, e -> {
                        assertThat(e.reason()).as(e.getMessage()).isEqualTo(expected);
                        assertThat(e.getMessage()).contains("HTTP " + answer);
                    });
        }
    }
}
