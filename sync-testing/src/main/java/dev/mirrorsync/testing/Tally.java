package dev.mirrorsync.testing;

import dev.mirrorsync.core.BranchReport;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a property or fault suite ran, counted so that its Surefire output says so: scenarios, engine runs, each
 * branch's outcome, the faults that fired by kind, the races that ran. A suite keeps one, records every harness it
 * finished with, and prints {@link #summary()} once at the end. Thread-safe.
 */
public final class Tally {
    private final String suite;
    private final Map<String, Long> scenarios = new TreeMap<>();
    private final Map<String, Long> outcomes = new TreeMap<>();
    private final Map<String, Long> faults = new TreeMap<>();
    private long runs;
    private long races;

    public Tally(String suite) {
        this.suite = suite;
    }

    /** Counts one scenario of {@code kind} and every run, outcome, fault and race of its harness. */
    public synchronized void record(String kind, SyncHarness harness) {
        scenarios.merge(kind, 1L, Long::sum);
        for (SyncRun run : harness.runs()) {
            runs++;
            races += run.concurrentCommits().size();
            if (run.thrown().isPresent()) {
                outcomes.merge("threw " + run.thrown().get().getClass().getSimpleName(), 1L, Long::sum);
            }
            run.report().ifPresent(report -> report.branches().forEach(b -> outcomes.merge(outcome(b), 1L, Long::sum)));
        }
        for (ScriptedGitBackend.Fault fault : harness.backend().firedFaults()) {
            String kindOfFault = fault.operation() + " " + fault.failure().reason()
                    + (fault.afterApplying() ? " (answer lost)" : "");
            faults.merge(kindOfFault, 1L, Long::sum);
        }
    }

    private static String outcome(BranchReport branch) {
        return branch.outcome() + branch.failure().map(r -> "/" + r).orElse("");
    }

    /** One line: {@code [suite] scenarios {...}, N engine runs; branch outcomes {...}; faults fired {...}; races N}. */
    public synchronized String summary() {
        return "[" + suite + "] scenarios " + scenarios + ", " + runs + " engine runs; branch outcomes " + outcomes
                + "; faults fired " + faults + "; races that ran " + races;
    }
}
