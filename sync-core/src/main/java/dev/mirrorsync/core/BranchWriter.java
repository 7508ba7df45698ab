package dev.mirrorsync.core;

import dev.mirrorsync.core.spi.CrashHook;
import dev.mirrorsync.core.spi.GitBackend;
import dev.mirrorsync.core.spi.PushResult;
import dev.mirrorsync.core.spi.RefUpdate;
import dev.mirrorsync.core.spi.SyncStateStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes to one pair's remotes on behalf of sync and resolve alike: one leased push to a side, a backup ref of a tip
 * before anything overwrites it, and the watermark after a branch moved. The small collaborator {@link SyncExecutor}
 * and {@link Resolver} share, so that neither reaches into the other.
 */
final class BranchWriter {
    private static final Logger LOG = LoggerFactory.getLogger(BranchWriter.class);
    private static final int BACKUP_NAME_ATTEMPTS = 5;

    private final GitBackend backend;
    private final SyncStateStore store;
    private final Retrier retrier;
    private final Clock clock;
    private final MirrorPair pair;
    private final CrashHook crashHook;

    BranchWriter(
            GitBackend backend,
            SyncStateStore store,
            Retrier retrier,
            Clock clock,
            MirrorPair pair,
            CrashHook crashHook) {
        this.backend = backend;
        this.store = store;
        this.retrier = retrier;
        this.clock = clock;
        this.pair = pair;
        this.crashHook = crashHook;
    }

    Optional<String> writeBackup(Side side, String branch, CommitId commit) {
        RepoLocation repo = pair.repo(side);
        for (int attempt = 1; attempt <= BACKUP_NAME_ATTEMPTS; attempt++) {
            String name = BackupRefs.name(branch, clock.instant(), attempt);
            PushResult result = retrier.call(
                    "writing backup ref " + name, () -> backend.push(repo, RefUpdate.create(name, commit)));
            CommitId existing = result.isSuccess()
                    ? commit
                    : retrier.call("listing " + name, () -> backend.listRefs(repo, List.of(name)))
                            .get(name);
            if (commit.equals(existing)) {
                crashHook.reached(CrashHook.Point.AFTER_BACKUP_REF);
                return Optional.of(name);
            }
            if (existing == null) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** Tells the crash hook that a resolve pushed to one side and is about to push to the other. */
    void betweenPushes() {
        crashHook.reached(CrashHook.Point.BETWEEN_PUSHES);
    }

    /** One leased push to one side, transient faults retried. */
    PushResult pushTo(Side target, RefUpdate update) {
        RepoLocation repo = pair.repo(target);
        return retrier.call("pushing " + update.refName() + " to " + repo.url(), () -> backend.push(repo, update));
    }

    /**
     * Moves the watermark after a branch moved. The branch did move, so a failure here does not turn the report
     * into a failed sync: it is attached to it (reason and message), and the next run writes the watermark again.
     */
    BranchReport withWatermark(BranchReport synced, Observation seen, CommitId agreed) {
        try {
            refreshWatermark(seen, agreed);
            return synced;
        } catch (MirrorSyncException e) {
            return watermarkFailed(synced, e);
        }
    }

    /** The report of a branch that moved, with the failure of its watermark write attached. */
    static BranchReport watermarkFailed(BranchReport synced, MirrorSyncException e) {
        return BranchReport.builder()
                .from(synced)
                .failure(e.reason())
                .message(synced.message() + "; but the watermark could not be written: " + e.getMessage())
                .build();
    }

    /** Moves the watermark to the commit both sides now share; a lost race here only means another run did it. */
    private void refreshWatermark(Observation seen, CommitId agreed) {
        if (seen.watermark().equals(Optional.of(agreed))) {
            return;
        }
        if (seen.privateTip().equals(seen.publicTip())) {
            // Found in sync, so nothing was fetched; a ref store pushes the tip, whose objects must then be local.
            retrier.run(
                    "fetching " + seen.branch(),
                    () -> backend.fetchListed(pair.privateRepo(), Map.of(BranchNames.ref(seen.branch()), agreed)));
        }
        crashHook.reached(CrashHook.Point.BEFORE_WATERMARK);
        boolean written = retrier.call(
                "writing the watermark of " + seen.branch(),
                () -> store.compareAndSet(pair, seen.branch(), seen.watermark(), agreed));
        if (!written) {
            LOG.info("{}: the watermark was moved by another run; leaving it", seen.branch());
            return;
        }
        crashHook.reached(CrashHook.Point.AFTER_WATERMARK);
    }
}
