package dev.mirrorsync.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs a list of {@link Step}s in a fresh {@link SyncWorld}, stopping at the first step whose run breaks an
 * invariant, and shrinks a failing list to a short one by delta debugging (Zeller's ddmin) over its steps.
 */
public final class ScenarioRunner {
    /** Runs a shrink may spend before it settles for what it has. */
    private static final int SHRINK_BUDGET = 3000;

    private final Supplier<SyncWorld> worlds;
    private final List<String> branches;
    private final Optional<Tally> tally;

    public ScenarioRunner(Supplier<SyncWorld> worlds, List<String> branches) {
        this(worlds, branches, Optional.empty());
    }

    /** Counts every sequence {@link #run} plays (not the runs a shrink makes) in {@code tally}. */
    public ScenarioRunner(Supplier<SyncWorld> worlds, List<String> branches, Tally tally) {
        this(worlds, branches, Optional.of(tally));
    }

    private ScenarioRunner(Supplier<SyncWorld> worlds, List<String> branches, Optional<Tally> tally) {
        this.worlds = worlds;
        this.branches = List.copyOf(branches);
        this.tally = tally;
    }

    /** The first step that broke something, with what it broke. */
    public record Failure(int step, Step at, List<String> violations) {
        @Override
        public String toString() {
            return "step " + (step + 1) + " (" + at + "): " + String.join("; ", violations);
        }
    }

    /** Plays {@code steps} with a harness seeded by {@code seed}; empty when every invariant held throughout. */
    public Optional<Failure> run(long seed, boolean publicTracker, List<Step> steps) {
        return play(seed, publicTracker, steps, tally);
    }

    private Optional<Failure> play(long seed, boolean publicTracker, List<Step> steps, Optional<Tally> counted) {
        SyncHarness harness =
                new SyncHarness(worlds.get(), "pair-" + Long.toUnsignedString(seed, 36), branches, publicTracker, seed);
        for (int i = 0; i < steps.size(); i++) {
            List<String> violations;
            try {
                violations = steps.get(i).apply(harness);
            } catch (RuntimeException | AssertionError e) {
                violations = List.of("threw " + e);
            }
            if (!violations.isEmpty()) {
                counted.ifPresent(t -> t.record("sequences (failed)", harness));
                return Optional.of(new Failure(i, steps.get(i), violations));
            }
        }
        counted.ifPresent(t -> t.record("sequences", harness));
        return Optional.empty();
    }

    /** A shorter list of steps that still fails (ddmin; 1-minimal unless the budget ran out). */
    public List<Step> shrink(long seed, boolean publicTracker, List<Step> failing) {
        List<Step> current = new ArrayList<>(failing);
        // Steps after the failing one cannot matter.
        play(seed, publicTracker, current, Optional.empty())
                .ifPresent(f -> current.subList(f.step() + 1, current.size()).clear());
        int budget = SHRINK_BUDGET;
        int granularity = 2;
        while (current.size() >= 2 && budget > 0) {
            int chunk = (int) Math.ceil(current.size() / (double) granularity);
            boolean reduced = false;
            for (int start = 0; start < current.size() && budget > 0; start += chunk) {
                List<Step> complement = new ArrayList<>(current.subList(0, start));
                complement.addAll(current.subList(Math.min(current.size(), start + chunk), current.size()));
                budget--;
                if (!complement.isEmpty()
                        && play(seed, publicTracker, complement, Optional.empty())
                                .isPresent()) {
                    current.clear();
                    current.addAll(complement);
                    granularity = Math.max(granularity - 1, 2);
                    reduced = true;
                    break;
                }
            }
            if (!reduced) {
                if (granularity >= current.size()) {
                    break;
                }
                granularity = Math.min(current.size(), granularity * 2);
            }
        }
        return current;
    }

    /** Steps as a numbered list, one a line. */
    public static String describe(List<Step> steps) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < steps.size(); i++) {
            out.append(String.format("  %2d. %s%n", i + 1, steps.get(i)));
        }
        return out.toString();
    }
}
