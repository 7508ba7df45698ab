package dev.mirrorsync.jgit;

import static dev.mirrorsync.jgit.GitCli.commitOn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.spi.GitBackend;
import dev.mirrorsync.core.spi.PushResult;
import dev.mirrorsync.core.spi.RefUpdate;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The secrets contract every git backend passes: drives every path that touches credentials (listing, fetching,
 * pushing, an up-to-date push, a stale lease, a wrong token, a missing repository, a read-only token) against JGit's
 * and C git's smart-HTTP servers, and looks for the tokens everywhere they could escape: every log line at every
 * level, exception messages and stack traces, push results, {@code toString()}, every file of the cache (its config
 * above all), and whatever the backend adds (the git backend: every argument list it started git with). That the
 * servers accepted the token proves it was really sent.
 */
public abstract class SecretsContract {
    protected static final String TOKEN = "tok-9b8c7d6e5f4a3b2c-SECRET";
    protected static final String WRONG = "tok-wrong-1a2b3c4d-SECRET";
    protected static final String READ_ONLY = "tok-read-only-0f0e0d-SECRET";

    @TempDir
    protected Path temp;

    /** Everything the run printed, returned or wrote that a token must not be in. */
    protected final List<String> outputs = new ArrayList<>();

    /** Opens the backend under test on {@code cache}; whatever it reports (progress, ...) may go to {@link #outputs}. */
    protected abstract GitBackend open(Path cache);

    /** The start of this backend's own debug log lines, e.g. {@code "DEBUG dev.mirrorsync.jgit"}. */
    protected abstract String debugLogPrefix();

    /** After the backend is closed: adds what else the backend left (argument lists, ...) to {@link #outputs}. */
    protected void afterRuns() throws Exception {}

    @Test
    void noTokenEscapesThroughJGitsServer() throws Exception {
        Path root = Files.createDirectories(temp.resolve("jgit-served"));
        try (JGitHttpServer server = new JGitHttpServer(root, TOKEN, READ_ONLY)) {
            exercise(root, server::url, true);
        }
        assertNothingLeaked();
    }

    @Test
    void noTokenEscapesThroughGitHttpBackend() throws Exception {
        GitHttpBackendServer.requireLighttpd();
        Path root = Files.createDirectories(temp.resolve("cgit-served"));
        try (GitHttpBackendServer server =
                new GitHttpBackendServer(root, Files.createDirectories(temp.resolve("lighttpd")), TOKEN)) {
            exercise(root, server::url, false);
        }
        assertNothingLeaked();
    }

    interface Urls {
        String url(String name);
    }

    private void exercise(Path root, Urls urls, boolean readOnlyTokenServed) throws Exception {
        Path cache = temp.resolve("cache");
        Path source = GitCli.initBare(root.resolve("source.git"));
        Path target = GitCli.initBare(root.resolve("target.git"));
        String a = commitOn(source, "main", "a");
        String b = commitOn(source, "main", "b");
        RepoLocation sourceLocation = RepoLocation.of(urls.url("source.git"), Optional.of(TOKEN));
        RepoLocation targetLocation = RepoLocation.of(urls.url("target.git"), Optional.of(TOKEN));
        outputs.add(sourceLocation.toString());
        GitBackend backend = open(cache);
        try {
            outputs.add(backend.toString());
            assertThat(backend.listRefs(sourceLocation, List.of("refs/heads/main")))
                    .containsEntry("refs/heads/main", CommitId.of(b));
            backend.fetch(sourceLocation, List.of("refs/heads/main"));
            record(backend.push(targetLocation, RefUpdate.create("refs/heads/main", CommitId.of(a))));
            record(backend.push(
                    targetLocation, RefUpdate.fastForward("refs/heads/main", CommitId.of(a), CommitId.of(b))));
            assertThat(GitCli.revParse(target, "refs/heads/main")).isEqualTo(b);
            record(backend.push(
                    targetLocation, RefUpdate.fastForward("refs/heads/main", CommitId.of(b), CommitId.of(b))));
            String theirs = commitOn(target, "main", "theirs");
            PushResult stale = backend.push(
                    targetLocation, RefUpdate.overwrite("refs/heads/main", CommitId.of(a), CommitId.of(b)));
            record(stale);
            assertThat(stale.status()).isEqualTo(PushResult.Status.REJECTED_STALE_LEASE);
            assertThat(GitCli.revParse(target, "refs/heads/main")).isEqualTo(theirs);
            expectFailure(
                    () -> backend.listRefs(
                            RepoLocation.of(urls.url("source.git"), Optional.of(WRONG)), List.of("refs/heads/main")),
                    MirrorSyncException.Reason.AUTHENTICATION);
            expectFailure(
                    () -> backend.fetch(
                            RepoLocation.of(urls.url("absent.git"), Optional.of(TOKEN)), List.of("refs/heads/main")),
                    null);
            if (readOnlyTokenServed) {
                expectFailure(
                        () -> backend.push(
                                RepoLocation.of(urls.url("target.git"), Optional.of(READ_ONLY)),
                                RefUpdate.create("refs/heads/other", CommitId.of(a))),
                        MirrorSyncException.Reason.PERMISSION);
            }
        } finally {
            ((AutoCloseable) backend).close();
        }
        assertThat(Files.readString(cache.resolve("config")))
                .doesNotContain(TOKEN)
                .doesNotContain("x-access-token")
                .doesNotContain("extraHeader")
                .doesNotContain("Authorization");
        afterRuns();
        try (Stream<Path> files = Files.walk(cache)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                outputs.add(file + ":" + new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
    }

    private void record(PushResult result) {
        outputs.add(result.toString());
    }

    private void expectFailure(Runnable action, MirrorSyncException.Reason expected) {
        try {
            action.run();
            throw new AssertionError("expected a MirrorSyncException");
        } catch (MirrorSyncException e) {
            if (expected != null) {
                assertThat(e.reason()).as(e.getMessage()).isEqualTo(expected);
            }
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            outputs.add(trace.toString());
        }
    }

    private void assertNothingLeaked() {
        List<String> secrets = new ArrayList<>();
        for (String token : List.of(TOKEN, WRONG, READ_ONLY)) {
            secrets.add(token);
            secrets.add(Base64.getEncoder()
                    .encodeToString((Remotes.TOKEN_USER + ":" + token).getBytes(StandardCharsets.UTF_8)));
        }
        List<String> everything = new ArrayList<>(outputs);
        everything.addAll(RecordingSlf4jProvider.lines());
        assertThat(RecordingSlf4jProvider.lines())
                .as("the backend's debug logging was recorded")
                .anyMatch(l -> l.startsWith(debugLogPrefix()));
        assertThat(outputs).anyMatch(o -> o.contains("failed"));
        for (String text : everything) {
            for (String secret : secrets) {
                assertThat(text).doesNotContain(secret);
            }
        }
    }
}
