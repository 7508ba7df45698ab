package dev.mirrorsync.jgit;

import static dev.mirrorsync.jgit.GitCli.git;
import static dev.mirrorsync.jgit.GitCli.revParse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.MirrorSyncException.Reason;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.spi.RefUpdate;
import dev.mirrorsync.testing.FaultProxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A push whose request body stops being taken in the middle of its pack (a black-holed connection: the proxy reads no
 * more, so our writes block once the socket buffers are full). A read timeout cannot end that: before the fix the push
 * waited until the proxy let go. Now the write deadline closes the connection, and the push fails as a NETWORK failure
 * that names the configured bound, and leaves the remote's ref where it was.
 *
 * <pre>
 *   private  B - big        public  B        (fast-forward public to big: about 6 MiB of pack)
 * </pre>
 */
class StalledPushTest {
    private static final String TOKEN = "tok-stall-31d0a7c9";
    private static final Duration PROXY_GIVES_UP_AFTER = Duration.ofSeconds(45);

    @TempDir
    static Path root;

    static JGitHttpServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new JGitHttpServer(root, TOKEN, "tok-read-only-unused");
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void aRequestBodyThatStallsMidPackEndsAsANetworkFailureNamingTheBound() throws Exception {
        Path priv = GitCli.initBare(root.resolve("private.git"));
        Path pub = GitCli.initBare(root.resolve("public.git"));
        String base = GitCli.commitOn(priv, "main", "base");
        git(pub, "fetch", "-q", priv.toString(), "refs/heads/main:refs/heads/main");
        byte[] data = new byte[6 * 1024 * 1024];
        new Random(7).nextBytes(data);
        String big = GitCli.commit(
                priv, "big", Map.of("big.bin", Base64.getMimeEncoder().encodeToString(data)), base);
        git(priv, "update-ref", "refs/heads/main", big);

        RepoLocation privRepo = RepoLocation.of(server.url("private.git"), Optional.of(TOKEN));
        String pubUrl = server.url("public.git");
        int port = Integer.parseInt(pubUrl.substring("http://127.0.0.1:".length(), pubUrl.indexOf("/git/")));
        try (JGitBackend backend =
                JGitBackend.builder().cacheDirectory(root.resolve("cache")).build()) {
            backend.fetch(privRepo, List.of("refs/heads/main"));
        }
        try (FaultProxy proxy = FaultProxy.start("127.0.0.1", port, 1, PROXY_GIVES_UP_AFTER);
                JGitBackend backend = JGitBackend.builder()
                        .cacheDirectory(root.resolve("cache"))
                        .timeout(Duration.ofSeconds(1))
                        .build()) {
            // Every connection to the public side takes 256 KiB of request and then reads no more.
            proxy.script(FaultProxy.Fault.STALL, FaultProxy.Direction.REQUEST, 256 * 1024);
            RepoLocation pubRepo = RepoLocation.of(proxy.rewrite(pubUrl), Optional.of(TOKEN));
            RefUpdate update = RefUpdate.fastForward("refs/heads/main", CommitId.of(base), CommitId.of(big));

            long started = System.nanoTime();
            assertThatThrownBy(() -> backend.push(pubRepo, update))
                    .isInstanceOfSatisfying(MirrorSyncException.class, e -> {
                        // Printed, not asserted: the message below names the bound that ended the push.
                        System.out.println("[StalledPushTest] " + proxy.summary() + "; the push ended after "
                                + Duration.ofNanos(System.nanoTime() - started).toMillis()
                                + " ms (1000 ms write bound; the proxy"
                                + " would have let go after " + PROXY_GIVES_UP_AFTER.toMillis() + " ms): "
                                + e.getMessage());
                        assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.NETWORK);
                        assertThat(e.getMessage())
                                .contains("(sending to 127.0.0.1 made no progress for 1000 ms")
                                .as("no tenfold read timer that never ran")
                                .doesNotContain("10,000 ms");
                    });
            assertThat(proxy.fired()).as(proxy.summary()).containsEntry(FaultProxy.Fault.STALL, 1);
        }
        assertThat(revParse(pub, "refs/heads/main")).isEqualTo(base);
    }

    /*
     * The server takes the whole pack and then says nothing (its pre-receive hook hangs): JGit would wait ten times the
     * timeout for the verdict on a pushed pack, but over HTTP the connection's read timeout ends it after one timeout,
     * and the message names that bound, not JGit's tenfold one.
     */
    @Test
    void aServerSilentAfterThePackEndsAfterOneReadTimeoutNamedTruly() throws Exception {
        Path priv = GitCli.initBare(root.resolve("silent-private.git"));
        Path pub = GitCli.initBare(root.resolve("silent-public.git"));
        String base = GitCli.commitOn(priv, "main", "base");
        git(pub, "fetch", "-q", priv.toString(), "refs/heads/main:refs/heads/main");
        String next = GitCli.commitOn(priv, "main", "next");
        CountDownLatch release = new CountDownLatch(1);
        try (JGitBackend backend = JGitBackend.builder()
                .cacheDirectory(root.resolve("silent-cache"))
                .timeout(Duration.ofSeconds(1))
                .build()) {
            backend.fetch(
                    RepoLocation.of(server.url("silent-private.git"), Optional.of(TOKEN)), List.of("refs/heads/main"));
            server.beforeNextRefUpdate(() -> {
                try {
                    release.await(PROXY_GIVES_UP_AFTER.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("declined after the client gave up");
            });
            RepoLocation pubRepo = RepoLocation.of(server.url("silent-public.git"), Optional.of(TOKEN));
            long started = System.nanoTime();
            assertThatThrownBy(() -> backend.push(
                            pubRepo, RefUpdate.fastForward("refs/heads/main", CommitId.of(base), CommitId.of(next))))
                    .isInstanceOfSatisfying(MirrorSyncException.class, e -> {
                        // Printed, not asserted: what is asserted is the bound the message names.
                        System.out.println("[StalledPushTest] a silent server: the push ended after "
                                + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms (1000 ms timeout): "
                                + e.getMessage());
                        assertThat(e.reason()).as(e.getMessage()).isEqualTo(Reason.NETWORK);
                        assertThat(e.getMessage())
                                .contains("1000 ms")
                                .doesNotContain("10,000 ms")
                                .doesNotContain("10000 ms");
                    });
        } finally {
            release.countDown();
        }
        assertThat(revParse(pub, "refs/heads/main")).isEqualTo(base);
    }
}
