package dev.mirrorsync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorsync.core.spi.SyncStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
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
        assertThat(two.compareAndSet(PAIR, "main", Optional.empty(), B)).as("a stale expectation loses").isFalse();
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
}
