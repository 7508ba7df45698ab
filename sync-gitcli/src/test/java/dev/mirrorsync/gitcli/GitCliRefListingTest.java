package dev.mirrorsync.gitcli;

import static dev.mirrorsync.jgit.GitCli.commit;
import static dev.mirrorsync.jgit.GitCli.git;
import static dev.mirrorsync.jgit.GitCli.gitWithInput;
import static dev.mirrorsync.jgit.GitCli.initBare;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.jgit.GitHttpBackendServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The git backend's listing asks the server for the wanted refs only (protocol v2's {@code ls-refs} with ref
 * prefixes: {@link RefListing}), over C git's smart HTTP with a token, {@code file://} and a plain path; answers
 * exactly what {@code git for-each-ref} on the server says for the names and prefixes asked, whichever way it was
 * asked; and falls back to {@code ls-remote} (which asks for every ref) when the fast way fails.
 */
class GitCliRefListingTest {
    private static final String TOKEN = "tok-listing-7c1a-SECRET";
    private static final List<String> NAMES =
            List.of("refs/heads/main", "refs/mirror-sync/synced/main", "refs/heads/absent");
    private static final List<String> PREFIXES = List.of("refs/tags/");

    @TempDir
    Path dir;

    private Path root;
    private Path bare;
    private Path argv;

    /**
     * A repository with the refs a name or prefix could wrongly catch: {@code main-2} and {@code refs/x/refs/heads/main}
     * (a prefix and a tail of {@code refs/heads/main}), many pull refs (as GitHub advertises), a lightweight and an
     * annotated tag, the watermark.
     */
    @BeforeEach
    void repository() throws IOException {
        root = Files.createDirectories(dir.resolve("served"));
        bare = initBare(root.resolve("private.git"));
        String first = commit(bare, "first", Map.of("a.txt", "a\n"));
        String second = commit(bare, "second", Map.of("a.txt", "b\n"), first);
        StringBuilder refs = new StringBuilder()
                .append("update refs/heads/main ")
                .append(second)
                .append('\n')
                .append("update refs/heads/main-2 ")
                .append(first)
                .append('\n')
                .append("update refs/x/refs/heads/main ")
                .append(first)
                .append('\n')
                .append("update refs/mirror-sync/synced/main ")
                .append(first)
                .append('\n')
                .append("update refs/tags/v1 ")
                .append(first)
                .append('\n');
        for (int pull = 1; pull <= 300; pull++) {
            refs.append("update refs/pull/")
                    .append(pull)
                    .append("/head ")
                    .append(first)
                    .append('\n');
        }
        gitWithInput(bare, refs.toString(), "update-ref", "--stdin");
        git(bare, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "tag", "-a", "-m", "two", "v2", second);
        argv = dir.resolve("argv.log");
    }

    @Test
    void overSmartHttpTheServerIsAskedForTheWantedRefsOnly() throws Exception {
        try (GitCliBackend backend = backend(recordingGit(""));
                GitHttpBackendServer server = server()) {
            Map<String, CommitId> listed =
                    backend.listRefs(RepoLocation.of(server.url("private.git"), Optional.of(TOKEN)), NAMES, PREFIXES);

            assertThat(listed).isEqualTo(expected());
            assertThat(server.refPrefixes())
                    .as("one listing, with a ref prefix per name and prefix asked")
                    .containsExactly(String.join(" ", NAMES) + " " + String.join(" ", PREFIXES));
        }
        assertThat(Files.readString(argv))
                .contains("remote-http")
                .doesNotContain("ls-remote")
                .doesNotContain(TOKEN);
    }

    @Test
    void aLocalRepositoryIsAskedThroughUploadPackByPathOrFileUrl() throws IOException {
        for (String url : List.of(bare.toString(), "file://" + bare)) {
            Files.deleteIfExists(argv);
            try (GitCliBackend backend = backend(recordingGit(""))) {
                assertThat(backend.listRefs(RepoLocation.of(url), NAMES, PREFIXES))
                        .as(url)
                        .isEqualTo(expected());
            }
            assertThat(Files.readString(argv)).as(url).contains("upload-pack").doesNotContain("ls-remote");
        }
    }

    /** A git whose fast way fails (as a helper or upload-pack that dies would): ls-remote answers the same. */
    @Test
    void whenTheFastWayFailsLsRemoteListsEveryRefAndTheAnswerIsTheSame() throws Exception {
        String failing = "case \"$*\" in *remote-http*|*upload-pack*) echo 'fatal: not today' >&2; exit 128;; esac\n";
        try (GitCliBackend backend = backend(recordingGit(failing));
                GitHttpBackendServer server = server()) {
            assertThat(backend.listRefs(
                            RepoLocation.of(server.url("private.git"), Optional.of(TOKEN)), NAMES, PREFIXES))
                    .isEqualTo(expected());
            assertThat(server.refPrefixes())
                    .as("ls-remote's patterns match tails, so it asks for every ref")
                    .containsExactly("");
            assertThat(backend.listRefs(RepoLocation.of(bare.toString()), NAMES, PREFIXES))
                    .isEqualTo(expected());
        }
        assertThat(Files.readAllLines(argv))
                .filteredOn(l -> l.contains("ls-remote"))
                .hasSize(2);
    }

