package dev.mirrorsync.core;

import dev.mirrorsync.core.spi.GitBackend;
import dev.mirrorsync.core.spi.PushResult;
import dev.mirrorsync.core.spi.RefUpdate;
import dev.mirrorsync.core.spi.SyncStateStore;
import dev.mirrorsync.core.spi.SyncedTags;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Keeps the watermark as a ref on the private side, moved only with a lease. */
final class RefSyncStateStore implements SyncStateStore {
    private final GitBackend backend;

    RefSyncStateStore(GitBackend backend) {
        this.backend = backend;
    }

    static String refName(String branch) {
        return SyncStateStores.WATERMARK_REF_PREFIX + branch;
    }

    @Override
    public Optional<CommitId> read(MirrorPair pair, String branch) {
        String ref = refName(branch);
        return Optional.ofNullable(
                backend.listRefs(pair.privateRepo(), List.of(ref)).get(ref));
    }

    @Override
    public Collection<String> refsOnPrivate(MirrorPair pair, Collection<String> branches) {
        return branches.stream().map(RefSyncStateStore::refName).toList();
    }

    @Override
    public Optional<CommitId> read(MirrorPair pair, String branch, Map<String, CommitId> listed) {
        return Optional.ofNullable(listed.get(refName(branch)));
    }

    @Override
    public Collection<String> prefixesOnPrivate(MirrorPair pair) {
        return List.of(SyncStateStores.WATERMARK_REF_PREFIX);
    }

    @Override
    public Optional<RefUpdate> compareAndSetUpdate(
            MirrorPair pair, String branch, Optional<CommitId> expected, CommitId next) {
        // The watermark may move backwards (a resolve that prefers a side), so no fast-forward rule; the lease guards
        // it.
        return Optional.of(RefUpdate.builder()
                .refName(refName(branch))
                .expectedOld(expected)
                .newId(next)
                .fastForwardOnly(false)
                .build());
    }

    @Override
    public boolean written(MirrorPair pair, RefUpdate update, PushResult result) {
        return switch (result.status()) {
            case OK, UP_TO_DATE -> true;
            case REJECTED_STALE_LEASE, REJECTED_NON_FAST_FORWARD -> false;
            case REJECTED_OTHER ->
                throw new MirrorSyncException(
                        MirrorSyncException.Reason.PERMISSION,
                        "the private repository " + pair.privateRepo().url() + " refused the watermark ref "
                                + update.refName()
                                + result.message().map(m -> ": " + m).orElse("")
                                + "; allow pushes to refs/mirror-sync/* or keep the watermarks in a state file instead");
        };
    }

    @Override
    public boolean compareAndSet(MirrorPair pair, String branch, Optional<CommitId> expected, CommitId next) {
        RefUpdate update = compareAndSetUpdate(pair, branch, expected, next).orElseThrow();
        return written(pair, update, backend.push(pair.privateRepo(), update));
    }

    @Override
    public Optional<String> tagRecordRef(MirrorPair pair) {
        return Optional.of(SyncStateStores.TAG_RECORD_REF);
    }

    @Override
    public SyncedTags readTags(MirrorPair pair, Map<String, CommitId> listed) {
        Optional<CommitId> version = Optional.ofNullable(listed.get(SyncStateStores.TAG_RECORD_REF));
        if (version.isEmpty()) {
            return SyncedTags.none();
        }
        String text = backend.readRecord(version.get(), TagRecord.FILE)
                .orElseThrow(() -> new MirrorSyncException(
                        MirrorSyncException.Reason.CACHE,
                        SyncStateStores.TAG_RECORD_REF + " on "
                                + pair.privateRepo().url() + " is not a synced-tags record (no file " + TagRecord.FILE
                                + "); delete that ref on the private side"));
        return SyncedTags.of(TagRecord.parse(text), version);
    }

    @Override
    public Optional<RefUpdate> tagsUpdate(MirrorPair pair, SyncedTags expected, Map<String, CommitId> next) {
        CommitId record = backend.writeRecord(TagRecord.FILE, TagRecord.render(next));
        return Optional.of(RefUpdate.builder()
                .refName(SyncStateStores.TAG_RECORD_REF)
                .expectedOld(expected.version())
                .newId(record)
                .fastForwardOnly(false)
                .build());
    }

    @Override
    public boolean compareAndSetTags(MirrorPair pair, SyncedTags expected, Map<String, CommitId> next) {
        RefUpdate update = tagsUpdate(pair, expected, next).orElseThrow();
        return written(pair, update, backend.push(pair.privateRepo(), update));
    }

    @Override
    public String toString() {
        return "ref:" + SyncStateStores.WATERMARK_REF_PREFIX + "<branch>";
    }
}
