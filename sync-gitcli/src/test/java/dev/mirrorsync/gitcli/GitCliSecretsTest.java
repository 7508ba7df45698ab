package dev.mirrorsync.gitcli;

import static dev.mirrorsync.jgit.GitCli.commitOn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.spi.PushResult;
import dev.mirrorsync.core.spi.RefUpdate;
import dev.mirrorsync.jgit.GitCli;
import dev.mirrorsync.jgit.GitHttpBackendServer;
import dev.mirrorsync.jgit.JGitHttpServer;
import dev.mirrorsync.jgit.RecordingSlf4jProvider;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives every path of {@link GitCliBackend} that touches credentials (listing, fetching, pushing, a rejection, a
 * wrong token, a missing repository, a read-only token) against JGit's and C git's smart-HTTP servers, through a
 * {@code git} wrapper that records every argument list it is started with, and looks for the tokens everywhere they
 * could escape: argv, every log line at every level, exception messages and stack traces, push results,
 * {@code toString()} and every file of the cache (its config above all). That the servers accepted the token proves
 * it was really sent.
 */
class GitCliSecretsTest {
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
        GitHttpBackendServer.requireLighttpd();
        Path root = Files.createDirectories(temp.resolve("cgit-served"));
        try (GitHttpBackendServer server = new GitHttpBackendServer(root, Files.createDirectories(temp.resolve("lighttpd")), TOKEN)) {
            exercise(root, server::url, false);
        }
        assertNothingLeaked();
    }

    /** The child's environment keeps no GIT_* variable of ours but the SSH ones, and shuts out the host's config. */
    @Test
    void theChildEnvironmentIsIsolated() {
        Map<String, String> env = new HashMap<>(Map.of("GIT_DIR", "/elsewhere", "GIT_CONFIG_PARAMETERS", "'core.hooksPath'='/x'",
                "GIT_TRACE_CURL", "1", "GIT_SSH_COMMAND", "ssh -i key", "GIT_CONFIG_GLOBAL", "/home/u/.gitconfig",
                "SSH_ASKPASS", "/usr/bin/ask", "PATH", "/usr/bin"));
        GitProcess.isolate(env);
        assertThat(env).doesNotContainKeys("GIT_DIR", "GIT_CONFIG_PARAMETERS", "GIT_TRACE_CURL", "SSH_ASKPASS")
                .containsEntry("GIT_SSH_COMMAND", "ssh -i key")
                .containsEntry("GIT_CONFIG_GLOBAL", "/dev/null")
                .containsEntry("GIT_CONFIG_NOSYSTEM", "1")
                .containsEntry("GIT_TERMINAL_PROMPT", "0")
                .containsEntry("PATH", "/usr/bin");
    }

    interface Urls {
        String url(String name);
    }

    private void exercise(Path root, Urls urls, boolean readOnlyTokenServed) throws IOException {
        Path cache = temp.resolve("cache");
        Path argv = temp.resolve("argv.log");
        Path wrapper = temp.resolve("git-recording");
        Files.writeString(wrapper, "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '" + argv + "'\nexec git \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));
        Path source = GitCli.initBare(root.resolve("source.git"));
        Path target = GitCli.initBare(root.resolve("target.git"));
        String a = commitOn(source, "main", "a");
        String b = commitOn(source, "main", "b");
        RepoLocation sourceLocation = RepoLocation.of(urls.url("source.git"), Optional.of(TOKEN));
        RepoLocation targetLocation = RepoLocation.of(urls.url("target.git"), Optional.of(TOKEN));
        outputs.add(sourceLocation.toString());
        try (GitCliBackend backend = GitCliBackend.builder().cacheDirectory(cache).gitExecutable(wrapper.toString()).build()) {
            outputs.add(backend.toString());
            assertThat(backend.listRefs(sourceLocation, List.of("refs/heads/main"))).containsEntry("refs/heads/main", CommitId.of(b));
            backend.fetch(sourceLocation, List.of("refs/heads/main"));
            record(backend.push(targetLocation, RefUpdate.create("refs/heads/main", CommitId.of(a))));
            record(backend.push(targetLocation, RefUpdate.fastForward("refs/heads/main", CommitId.of(a), CommitId.of(b))));
            assertThat(GitCli.revParse(target, "refs/heads/main")).isEqualTo(b);
            record(backend.push(targetLocation, RefUpdate.fastForward("refs/heads/main", CommitId.of(b), CommitId.of(b))));
            String theirs = commitOn(target, "main", "theirs");
            PushResult stale = backend.push(targetLocation, RefUpdate.overwrite("refs/heads/main", CommitId.of(a), CommitId.of(b)));
            record(stale);
            assertThat(stale.status()).isEqualTo(PushResult.Status.REJECTED_STALE_LEASE);
            assertThat(GitCli.revParse(target, "refs/heads/main")).isEqualTo(theirs);
            expectFailure(() -> backend.listRefs(RepoLocation.of(urls.url("source.git"), Optional.of(WRONG)),
                    List.of("refs/heads/main")), MirrorSyncException.Reason.AUTHENTICATION);
            expectFailure(() -> backend.fetch(RepoLocation.of(urls.url("absent.git"), Optional.of(TOKEN)),
                    List.of("refs/heads/main")), null);
            if (readOnlyTokenServed) {
                expectFailure(() -> backend.push(RepoLocation.of(urls.url("target.git"), Optional.of(READ_ONLY)),
                        RefUpdate.create("refs/heads/other", CommitId.of(a))), MirrorSyncException.Reason.PERMISSION);
            }
        }
        assertThat(Files.readString(cache.resolve("config"))).doesNotContain(TOKEN).doesNotContain("extraHeader")
                .doesNotContain("Authorization");
        List<String> commands = Files.readAllLines(argv);
        assertThat(commands).as("the wrapper saw git's argument lists").anyMatch(l -> l.contains("push --porcelain"));
        outputs.addAll(commands);
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
            secrets.add(Base64.getEncoder().encodeToString(("x-access-token:" + token).getBytes(StandardCharsets.UTF_8)));
        }
        List<String> everything = new ArrayList<>(outputs);
        everything.addAll(RecordingSlf4jProvider.lines());
        assertThat(RecordingSlf4jProvider.lines()).as("mirror-sync's debug logging was recorded")
                .anyMatch(l -> l.startsWith("DEBUG dev.mirrorsync.gitcli"));
        assertThat(outputs).anyMatch(o -> o.contains("failed"));
        for (String text : everything) {
            for (String secret : secrets) {
                assertThat(text).doesNotContain(secret);
            }
        }
    }
}
