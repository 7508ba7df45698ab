package dev.mirrorsync.testing;

import dev.mirrorsync.core.Direction;
import dev.mirrorsync.core.DivergencePolicy;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.Side;
import dev.mirrorsync.core.SyncRequest;
import java.util.List;

/**
 * One step of a random scenario, applied to a {@link SyncHarness}. Steps name sides, branches and counts,
 * never commit ids, so that any sub-sequence of a scenario is a valid scenario (what shrinking needs): a
 * step whose branch is absent does what it can or nothing. Scripted steps (race, fault, protection) hold for
 * the next {@link Sync} only.
 */
public sealed interface Step {

    /** Applies the step; a {@link Sync} returns the violations its run(s) showed, every other step none. */
    List<String> apply(SyncHarness harness);

    /** Someone commits on a branch. */
    record Commit(Side side, String branch) implements Step {
        @Override
        public List<String> apply(SyncHarness h) {
            h.commitOn(side, branch);
            return List.of();
        }

        @Override
        public String toString() {
            return "commit on " + side.label() + " " + branch;
        }
    }

    /** Someone merges the other side's branch into this side's. */
    record MergeOther(Side side, String branch) implements Step {
        @Override
        public List<String> apply(SyncHarness h) {
            h.mergeOther(side, branch);
            return List.of();
        }

        @Override
        public String toString() {
            return "merge " + side.other().label() + " " + branch + " into " + side.label();
        }
    }

    /** Someone force-pushes a branch backwards, and sideways when asked (a new commit on the older one). */
    record ForcePush(Side side, String branch, int back, boolean sideways) implements Step {
        @Override
        public List<String> apply(SyncHarness h) {
            h.forcePush(side, branch, back, sideways);
            return List.of();
        }

        @Override
        public String toString() {
            return "force-push " + side.label() + " " + branch + " back " + back + (sideways ? " and sideways" : "");
        }
    }

    /** Someone force-pushes a branch to a new root commit: a history unrelated to what was there. */
    record Orphan(Side side, String branch) implements Step {
        @Override
        public List<String> apply(SyncHarness h) {
            h.delete(side, branch);
            h.commitOn(side, branch);
            return List.of();
        }

        @Override
        public String toString() {
            return "force-push " + side.label() + " " + branch + " to an unrelated root";
        }
    }

    /** Someone deletes a branch. */
    record Delete(Side side, String branch) implements Step {
        @Override
        public List<String> apply(SyncHarness h) {
            h.delete(side, branch);
            return List.of();
        }

        @Override
        public String toString() {
            return "delete " + side.label() + " " + branch;
        }
    }

    /** In the next sync, another client commits on a branch inside the engine's first push to that side. */
    record Race(Side side, String branch) implements Step {
        @Override
        public List<String> apply(SyncHarness h) {
            h.raceNextPush(side, branch);
            return List.of();
        }

        @Override
        public String toString() {
            return "next sync: another client commits on " + side.label() + " " + branch + " during a push";
        }
    }

    /** In the next sync, an operation on a side fails; {@code lostAnswer}: a push applies and its answer is lost. */
    record Fault(
            ScriptedGitBackend.Operation operation, Side side, MirrorSyncException.Reason reason, boolean lostAnswer)
            implements Step {
        @Override
        public List<String> apply(SyncHarness h) {
            if (lostAnswer) {
                h.loseNextPushAnswer(side, reason);
            } else {
                h.faultNext(operation, side, reason);
            }
            return List.of();
        }

        @Override
        public String toString() {
            return "next sync: "
                    + (lostAnswer
                            ? "lost answer of a push to " + side.label() + " (" + reason + ")"
                            : reason + " on " + operation + " of " + side.label());
        }
    }

    /** In the next sync, a branch on a side is protected. */
    record Protect(Side side, String branch) implements Step {
        @Override
        public List<String> apply(SyncHarness h) {
            h.protectNext(side, branch);
            return List.of();
        }

        @Override
        public String toString() {
            return "next sync: " + side.label() + " " + branch + " is protected";
        }
    }

    /** In the next sync, the issue tracker fails once. */
    record TrackerFault(MirrorSyncException.Reason reason) implements Step {
        @Override
        public List<String> apply(SyncHarness h) {
            h.trackerFaultNext(reason);
            return List.of();
        }

        @Override
        public String toString() {
            return "next sync: the tracker fails with " + reason;
        }
    }

    /** A run of the engine, checked. */
    record Sync(Direction direction, DivergencePolicy policy, boolean dryRun) implements Step {
        public SyncRequest request() {
            return SyncRequest.builder()
                    .direction(direction)
                    .divergencePolicy(policy)
                    .dryRun(dryRun)
                    .build();
        }

        @Override
        public List<String> apply(SyncHarness h) {
            return h.syncAndCheck(request());
        }

        @Override
        public String toString() {
            return "sync " + direction + " " + policy + (dryRun ? " --dry-run" : "");
        }
    }
}
