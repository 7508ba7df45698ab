package dev.mirrorsync.testing;

import dev.mirrorsync.core.BackupRefs;
import dev.mirrorsync.core.BranchNames;
import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.Side;
import dev.mirrorsync.core.SyncStateStores;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Every ref of both sides at one moment. Commits never change, so refs are all a snapshot needs. */
public record WorldSnapshot(Map<Side, Map<String, CommitId>> refs) {

    public WorldSnapshot {
        Map<Side, Map<String, CommitId>> copy = new EnumMap<>(Side.class);
        refs.forEach((side, r) -> copy.put(side, Map.copyOf(r)));
        refs = Map.copyOf(copy);
    }

    public static WorldSnapshot of(SyncWorld world) {
        Map<Side, Map<String, CommitId>> refs = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            refs.put(side, world.refs(side));
        }
        return new WorldSnapshot(refs);
    }

    public Map<String, CommitId> refs(Side side) {
        return refs.get(side);
    }

    public Optional<CommitId> branch(Side side, String branch) {
        return Optional.ofNullable(refs(side).get(BranchNames.ref(branch)));
    }

    /** The watermark as the default store keeps it: a ref on the private side. */
    public Optional<CommitId> watermark(String branch) {
        return Optional.ofNullable(refs(Side.PRIVATE).get(SyncStateStores.WATERMARK_REF_PREFIX + branch));
    }

    /** Backup refs on a side, of one branch ({@code null}: of every branch). */
    public Map<String, CommitId> backups(Side side, String branch) {
        String prefix = branch == null ? BackupRefs.PREFIX : BackupRefs.PREFIX + branch + "/";
        Map<String, CommitId> found = new TreeMap<>();
        refs(side).forEach((ref, id) -> {
            if (ref.startsWith(prefix)) {
                found.put(ref, id);
            }
        });
        return found;
    }

    /** Refs under {@code refs/heads/} on a side. */
    public Map<String, CommitId> branches(Side side) {
        Map<String, CommitId> found = new TreeMap<>();
        refs(side).forEach((ref, id) -> {
            if (ref.startsWith("refs/heads/")) {
                found.put(ref, id);
            }
        });
        return found;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Side side : Side.values()) {
            out.append(side.label()).append(": ");
            new TreeMap<>(refs(side))
                    .forEach((ref, id) ->
                            out.append(ref).append('=').append(id.abbreviated()).append(' '));
        }
        return out.toString().strip();
    }
}
