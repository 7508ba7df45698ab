package dev.mirrorsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The state table over hand-built observations: the planner is pure, so each row is one observation and one
 * expected plan. {@code P}, {@code Q}, {@code W} are the private tip, public tip and watermark.
 */
class SyncPlannerTest {
    private static final CommitId A = id('a');
    private static final CommitId B = id('b');
    private static final CommitId C = id('c');
    private static final CommitId D = id('d');
    private static final Optional<CommitId> NONE = Optional.empty();

    private static CommitId id(char c) {
        return CommitId.of(String.valueOf(c).repeat(40));
    }

    /** An observation builder that reads like the table's columns. */
    private static final class Seen {
        Optional<CommitId> p = NONE;
        Optional<CommitId> q = NONE;
        Optional<CommitId> w = NONE;
        boolean pHasW;
        boolean qHasW;
        boolean qInP;
        boolean pInQ;
        Optional<CommitId> base = NONE;

        Seen p(CommitId id) {
            p = Optional.of(id);
            return this;
        }

        Seen q(CommitId id) {
            q = Optional.of(id);
            return this;
        }

        Seen w(CommitId id, boolean privateHas, boolean publicHas) {
            w = Optional.of(id);
            pHasW = privateHas;
            qHasW = publicHas;
            return this;
        }

        Seen qInP() {
            qInP = true;
            base = q;
            return this;
        }

        Seen pInQ() {
            pInQ = true;
            base = p;
            return this;
        }

        Seen base(CommitId id) {
            base = Optional.of(id);
            return this;
        }

        Observation build() {
            return new Observation("main", p, q, w, pHasW, qHasW, qInP, pInQ, base);
        }
    }

    private static Seen seen() {
        return new Seen();
    }

    private static Plan plan(Seen seen) {
        return SyncPlanner.plan(seen.build(), SyncRequest.defaults());
    }

    private static Plan plan(Seen seen, Direction direction, DivergencePolicy policy) {
        return SyncPlanner.plan(
                seen.build(),
                SyncRequest.builder()
                        .direction(direction)
                        .divergencePolicy(policy)
                        .build());
    }

    @Test
    void row1BothMissing() {
        assertThat(plan(seen())).isEqualTo(new Plan(SyncState.BOTH_MISSING, SyncAction.NONE, true));
        // A watermark does not turn a typo into a rewrite.
        assertThat(plan(seen().w(A, false, false)).state()).isEqualTo(SyncState.BOTH_MISSING);
    }

    @Test
    void row2InSyncWinsOverAnyWatermark() {
        assertThat(plan(seen().p(B).q(B))).isEqualTo(new Plan(SyncState.IN_SYNC, SyncAction.NONE, true));
        assertThat(plan(seen().p(B).q(B).w(C, false, false)).state()).isEqualTo(SyncState.IN_SYNC);
    }

    /*
     *       W
     *   a - b   Q
     *   P           (private moved back to a)
     */
    @Test
    void row3PrivateRewrittenWhenOnlyPublicContainsTheWatermark() {
        Plan plan = plan(seen().p(A).q(B).w(B, false, true).pInQ(), Direction.BOTH, DivergencePolicy.PREFER_PUBLIC);
        assertThat(plan).isEqualTo(new Plan(SyncState.PRIVATE_REWRITTEN, SyncAction.REPORT, true));
    }

    @Test
    void row3PublicRewrittenWhenOnlyPrivateContainsTheWatermark() {
        assertThat(plan(seen().p(B).q(A).w(B, true, false).qInP()).state()).isEqualTo(SyncState.PUBLIC_REWRITTEN);
    }

    @Test
    void row3ADeletedSideWithAWatermarkIsRewrittenNotMissing() {
        assertThat(plan(seen().q(B).w(B, false, true)).state()).isEqualTo(SyncState.PRIVATE_REWRITTEN);
        assertThat(plan(seen().p(B).w(B, true, false)).state()).isEqualTo(SyncState.PUBLIC_REWRITTEN);
        // Deleted while the other side also dropped the watermark: still a rewrite of the deleted side.
        assertThat(plan(seen().q(C).w(B, false, false)).state()).isEqualTo(SyncState.PRIVATE_REWRITTEN);
        assertThat(plan(seen().p(C).w(B, false, false)).state()).isEqualTo(SyncState.PUBLIC_REWRITTEN);
    }

    /*
     *   x (W, on neither side any more)
     *   a - b   P       both present and both dropped W: compared by ancestry
     *   Q
     */
    @Test
    void row3DoesNotApplyWhenBothPresentSidesDroppedTheWatermark() {
        assertThat(plan(seen().p(B).q(A).w(C, false, false).qInP()).state()).isEqualTo(SyncState.PRIVATE_AHEAD);
    }

