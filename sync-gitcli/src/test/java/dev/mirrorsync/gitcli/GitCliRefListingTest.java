package dev.mirrorsync.gitcli;

import static dev.mirrorsync.jgit.GitCli.commit;
import static dev.mirrorsync.jgit.GitCli.git;
import static dev.mirrorsync.jgit.GitCli.gitWithInput;
import static dev.mirrorsync.jgit.GitCli.initBare;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.jgit.GitHttpBackendServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
