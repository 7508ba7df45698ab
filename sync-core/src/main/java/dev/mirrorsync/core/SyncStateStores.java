package dev.mirrorsync.core;

import dev.mirrorsync.core.spi.GitBackend;
import dev.mirrorsync.core.spi.SyncStateStore;
import java.nio.file.Path;
import java.util.Optional;

/** The watermark stores that come with the core. */
public final class SyncStateStores {
    /** Where the default store keeps a branch's watermark, on the private side. */
    public static final String WATERMARK_REF_PREFIX = "refs/mirror-sync/synced/";
    /** Where the default store keeps the record of synced tags (one ref for all of them), on the private side. */
    public static final String TAG_RECORD_REF = "refs/mirror-sync/synced-tags";

    private SyncStateStores() {}

    /** The default: {@code refs/mirror-sync/synced/<branch>} on the private repository, updated with a lease. */
    public static SyncStateStore privateRef(GitBackend backend) {
        return new RefSyncStateStore(backend);
    }

    /** A properties file (created when missing), for when the private repository must not get extra refs. */
    public static SyncStateStore file(Path file) {
        return new FileSyncStateStore(file);
    }

    /** Remembers nothing: rewritten sides cannot be told from sides that are behind. */
    public static SyncStateStore none() {
        return new SyncStateStore() {
            @Override
            public Optional<CommitId> read(MirrorPair pair, String branch) {
                return Optional.empty();
            }

            @Override
            public boolean compareAndSet(MirrorPair pair, String branch, Optional<CommitId> expected, CommitId next) {
                return true;
            }

            @Override
            public String toString() {
                return "none";
            }
        };
    }
}
