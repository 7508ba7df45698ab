package dev.mirrorsync.testing;

import dev.mirrorsync.core.Direction;
import dev.mirrorsync.core.DivergencePolicy;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.Side;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random scenarios: a short prologue that gives the branches a shared history, then weighted random
 * {@link Step}s: commits, merges, force-pushes, deletions, races, faults, protection, tracker faults and
 * sync runs with a random request. Same seed, same steps.
 */
public final class ScenarioGenerator {
    private static final MirrorSyncException.Reason[] TRANSIENT = {
        MirrorSyncException.Reason.NETWORK,
        MirrorSyncException.Reason.SERVER_ERROR,
        MirrorSyncException.Reason.RATE_LIMITED
    };
    private static final MirrorSyncException.Reason[] PERMANENT = {
        MirrorSyncException.Reason.AUTHENTICATION, MirrorSyncException.Reason.PERMISSION
    };

    private ScenarioGenerator() {}

    public static List<Step> generate(Random random, List<String> branches, int length) {
        List<Step> steps = new ArrayList<>();
        for (String branch : branches) {
            steps.add(new Step.Commit(Side.PRIVATE, branch));
        }
        steps.add(new Step.Sync(Direction.BOTH, DivergencePolicy.REPORT, false));
        while (steps.size() < length) {
            steps.add(next(random, branches));
        }
        return steps;
    }

    private static Step next(Random random, List<String> branches) {
        String branch = branches.get(random.nextInt(branches.size()));
        Side side = random.nextBoolean() ? Side.PRIVATE : Side.PUBLIC;
        int roll = random.nextInt(100);
        if (roll < 30) {
            return new Step.Commit(side, branch);
        }
        if (roll < 36) {
            return new Step.MergeOther(side, branch);
        }
        if (roll < 43) {
            return new Step.ForcePush(side, branch, 1 + random.nextInt(2), random.nextBoolean());
        }
        if (roll < 45) {
            return new Step.Delete(side, branch);
        }
        if (roll < 46) {
            return new Step.Orphan(side, branch);
        }
        if (roll < 52) {
            return new Step.Race(side, branch);
        }
        if (roll < 60) {
            ScriptedGitBackend.Operation op = ScriptedGitBackend.Operation.values()[random.nextInt(3)];
            boolean permanent = random.nextInt(4) == 0;
            MirrorSyncException.Reason reason = permanent
                    ? PERMANENT[random.nextInt(PERMANENT.length)]
                    : TRANSIENT[random.nextInt(TRANSIENT.length)];
            boolean lostAnswer = !permanent && op == ScriptedGitBackend.Operation.PUSH && random.nextBoolean();
            return new Step.Fault(op, side, reason, lostAnswer);
        }
        if (roll < 63) {
            return new Step.Protect(side, branch);
        }
        if (roll < 65) {
            return new Step.TrackerFault(
                    random.nextBoolean()
                            ? MirrorSyncException.Reason.SERVER_ERROR
                            : MirrorSyncException.Reason.AUTHENTICATION);
        }
        Direction direction = random.nextInt(3) == 0 ? Direction.values()[random.nextInt(3)] : Direction.BOTH;
        DivergencePolicy policy =
                random.nextInt(3) == 0 ? DivergencePolicy.values()[random.nextInt(3)] : DivergencePolicy.REPORT;
        return new Step.Sync(direction, policy, random.nextInt(6) == 0);
    }
}
