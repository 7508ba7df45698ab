package dev.mirrorsync.testing;

import dev.mirrorsync.core.BranchReport;
import dev.mirrorsync.core.Direction;
import dev.mirrorsync.core.DivergencePolicy;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.Outcome;
import dev.mirrorsync.core.Side;
import dev.mirrorsync.core.SyncRequest;
import dev.mirrorsync.core.SyncState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The finite scenario space, enumerated: every shape of a branch's two tips × where the watermark is ×
 * direction × divergence policy × disturbance × dry run. Between them the shapes and watermark positions
 * reach every state of the table ({@link #statesCovered(Supplier)}). {@link #run(Case, SyncWorld)} plays one case in a fresh world and
 * returns the violations, so sync-jgit can enumerate the same space over real repositories.
 */
public final class ScenarioSpace {
    public static final String BRANCH = "main";

    /** How the two tips relate, before the watermark is placed. */
    public enum Shape {
        /** Neither side has the branch. */
        NO_BRANCH,
        /** {@code a - b}, both at b. */
        SAME,
        /** {@code a - b - c}, private at c, public at b. */
        PRIVATE_LEADS,
        /** {@code a - b - c}, public at c, private at b. */
        PUBLIC_LEADS,
        /** {@code a - b} on private only. */
        ONLY_PRIVATE,
        /** {@code a - b} on public only. */
        ONLY_PUBLIC,
        /** {@code a - b - c} private, {@code a - b - d} public. */
        FORKED,
        /** {@code a - c} private, {@code r - d} public: no common commit. */
        UNRELATED
    }

    /** Where the watermark points. A position that names the same commit as an earlier one for a shape is skipped. */
    public enum WatermarkAt {
        ABSENT,
        MERGE_BASE,
        PRIVATE_TIP,
        PUBLIC_TIP,
        /** At a commit neither branch contains (left by an earlier rewrite). */
        STALE
    }

    /** What disturbs the run. Faults hit the side the run pushes to (fetch faults: the side it fetches from). */
    public enum Disturbance {
        NONE,
        /** Another client commits on the branch inside the engine's first push. */
        LEASE_RACE,
        TRANSIENT_LIST,
        TRANSIENT_FETCH,
        TRANSIENT_PUSH,
        PERMANENT_LIST,
        PERMANENT_FETCH,
        PERMANENT_PUSH;

        boolean isTransient() {
            return name().startsWith("TRANSIENT");
        }

        boolean isPermanent() {
            return name().startsWith("PERMANENT");
        }

        Optional<ScriptedGitBackend.Operation> operation() {
            if (name().endsWith("LIST")) {
                return Optional.of(ScriptedGitBackend.Operation.LIST_REFS);
            }
            if (name().endsWith("FETCH")) {
                return Optional.of(ScriptedGitBackend.Operation.FETCH);
            }
            if (name().endsWith("PUSH")) {
                return Optional.of(ScriptedGitBackend.Operation.PUSH);
            }
            return Optional.empty();
        }
    }

    private static final MirrorSyncException.Reason[] TRANSIENT = {
        MirrorSyncException.Reason.NETWORK,
        MirrorSyncException.Reason.SERVER_ERROR,
        MirrorSyncException.Reason.RATE_LIMITED
    };
    private static final MirrorSyncException.Reason[] PERMANENT = {
        MirrorSyncException.Reason.AUTHENTICATION, MirrorSyncException.Reason.PERMISSION
    };

    /** One point of the space. */
    public record Case(
            int index,
            Shape shape,
            WatermarkAt watermark,
            SyncState state,
            Direction direction,
            DivergencePolicy policy,
            Disturbance disturbance,
            boolean dryRun) {

        public SyncRequest request() {
            return SyncRequest.builder()
                    .direction(direction)
                    .divergencePolicy(policy)
                    .dryRun(dryRun)
                    .build();
        }

        /** Alternates private and public trackers over the space. */
        public boolean publicTracker() {
            return index % 2 == 1;
        }

        public Optional<MirrorSyncException.Reason> reason() {
            if (disturbance.isTransient()) {
                return Optional.of(TRANSIENT[index % TRANSIENT.length]);
            }
            if (disturbance.isPermanent()) {
                return Optional.of(PERMANENT[index % PERMANENT.length]);
            }
            return Optional.empty();
        }

        public CommitGraph graph() {
            return ScenarioSpace.graph(shape, watermark).orElseThrow();
        }

        public String name() {
            return String.format(
                    "#%04d %s (%s, W at %s), %s/%s%s, %s%s%s",
                    index,
                    state,
                    shape,
                    watermark,
                    direction,
                    policy,
                    dryRun ? ", dry run" : "",
                    disturbance,
                    reason().map(r -> " (" + r + ")").orElse(""),
                    publicTracker() ? ", public tracker" : "");
        }
    }

    private ScenarioSpace() {}

    /** Every case, in a stable order. */
    public static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        int index = 0;
        for (Shape shape : Shape.values()) {
            for (WatermarkAt w : WatermarkAt.values()) {
                Optional<CommitGraph> graph = graph(shape, w);
                if (graph.isEmpty()) {
                    continue;
                }
                SyncState state = stateOf(graph.get(), InMemorySyncWorld::new);
                for (Direction direction : Direction.values()) {
                    for (DivergencePolicy policy : DivergencePolicy.values()) {
                        for (Disturbance disturbance : Disturbance.values()) {
                            for (boolean dryRun : new boolean[] {false, true}) {
                                cases.add(new Case(index++, shape, w, state, direction, policy, disturbance, dryRun));
                            }
                        }
                    }
                }
            }
        }
        return cases;
    }

    /** The states the shapes and watermark positions reach, each worked out in a scratch world. */
    public static Set<SyncState> statesCovered(Supplier<SyncWorld> worlds) {
        Set<SyncState> states = new HashSet<>();
        for (Shape shape : Shape.values()) {
            for (WatermarkAt w : WatermarkAt.values()) {
                graph(shape, w).ifPresent(g -> states.add(stateOf(g, worlds)));
            }
        }
        return states;
    }

    private static SyncState stateOf(CommitGraph graph, Supplier<SyncWorld> worlds) {
        SyncHarness harness = new SyncHarness(worlds.get(), "scratch", List.of(BRANCH), false, 0);
        graph.build(harness, BRANCH);
        return Invariants.expectedState(harness.world(), WorldSnapshot.of(harness.world()), BRANCH);
    }

    /** The graph of a shape with the watermark placed; empty when the position does not exist or repeats another. */
    public static Optional<CommitGraph> graph(Shape shape, WatermarkAt at) {
        List<CommitGraph.Node> nodes = new ArrayList<>();
        Tips tips = switch (shape) {
            case NO_BRANCH -> new Tips(null, null, null);
            case SAME -> {
                line(nodes, Side.PRIVATE, "a", "b");
                yield new Tips("b", "b", "b");
            }
            case PRIVATE_LEADS -> {
                line(nodes, Side.PRIVATE, "a", "b", "c");
                yield new Tips("c", "b", "b");
            }
            case PUBLIC_LEADS -> {
                line(nodes, Side.PRIVATE, "a", "b");
                nodes.add(new CommitGraph.Node("c", List.of("b"), Side.PUBLIC));
                yield new Tips("b", "c", "b");
            }
            case ONLY_PRIVATE -> {
                line(nodes, Side.PRIVATE, "a", "b");
                yield new Tips("b", null, null);
            }
            case ONLY_PUBLIC -> {
                line(nodes, Side.PUBLIC, "a", "b");
                yield new Tips(null, "b", null);
            }
            case FORKED -> {
                line(nodes, Side.PRIVATE, "a", "b", "c");
                nodes.add(new CommitGraph.Node("d", List.of("b"), Side.PUBLIC));
                yield new Tips("c", "d", "b");
            }
            case UNRELATED -> {
                line(nodes, Side.PRIVATE, "a", "c");
                line(nodes, Side.PUBLIC, "r", "d");
                yield new Tips("c", "d", null);
            }
        };
        Optional<String> p = Optional.ofNullable(tips.p());
        Optional<String> q = Optional.ofNullable(tips.q());
        Optional<String> base = Optional.ofNullable(tips.base());
        List<Optional<String>> earlier = new ArrayList<>();
        earlier.add(Optional.empty());
        Optional<String> w = Optional.empty();
        for (WatermarkAt position : WatermarkAt.values()) {
            Optional<String> here = switch (position) {
                case ABSENT -> Optional.empty();
                case MERGE_BASE -> base;
                case PRIVATE_TIP -> p;
                case PUBLIC_TIP -> q;
                case STALE -> Optional.of("x");
            };
            if (position == at) {
                if (position != WatermarkAt.ABSENT && (here.isEmpty() || earlier.contains(here))) {
                    return Optional.empty();
                }
                w = here;
                break;
            }
            earlier.add(here);
        }
        if (at == WatermarkAt.STALE) {
            nodes.add(new CommitGraph.Node("x", List.of(), Side.PRIVATE));
        }
        return Optional.of(new CommitGraph(shape + ", W at " + at, nodes, p, q, w));
    }

    private record Tips(String p, String q, String base) {}

    private static void line(List<CommitGraph.Node> nodes, Side origin, String... names) {
        String parent = null;
        for (String name : names) {
            nodes.add(new CommitGraph.Node(name, parent == null ? List.of() : List.of(parent), origin));
            parent = name;
        }
    }

    /**
     * Plays one case in {@code world}: builds its graph, scripts its disturbance, runs the engine once (and
     * again, when the first run succeeded, for idempotence), and returns every violation, each naming the case.
     */
    public static List<String> run(Case c, SyncWorld world) {
        return run(c, world, Optional.empty());
    }

    /** {@link #run(Case, SyncWorld)}, counting the case and its runs in {@code tally}. */
    public static List<String> run(Case c, SyncWorld world, Tally tally) {
        return run(c, world, Optional.of(tally));
    }

    private static List<String> run(Case c, SyncWorld world, Optional<Tally> tally) {
        SyncHarness harness = new SyncHarness(world, "space", List.of(BRANCH), c.publicTracker(), c.index());
        c.graph().build(harness, BRANCH);
        SyncState state = Invariants.expectedState(world, WorldSnapshot.of(world), BRANCH);
        SyncRequest request = c.request();
        Side target = target(state, request);
        Side source = target.other();
        c.disturbance()
                .operation()
                .ifPresent(op -> harness.faultNext(
                        op,
                        op == ScriptedGitBackend.Operation.FETCH ? source : target,
                        c.reason().orElseThrow()));
        if (c.disturbance() == Disturbance.LEASE_RACE) {
            harness.raceNextPush(target, BRANCH);
        }
        int waitsBefore = harness.sleeper().waits().size();
        SyncRun run = harness.sync(request);
        List<String> violations = new ArrayList<>(harness.check(run));
        run.thrown().ifPresent(t -> violations.add("the run threw " + t));
        boolean faultFired = harness.backend().firedFaults().size() > 0;
        int waits = harness.sleeper().waits().size() - waitsBefore;
        Optional<BranchReport> branch =
                run.report().flatMap(r -> r.branches().stream().findFirst());
        if (c.disturbance().isTransient() && faultFired && waits != 1) {
            violations.add("a transient fault should be retried once after one wait; waits: " + waits);
        }
        if (c.disturbance().isPermanent() && faultFired) {
            if (waits != 0) {
                violations.add("a permanent fault was retried (" + waits + " waits)");
            }
            // A fault on the watermark's push comes after the branch moved (or was found in sync): the report keeps
            // that outcome and carries the failure; any other permanent fault fails the branch.
            boolean watermarkOnly = branch.isPresent()
                    && (branch.get().outcome() == Outcome.SYNCED || branch.get().outcome() == Outcome.UP_TO_DATE)
                    && branch.get().message().contains("the watermark could not be written");
            if (branch.isEmpty()
                    || (branch.get().outcome() != Outcome.FAILED && !watermarkOnly)
                    || !branch.get().failure().equals(c.reason())) {
                violations.add(
                        "a permanent fault should leave the branch FAILED (or, on the watermark, marked failed) with "
                                + c.reason().orElseThrow() + "; got "
                                + branch.map(b -> b.outcome() + " " + b.failure() + ": " + b.message())
                                        .orElse("no report"));
            }
        }
        if (run.succeeded() && run.undisturbed() && !request.dryRun()) {
            SyncRun second = harness.sync(request);
            harness.check(second).forEach(v -> violations.add("second run: " + v));
            violations.addAll(Invariants.checkIdempotent(second));
        }
        tally.ifPresent(t -> t.record("scenario space", harness));
        if (state != c.state()) {
            violations.add("the graph is " + state + " in this world, but " + c.state() + " in memory");
        }
        return violations.stream().map(v -> c.name() + ": " + v).toList();
    }

    /** The side a run in this state would push to, or private (where the watermark lives) when it pushes nowhere. */
    private static Side target(SyncState state, SyncRequest request) {
        return switch (state) {
            case PRIVATE_AHEAD, PUBLIC_MISSING -> Side.PUBLIC;
            case PUBLIC_AHEAD, PRIVATE_MISSING -> Side.PRIVATE;
            case DIVERGED -> Invariants.overwrittenSide(request).orElse(Side.PRIVATE);
            case BOTH_MISSING, IN_SYNC, PRIVATE_REWRITTEN, PUBLIC_REWRITTEN, UNRELATED -> Side.PRIVATE;
        };
    }
}