    @Test
    void aRepositoryThatIsNotThereIsStillReportedInGitsWords() throws IOException {
        try (GitCliBackend backend = backend(recordingGit(""))) {
            assertThatThrownBy(() -> backend.listRefs(
                            RepoLocation.of(dir.resolve("nowhere.git").toString()), NAMES, PREFIXES))
                    .isInstanceOfSatisfying(
                            MirrorSyncException.class,
                            e -> assertThat(e.reason()).isEqualTo(MirrorSyncException.Reason.NOT_FOUND))
                    .hasMessageContaining("nowhere.git");
        }
    }

    /**
     * A smart-HTTP server whose advertisement works and whose ls-refs request fails (a 503, as from a proxy): the
     * helper then sends no listing, only its response-end, and exits 0. That is no answer, not an empty listing.
     */
    @Test
    void aListingRequestThatFailsIsNoAnswerNotAnEmptyListing() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] advertisement = ("000eversion 2\n" + "0013ls-refs=unborn\n" + "0017object-format=sha1\n" + "0000")
                .getBytes(StandardCharsets.US_ASCII);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (exchange.getRequestMethod().equals("GET")) {
                exchange.getResponseHeaders().add("Content-Type", "application/x-git-upload-pack-advertisement");
                exchange.sendResponseHeaders(200, advertisement.length);
                exchange.getResponseBody().write(advertisement);
            } else {
                exchange.sendResponseHeaders(503, -1);
            }
            exchange.close();
        });
        server.start();
        try (GitCliBackend backend = backend(recordingGit(""))) {
            RepoLocation location =
                    RepoLocation.of("http://127.0.0.1:" + server.getAddress().getPort() + "/private.git");
            GitProcess git = new GitProcess("git", null, Duration.ofSeconds(60));

            assertThat(RefListing.list(git, new GitProcess.Command(), location, NAMES))
                    .isEmpty();
            assertThatThrownBy(() -> backend.listRefs(location, NAMES, PREFIXES))
                    .as("ls-remote then says what went wrong")
                    .isInstanceOf(MirrorSyncException.class);
        } finally {
            server.stop(0);
        }
    }

    /**
     * A server that takes the connection and never answers: the deadline stops the helper too (not only the git that
     * started it, which would leave the helper holding the pipe and the run waiting for ever).
     */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aServerThatNeverAnswersIsStoppedAtTheDeadline() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept());
                    }
                } catch (IOException e) {
                    // closed: the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            GitProcess git = new GitProcess("git", null, Duration.ofSeconds(2));
            RepoLocation location = RepoLocation.of("http://127.0.0.1:" + silent.getLocalPort() + "/private.git");

            assertThatThrownBy(() -> RefListing.list(git, new GitProcess.Command(), location, NAMES))
                    .isInstanceOfSatisfying(
                            MirrorSyncException.class,
                            e -> assertThat(e.reason()).isEqualTo(MirrorSyncException.Reason.NETWORK))
                    .hasMessageContaining("was stopped");
            assertThat(accepted).as("the helper did connect").isNotEmpty();
            for (Socket socket : accepted) {
                socket.close();
            }
        }
    }

    /** What the server holds under the names and prefixes asked: each ref's own id (a tag object's for v2). */
    private Map<String, CommitId> expected() {
        Map<String, CommitId> expected = new LinkedHashMap<>();
        String listing = git(bare, "for-each-ref", "--format=%(objectname) %(refname)");
        for (String line : listing.lines().toList()) {
            String name = line.substring(line.indexOf(' ') + 1);
            if (NAMES.contains(name) || PREFIXES.stream().anyMatch(name::startsWith)) {
                expected.put(name, CommitId.of(line.substring(0, line.indexOf(' '))));
            }
        }
        assertThat(expected)
                .containsOnlyKeys("refs/heads/main", "refs/mirror-sync/synced/main", "refs/tags/v1", "refs/tags/v2");
        assertThat(expected.get("refs/tags/v2").hex()).isNotEqualTo(git(bare, "rev-parse", "v2^{commit}"));
        return expected;
    }

    /** A {@code git} that records each argument list, after {@code before} (shell lines that may fail it). */
    private Path recordingGit(String before) throws IOException {
        Path wrapper = dir.resolve("git-recording-" + Math.abs(before.hashCode()));
        Files.writeString(
                wrapper, "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '" + argv + "'\n" + before + "exec git \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        return wrapper;
    }

    private GitCliBackend backend(Path git) {
        return GitCliBackend.builder()
                .cacheDirectory(dir.resolve("cache"))
                .gitExecutable(git.toString())
                .build();
    }

    /** C git's smart HTTP over the served directory, with token basic auth. */
    private GitHttpBackendServer server() throws IOException, InterruptedException {
        return new GitHttpBackendServer(root, Files.createDirectories(dir.resolve("http")), TOKEN);
    }
}
