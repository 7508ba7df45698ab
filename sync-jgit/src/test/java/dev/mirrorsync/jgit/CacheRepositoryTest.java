package dev.mirrorsync.jgit;

import static dev.mirrorsync.jgit.GitCli.commitOn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.RepoLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.util.SystemReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheRepositoryTest {
    static final String MAIN = "refs/heads/main";

    @TempDir
    Path temp;

    RepoLocation remoteWithCommit(String name, String message) {
        Path bare = GitCli.initBare(temp.resolve(name));
        commitOn(bare, "main", message);
        return RepoLocation.of(bare.toString());
    }

    @Test
    void aForeignNonEmptyDirectoryIsRefusedAndLeftUntouched() throws IOException {
        Path foreign = Files.createDirectories(temp.resolve("my-project"));
        Files.writeString(foreign.resolve("notes.txt"), "mine");

        assertThatThrownBy(() -> JGitBackend.builder().cacheDirectory(foreign).build())
                .isInstanceOfSatisfying(MirrorSyncException.class, e -> {
                    assertThat(e.reason()).isEqualTo(MirrorSyncException.Reason.CACHE);
                    assertThat(e.getMessage())
                            .contains(foreign.toString())
                            .contains("not a mirror-sync cache")
                            .contains("new or empty directory");
                });
        try (Stream<Path> entries = Files.list(foreign)) {
            assertThat(entries).containsExactly(foreign.resolve("notes.txt"));
        }
    }

    @Test
    void aPlainGitRepositoryIsForeignToo() {
        Path repo = GitCli.initBare(temp.resolve("someone-elses.git"));
        assertThatThrownBy(() -> JGitBackend.builder().cacheDirectory(repo).build())
                .isInstanceOfSatisfying(
                        MirrorSyncException.class,
                        e -> assertThat(e.reason()).isEqualTo(MirrorSyncException.Reason.CACHE));
    }

    @Test
    void aFileOrAnUncreatableDirectoryIsAClearError() throws IOException {
        Path file = Files.writeString(temp.resolve("a-file"), "x");
        assertThatThrownBy(() -> JGitBackend.builder().cacheDirectory(file).build())
                .isInstanceOfSatisfying(MirrorSyncException.class, e -> {
                    assertThat(e.reason()).isEqualTo(MirrorSyncException.Reason.CACHE);
                    assertThat(e.getMessage()).contains(file.toString()).contains("is a file");
                });
        Path below = file.resolve("cache");
        assertThatThrownBy(() -> JGitBackend.builder().cacheDirectory(below).build())
                .isInstanceOfSatisfying(MirrorSyncException.class, e -> {
                    assertThat(e.reason()).isEqualTo(MirrorSyncException.Reason.CACHE);
                    assertThat(e.getMessage())
                            .contains("cannot create the cache directory")
                            .contains(below.toString());
                });
    }

    @Test
    void theCacheIsMarkedAndReusedAcrossBackends() throws IOException {
        RepoLocation remote = remoteWithCommit("remote.git", "one");
        Path cache = temp.resolve("cache");
        CommitId tip;
        try (JGitBackend first = JGitBackend.builder().cacheDirectory(cache).build()) {
            tip = first.listRefs(remote, List.of(MAIN)).get(MAIN);
            first.fetch(remote, List.of(MAIN));
        }
        assertThat(Files.readString(cache.resolve("config")))
                .contains("[mirrorsync]")
                .containsPattern("cache = true");
        assertThat(cache.resolve(CacheRepository.MARKER)).exists();
        long objects = objectFiles(cache);
        try (JGitBackend second = JGitBackend.builder().cacheDirectory(cache).build()) {
            // Already known from the first run: answered without fetching anything.
            assertThat(second.isAncestor(tip, tip)).isTrue();
            second.fetch(remote, List.of(MAIN));
        }
        assertThat(objectFiles(cache)).isEqualTo(objects);
    }

    @Test
    void aDamagedCacheIsRebuilt() throws IOException {
        RepoLocation remote = remoteWithCommit("remote.git", "one");
        Path cache = temp.resolve("cache");
        CommitId tip;
        try (JGitBackend backend = JGitBackend.builder().cacheDirectory(cache).build()) {
            tip = backend.listRefs(remote, List.of(MAIN)).get(MAIN);
            backend.fetch(remote, List.of(MAIN));
        }
        // Objects lost (a disk cleaner, a bad copy): refs now point nowhere.
        deleteTree(cache.resolve("objects"));
        Files.createDirectories(cache.resolve("objects"));
        try (JGitBackend backend = JGitBackend.builder().cacheDirectory(cache).build()) {
            assertThatThrownBy(() -> backend.isAncestor(tip, tip)).isInstanceOf(MirrorSyncException.class);
            backend.fetch(remote, List.of(MAIN));
            assertThat(backend.isAncestor(tip, tip)).isTrue();
        }
        // A configuration that no longer parses.
        Files.writeString(cache.resolve("config"), "[core\n garbage");
        try (JGitBackend backend = JGitBackend.builder().cacheDirectory(cache).build()) {
            backend.fetch(remote, List.of(MAIN));
            assertThat(backend.isAncestor(tip, tip)).isTrue();
        }
        assertThat(Files.readString(cache.resolve("config"))).contains("[mirrorsync]");
        assertThat(RecordingSlf4jProvider.lines()).anyMatch(l -> l.startsWith("WARN") && l.contains("rebuilding"));
    }

    @Test
    void aSecondBackendOnTheSameCacheWaitsThenFailsClearly() {
        Path cache = temp.resolve("cache");
        try (JGitBackend holder = JGitBackend.builder().cacheDirectory(cache).build()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> JGitBackend.builder()
                            .cacheDirectory(cache)
                            .lockTimeout(Duration.ofMillis(300))
                            .build())
                    .isInstanceOfSatisfying(MirrorSyncException.class, e -> {
                        assertThat(e.reason()).isEqualTo(MirrorSyncException.Reason.CACHE);
                        assertThat(e.getMessage())
                                .contains(cache.toString())
                                .contains("in use by another mirror-sync run");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
        // Released on close: the next one gets it at once.
        try (JGitBackend next = JGitBackend.builder()
                .cacheDirectory(cache)
                .lockTimeout(Duration.ofMillis(300))
                .build()) {
            assertThat(next.cacheDirectory()).isEqualTo(cache.toAbsolutePath());
        }
    }

    @Test
    void anotherProcessHoldingTheLockKeepsUsOut() throws Exception {
        Path cache = temp.resolve("cache");
        try (JGitBackend created = JGitBackend.builder().cacheDirectory(cache).build()) {
            assertThat(created.cacheDirectory()).exists();
        }
        Process holder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        LockHolder.class.getName(),
                        cache.resolve(CacheRepository.LOCK).toString())
                .redirectErrorStream(true)
                .start();
        try {
            assertThat(new String(holder.getInputStream().readNBytes(7))).isEqualTo("locked\n");
            assertThatThrownBy(() -> JGitBackend.builder()
                            .cacheDirectory(cache)
                            .lockTimeout(Duration.ofMillis(200))
                            .build())
                    .isInstanceOfSatisfying(
                            MirrorSyncException.class,
                            e -> assertThat(e.getMessage()).contains("in use by another mirror-sync run"));
        } finally {
            holder.getOutputStream().close();
            holder.waitFor();
        }
        try (JGitBackend after = JGitBackend.builder()
                .cacheDirectory(cache)
                .lockTimeout(Duration.ofSeconds(5))
                .build()) {
            assertThat(after.cacheDirectory()).exists();
        }
    }

    @Test
    void aTemporaryCacheIsDeletedOnClose() {
        Path dir;
        try (JGitBackend backend = JGitBackend.builder().build()) {
            dir = backend.cacheDirectory();
            assertThat(dir.resolve(CacheRepository.MARKER)).exists();
        }
        assertThat(dir).doesNotExist();
    }

    @Test
    void theHostGitConfigurationDoesNotReachTheCache() throws Exception {
        Config host = new Config();
        host.setString("http", null, "extraHeader", "X-Host-Config: leaked");
        host.setString("core", null, "logAllRefUpdates", "always");
        SystemReader original = SystemReader.getInstance();
        Path root = Files.createDirectories(temp.resolve("served"));
        GitCli.initBare(root.resolve("r.git"));
        try (JGitHttpServer server = new JGitHttpServer(root, "t", "r")) {
            SystemReader.setInstance(new JGitRepos.EmptyConfigReader(original, host));
            try (JGitBackend backend =
                    JGitBackend.builder().cacheDirectory(temp.resolve("cache")).build()) {
                SystemReader.getInstance().getUserConfig().load();
                assertThat(SystemReader.getInstance().getUserConfig().getString("http", null, "extraHeader"))
                        .isEqualTo("X-Host-Config: leaked");
                backend.listRefs(RepoLocation.of(server.url("r.git"), Optional.of("t")), List.of(MAIN));
                assertThat(server.headers()).isNotEmpty().noneMatch(h -> h.contains("leaked"));
            }
        } finally {
            SystemReader.setInstance(original);
        }
    }

    static long objectFiles(Path cache) throws IOException {
        try (Stream<Path> files = Files.walk(cache.resolve("objects"))) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
