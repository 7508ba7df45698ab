package dev.mirrorsync.jgit;

import static dev.mirrorsync.jgit.GitCli.commitOn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.spi.PushResult;
import dev.mirrorsync.core.spi.RefUpdate;
import java.io.IOException;
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
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives every path that touches credentials (success, rejection, wrong token, missing repository, no write
 * access, a race) against both HTTP servers and looks for the tokens everywhere they could escape: every log
 * line at every level (mirror-sync's and JGit's), exception messages and stack traces, push messages,
 * {@code toString()}, and every file of the cache.
 */
class SecretsTest {
    static final String TOKEN = "tok-9b8c7d6e5f4a3b2c-SECRET";
    static final String WRONG = "tok-wrong-1a2b3c4d-SECRET";
    static final String READ_ONLY = "tok-read-only-0f0e0d-SECRET";

    @TempDir
    Path temp;

    final List<String> outputs = new ArrayList<>();

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
        Path root = Files.createDirectories(temp.resolve("cgit-served"));
        try (GitHttpBackendServer server = new GitHttpBackendServer(root, Files.createDirectories(temp.resolve("lighttpd")), TOKEN)) {
            exercise(root, server::url, false);
        }
        assertNothingLeaked();
    }

    @Test
    void aUrlWithCredentialsIsRefusedWithoutRepeatingThem() {
        // RepoLocation refuses user information in every scheme but ssh (where a user without a password is normal),
        // before anything reaches JGit; JGitBackend's own URIish check stays behind it as a second line.
        for (String url : List.of("git://someone:hunter2-SECRET@127.0.0.1:9/repo.git",
                "https://someone:hunter2-SECRET@127.0.0.1:9/repo.git", "ssh://someone:hunter2-SECRET@127.0.0.1:9/repo.git")) {
            IllegalArgumentException e = Assertions.assertThrows(IllegalArgumentException.class,
                    () -> RepoLocation.of(url));
            assertThat(e.getMessage()).contains("127.0.0.1").doesNotContain("hunter2").doesNotContain("someone");
        }
    }

    interface Urls {
        String url(String name);
    }

    private void exercise(Path root, Urls urls, boolean readOnlyTokenServed) throws IOException {
        Path cache = temp.resolve("cache");
        Path source = GitCli.initBare(root.resolve("source.git"));
        Path target = GitCli.initBare(root.resolve("target.git"));
        String a = commitOn(source, "main", "a");
        String b = commitOn(source, "main", "b");
        RepoLocation sourceLocation = RepoLocation.of(urls.url("source.git"), Optional.of(TOKEN));
        RepoLocation targetLocation = RepoLocation.of(urls.url("target.git"), Optional.of(TOKEN));
        outputs.add(sourceLocation.toString());
        try (JGitBackend backend = JGitBackend.builder()
                .cacheDirectory(cache)
                .progressListener((repo, task, done, total) -> outputs.add(repo + " " + task))
                .build()) {
            outputs.add(backend.toString());
            backend.listRefs(sourceLocation, List.of("refs/heads/main"));
            backend.fetch(sourceLocation, List.of("refs/heads/main"));
            record(backend.push(targetLocation, RefUpdate.create("refs/heads/main", CommitId.of(a))));
            record(backend.push(targetLocation, RefUpdate.create("refs/heads/main", CommitId.of(b))));
            record(backend.push(targetLocation, RefUpdate.fastForward("refs/heads/main", CommitId.of(b), CommitId.of(b))));
            String theirs = commitOn(target, "main", "theirs");
            record(backend.push(targetLocation, RefUpdate.fastForward("refs/heads/main", CommitId.of(a), CommitId.of(b))));
            assertThat(GitCli.revParse(target, "refs/heads/main")).isEqualTo(theirs);
            expectFailure(() -> backend.listRefs(RepoLocation.of(urls.url("source.git"), Optional.of(WRONG)),
                    List.of("refs/heads/main")));
            expectFailure(() -> backend.fetch(RepoLocation.of(urls.url("absent.git"), Optional.of(TOKEN)),
                    List.of("refs/heads/main")));
            if (readOnlyTokenServed) {
                expectFailure(() -> backend.push(RepoLocation.of(urls.url("target.git"), Optional.of(READ_ONLY)),
                        RefUpdate.create("refs/heads/other", CommitId.of(a))));
            }
        }
        assertThat(Files.readString(cache.resolve("config"))).doesNotContain(TOKEN).doesNotContain("x-access-token");
        try (Stream<Path> files = Files.walk(cache)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                outputs.add(file + ":" + new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            }
        }
    }

    private void record(PushResult result) {
        outputs.add(result.toString());
    }

    private void expectFailure(Runnable action) {
        try {
            action.run();
            throw new AssertionError("expected a MirrorSyncException");
        } catch (MirrorSyncException e) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            outputs.add(trace.toString());
        }
    }

    private void assertNothingLeaked() {
        List<String> secrets = new ArrayList<>();
        for (String token : List.of(TOKEN, WRONG, READ_ONLY)) {
            secrets.add(token);
            secrets.add(Base64.getEncoder().encodeToString((Remotes.TOKEN_USER + ":" + token).getBytes(StandardCharsets.UTF_8)));
        }
        List<String> everything = new ArrayList<>(outputs);
        everything.addAll(RecordingSlf4jProvider.lines());
        assertThat(RecordingSlf4jProvider.lines()).as("JGit's and mirror-sync's debug logging was recorded")
                .anyMatch(l -> l.startsWith("DEBUG dev.mirrorsync.jgit"));
        assertThat(outputs).anyMatch(o -> o.contains("failed"));
        for (String text : everything) {
            for (String secret : secrets) {
                assertThat(text).doesNotContain(secret);
            }
        }
    }
}
