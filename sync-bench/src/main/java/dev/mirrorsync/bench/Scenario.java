package dev.mirrorsync.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One situation a sync run finds. Each run of it gets new commits of its own, so no cache ever holds them already.
 *
 * @param kind what changed since the two sides last agreed
 * @param count commits ahead (AHEAD), on each side (DIVERGED) or branches (BRANCHES)
 */
record Scenario(Kind kind, int count) {
    enum Kind {
        /** Both sides at the same commit: the run after a run that synced. */
        NOTHING,
        /** {@code count} new commits on private {@code main}: a fast-forward of public. */
        AHEAD,
        /** {@code count} new commits on each side: a divergence report (mirror-sync opens an issue, pushes nothing). */
        DIVERGED,
        /** One new commit on private on each of {@code count} branches. */
        BRANCHES
    }

    String id() {
        return switch (kind) {
            case NOTHING -> "nothing";
            case AHEAD -> "ahead-" + count;
            case DIVERGED -> "diverged-" + count;
            case BRANCHES -> "branches-" + count;
        };
    }

    String describe() {
        return switch (kind) {
            case NOTHING -> "nothing changed";
            case AHEAD -> count + " new commit" + (count == 1 ? "" : "s") + " on private";
            case DIVERGED -> "diverged, " + count + " commits on each side (report)";
            case BRANCHES -> count + " branches, 1 new commit each on private";
        };
    }

    /** The branches the pair syncs in this scenario. */
    List<String> branches() {
        if (kind != Kind.BRANCHES) {
            return List.of("main");
        }
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            names.add(branchName(i));
        }
        return names;
    }

    static String branchName(int i) {
        return String.format("branch-%02d", i);
    }

    /** Whether a correct run leaves both sides at private's new tips (everything but a divergence). */
    boolean converges() {
        return kind != Kind.DIVERGED;
    }

    static List<Scenario> defaults(List<Integer> ks, int diverged, int branches) {
        List<Scenario> all = new ArrayList<>();
        all.add(new Scenario(Kind.NOTHING, 0));
        for (int k : ks) {
            all.add(new Scenario(Kind.AHEAD, k));
        }
        if (diverged > 0) {
            all.add(new Scenario(Kind.DIVERGED, diverged));
        }
        if (branches > 0) {
            all.add(new Scenario(Kind.BRANCHES, branches));
        }
        return all;
    }
}
