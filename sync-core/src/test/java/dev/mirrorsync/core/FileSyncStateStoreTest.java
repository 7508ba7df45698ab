package dev.mirrorsync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorsync.core.spi.SyncStateStore;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSyncStateStoreTest {
    private static final MirrorPair PAIR = MirrorPair.builder()
            .name("pair")
            .privateRepo(RepoLocation.of("/srv/private.git"))
            .publicRepo(RepoLocation.of("/srv/public.git"))
            .addBranches("main")
            .build();
    private static final CommitId A = CommitId.of("a".repeat(40));
    private static final CommitId B = CommitId.of("b".repeat(40));

    @TempDir
    Path dir;

    @Test
    void comparesAndSetsAcrossInstances() {
        Path file = dir.resolve("state/watermarks.properties");
        SyncStateStore one = SyncStateStores.file(file);
        SyncStateStore two = SyncStateStores.file(file);

        assertThat(one.read(PAIR, "main")).isEmpty();
        assertThat(one.compareAndSet(PAIR, "main", Optional.empty(), A)).isTrue();
        assertThat(two.read(PAIR, "main")).contains(A);
        assertThat(two.compareAndSet(PAIR, "main", Optional.empty(), B))
                .as("a stale expectation loses")
                .isFalse();
        assertThat(two.compareAndSet(PAIR, "main", Optional.of(A), B)).isTrue();
        assertThat(one.read(PAIR, "main")).contains(B);
    }

    @Test
    void aDamagedFileIsAClearErrorNotAnEmptyState() throws Exception {
        Path file = Files.writeString(dir.resolve("watermarks.properties"), "this is not\nwhat we wrote=at all\n");
        assertThatThrownBy(() -> SyncStateStores.file(file).read(PAIR, "main"))
                .isInstanceOfSatisfying(MirrorSyncException.class, e -> {
                    assertThat(e.reason()).isEqualTo(MirrorSyncException.Reason.INVALID_INPUT);
                    assertThat(e.getMessage()).contains(file.toString()).contains("fix or delete it");
                });
        Files.writeString(file, "pair/main=not-a-commit\n");
        assertThatThrownBy(() -> SyncStateStores.file(file).read(PAIR, "main")).isInstanceOf(MirrorSyncException.class);
    }

    /**
     * Two stores in one JVM on one file (two runs embedded side by side): the second waits for the first's lock, as a
     * run in another process would, instead of failing with {@code OverlappingFileLockException}.
     */
    @Test
    void waitsForALockHeldElsewhereInThisJvm() throws Exception {
        Path file = dir.resolve("watermarks.properties");
        SyncStateStore store = SyncStateStores.file(file);
        CompletableFuture<Boolean> written = new CompletableFuture<>();
        Thread writer = new Thread(() -> {
            try {
                written.complete(store.compareAndSet(PAIR, "main", Optional.empty(), A));
            } catch (Throwable t) {
                written.completeExceptionally(t);
            }
        });
        try (FileChannel channel = FileChannel.open(
                dir.resolve("watermarks.properties.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock held = channel.lock();
            writer.start();
            // Until the writer is waiting for the lock (sleeping between tries) or has given up; no clock involved.
            while (writer.getState() != Thread.State.TIMED_WAITING && writer.isAlive()) {
                Thread.onSpinWait();
            }
            assertThat(written).as("the writer waits while the lock is held").isNotDone();
            held.release();
        }
        writer.join();
        assertThat(written.get()).isTrue();
        assertThat(store.read(PAIR, "main")).contains(A);
    }
}