    @Test
    void row4MissingSidesAreCreatedWithoutAWatermark() {
        assertThat(plan(seen().q(B))).isEqualTo(new Plan(SyncState.PRIVATE_MISSING, SyncAction.CREATE_PRIVATE, true));
        assertThat(plan(seen().p(B))).isEqualTo(new Plan(SyncState.PUBLIC_MISSING, SyncAction.CREATE_PUBLIC, true));
        assertThat(plan(seen().p(B), Direction.TO_PRIVATE, DivergencePolicy.REPORT)
                        .permitted())
                .isFalse();
    }

    @Test
    void rows5And6FastForwardTheSideThatIsBehind() {
        assertThat(plan(seen().p(B).q(A).w(A, true, true).qInP()))
                .isEqualTo(new Plan(SyncState.PRIVATE_AHEAD, SyncAction.FAST_FORWARD_PUBLIC, true));
        assertThat(plan(seen().p(A).q(B).w(A, true, true).pInQ()))
                .isEqualTo(new Plan(SyncState.PUBLIC_AHEAD, SyncAction.FAST_FORWARD_PRIVATE, true));
        // No watermark at all: ancestry alone decides.
        assertThat(plan(seen().p(B).q(A).qInP()).state()).isEqualTo(SyncState.PRIVATE_AHEAD);
    }

    @Test
    void aDirectionThatForbidsTheTargetLeavesTheActionPending() {
        Plan plan = plan(seen().p(B).q(A).qInP(), Direction.TO_PRIVATE, DivergencePolicy.REPORT);
        assertThat(plan).isEqualTo(new Plan(SyncState.PRIVATE_AHEAD, SyncAction.FAST_FORWARD_PUBLIC, false));
        assertThat(plan(seen().p(A).q(B).pInQ(), Direction.TO_PUBLIC, DivergencePolicy.REPORT)
                        .permitted())
                .isFalse();
    }

    static Stream<Arguments> divergedPolicies() {
        List<Arguments> rows = new ArrayList<>();
        for (Direction direction : Direction.values()) {
            for (DivergencePolicy policy : DivergencePolicy.values()) {
                SyncAction expected = switch (policy) {
                    case REPORT -> SyncAction.REPORT;
                    case PREFER_PRIVATE ->
                        direction == Direction.TO_PRIVATE ? SyncAction.REPORT : SyncAction.OVERWRITE_PUBLIC;
                    case PREFER_PUBLIC ->
                        direction == Direction.TO_PUBLIC ? SyncAction.REPORT : SyncAction.OVERWRITE_PRIVATE;
                };
                rows.add(Arguments.of(direction, policy, expected));
            }
        }
        return rows.stream();
    }

    /*
     *         c   P
     *        /
     *   a - b  (W)
     *        \
     *         d   Q
     */
    @ParameterizedTest(name = "diverged under {0}/{1} -> {2}")
    @MethodSource("divergedPolicies")
    void row7DivergedFollowsThePolicyOnlyWhereTheDirectionAllows(
            Direction direction, DivergencePolicy policy, SyncAction expected) {
        Plan plan = plan(seen().p(C).q(D).w(B, true, true).base(B), direction, policy);
        assertThat(plan.state()).isEqualTo(SyncState.DIVERGED);
        assertThat(plan.action()).isEqualTo(expected);
        assertThat(plan.permitted()).isTrue();
    }

    @ParameterizedTest(name = "unrelated under {0}")
    @MethodSource("policies")
    void row8UnrelatedIsAlwaysReported(DivergencePolicy policy) {
        assertThat(plan(seen().p(C).q(D), Direction.BOTH, policy))
                .isEqualTo(new Plan(SyncState.UNRELATED, SyncAction.REPORT, true));
    }

    static Stream<DivergencePolicy> policies() {
        return Stream.of(DivergencePolicy.values());
    }

    @Test
    void everyStateThatNeedsAHumanIsPlannedAsAReport() {
        for (Seen s : List.of(
                seen().p(A).q(B).w(B, false, true).pInQ(),
                seen().p(B).q(A).w(B, true, false).qInP(),
                seen().p(C).q(D).base(B),
                seen().p(C).q(D))) {
            Plan plan = plan(s);
            assertThat(plan.state().needsHuman()).as("%s", plan).isTrue();
            assertThat(plan.action()).isEqualTo(SyncAction.REPORT);
        }
    }
}
