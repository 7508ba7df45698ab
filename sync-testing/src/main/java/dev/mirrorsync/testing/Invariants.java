package dev.mirrorsync.testing;

import dev.mirrorsync.core.BackupRefs;
import dev.mirrorsync.core.BranchNames;
import dev.mirrorsync.core.BranchReport;
import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.Outcome;
import dev.mirrorsync.core.Side;
import dev.mirrorsync.core.SyncReport;
import dev.mirrorsync.core.SyncRequest;
import dev.mirrorsync.core.SyncState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks the nine invariants of docs/design.md over one {@link SyncRun}, independently of the engine: the
 * expected state of each branch is worked out here again from reachability in the {@link SyncWorld}, not
 * taken from the engine's answers. Returns readable violations, empty when all hold.
 *
 * <p>Besides the nine, it checks the state table itself: the state the engine reports, and, for an
 * undisturbed run, the outcome the table calls for.
 */
public final class Invariants {
    private Invariants() {}

    /** Every violation in one run. */
    public static List<String> check(SyncRun run, SyncWorld world) {
        List<String> v = new ArrayList<>();
        Reach reach = new Reach(world);
        stateTable(run, reach, v);
        nothingLost(run, reach, v);
        convergence(run, reach, v);
        noSurgery(run, reach, v);
        oneIssuePerProblem(run, v);
        directionAndDryRun(run, v);
        leases(run, reach, v);
        noSecrets(run, v);
        noPrivateDetailInPublicTracker(run, reach, v);
        return v;
    }

    /** Invariant 5: a run right after a successful one pushes nothing and files nothing. */
    public static List<String> checkIdempotent(SyncRun second) {
        List<String> v = new ArrayList<>();
        if (!second.pushes().isEmpty()) {
            v.add("5 idempotent: a second run pushed "
                    + second.pushes().stream()
                            .map(p -> p.update().refName() + "@" + p.url())
                            .toList());
        }
        if (second.trackerWritesAfter() != second.trackerWritesBefore()) {
            v.add("5 idempotent: a second run wrote to the tracker "
                    + (second.trackerWritesAfter() - second.trackerWritesBefore()) + " time(s)");
        }
        second.report()
                .ifPresent(r -> r.branches().forEach(b -> {
                    if (b.outcome() == Outcome.SYNCED) {
                        v.add("5 idempotent: " + b.branch() + " was SYNCED again by a second run");
                    }
                }));
        return v;
    }

    /** The state the table gives a branch before a run, worked out from reachability alone. */
    public static SyncState expectedState(SyncWorld world, WorldSnapshot before, String branch) {
        return expectedState(new Reach(world), before, branch);
    }

    private static SyncState expectedState(Reach reach, WorldSnapshot before, String branch) {
        Optional<CommitId> p = before.branch(Side.PRIVATE, branch);
        Optional<CommitId> q = before.branch(Side.PUBLIC, branch);
        Optional<CommitId> w = before.watermark(branch);
        if (p.isEmpty() && q.isEmpty()) {
            return SyncState.BOTH_MISSING;
        }
        if (p.equals(q)) {
            return SyncState.IN_SYNC;
        }
        if (w.isPresent()) {
            boolean pHas = p.isPresent() && reach.from(Side.PRIVATE, p.get()).contains(w.get());
            boolean qHas = q.isPresent() && reach.from(Side.PUBLIC, q.get()).contains(w.get());
            if (qHas && !pHas) {
                return SyncState.PRIVATE_REWRITTEN;
            }
            if (pHas && !qHas) {
                return SyncState.PUBLIC_REWRITTEN;
            }
            if (!pHas && !qHas && p.isEmpty()) {
                return SyncState.PRIVATE_REWRITTEN;
            }
            if (!pHas && !qHas && q.isEmpty()) {
                return SyncState.PUBLIC_REWRITTEN;
            }
        }
        if (p.isEmpty()) {
            return SyncState.PRIVATE_MISSING;
        }
        if (q.isEmpty()) {
            return SyncState.PUBLIC_MISSING;
        }
        Set<CommitId> fromP = reach.from(Side.PRIVATE, p.get());
        Set<CommitId> fromQ = reach.from(Side.PUBLIC, q.get());
        if (fromP.contains(q.get())) {
            return SyncState.PRIVATE_AHEAD;
        }
        if (fromQ.contains(p.get())) {
            return SyncState.PUBLIC_AHEAD;
        }
        return fromP.stream().anyMatch(fromQ::contains) ? SyncState.DIVERGED : SyncState.UNRELATED;
    }

    /** The outcome an undisturbed run reaches from a state, by the table and the request. */
    public static Outcome expectedOutcome(SyncState state, SyncRequest request) {
        return switch (state) {
            case BOTH_MISSING -> Outcome.FAILED;
            case IN_SYNC -> Outcome.UP_TO_DATE;
            case PRIVATE_REWRITTEN, PUBLIC_REWRITTEN, UNRELATED -> Outcome.NEEDS_HUMAN;
            case PRIVATE_MISSING, PUBLIC_AHEAD -> moving(Side.PRIVATE, request);
            case PUBLIC_MISSING, PRIVATE_AHEAD -> moving(Side.PUBLIC, request);
            case DIVERGED ->
                overwrittenSide(request)
                        .map(loser -> request.dryRun() ? Outcome.WOULD_SYNC : Outcome.SYNCED)
                        .orElse(Outcome.NEEDS_HUMAN);
        };
    }

    /** The side a preferring policy overwrites when this request may update it. */
    public static Optional<Side> overwrittenSide(SyncRequest request) {
        return request.divergencePolicy().preferredSide().map(Side::other).filter(request.direction()::allowsUpdating);
    }

    private static Outcome moving(Side target, SyncRequest request) {
        if (!request.direction().allowsUpdating(target)) {
            return Outcome.PENDING;
        }
        return request.dryRun() ? Outcome.WOULD_SYNC : Outcome.SYNCED;
    }

    // ---------------------------------------------------------------------------------------------

    private static void stateTable(SyncRun run, Reach reach, List<String> v) {
        if (run.report().isEmpty()) {
            return;
        }
        for (BranchReport b : run.report().get().branches()) {
            SyncState expected = expectedState(reach, run.before(), b.branch());
            boolean raced =
                    run.concurrentCommits().stream().anyMatch(c -> c.branch().equals(b.branch()));
            if (b.state().isPresent() && !raced && b.state().get() != expected) {
                v.add("table: " + b.branch() + " is " + expected + " but the engine reported "
                        + b.state().get());
            }
            if (run.undisturbed() && !raced) {
                Outcome outcome = expectedOutcome(expected, run.request());
                if (b.outcome() != outcome) {
                    v.add("table: " + b.branch() + " in " + expected + " under " + describe(run.request())
                            + " should end " + outcome + " but ended " + b.outcome() + " (" + b.message() + ")");
                }
            }
        }
    }

    /** 1. Every commit reachable from a side's branch before the run is reachable after it from that branch or a backup ref. */
    private static void nothingLost(SyncRun run, Reach reach, List<String> v) {
        for (Side side : Side.values()) {
            Map<String, CommitId> after = run.after().refs(side);
            for (Map.Entry<String, CommitId> branch :
                    run.before().branches(side).entrySet()) {
                List<CommitId> anchors = new ArrayList<>();
                Optional.ofNullable(after.get(branch.getKey())).ifPresent(anchors::add);
                anchors.addAll(run.after().backups(side, null).values());
                Set<CommitId> kept = reach.fromAll(side, anchors);
                List<CommitId> lost = reach.from(side, branch.getValue()).stream()
                        .filter(c -> !kept.contains(c))
                        .sorted()
                        .toList();
                if (!lost.isEmpty()) {
                    v.add("1 nothing lost: " + lost.size() + " commit(s) of " + side.label() + " " + branch.getKey()
                            + " are reachable neither from it nor from a backup ref: " + abbrev(lost));
                }
            }
        }
    }

    /** 2. When one tip leads and the direction allows, both tips are equal afterwards (and the watermark agrees). */
    private static void convergence(SyncRun run, Reach reach, List<String> v) {
        if (!run.undisturbed() || run.request().dryRun() || run.thrown().isPresent()) {
            return;
        }
        for (String branch : run.pair().branches()) {
            SyncState state = expectedState(reach, run.before(), branch);
            Optional<Side> target = switch (state) {
                case PRIVATE_AHEAD, PUBLIC_MISSING -> Optional.of(Side.PUBLIC);
                case PUBLIC_AHEAD, PRIVATE_MISSING -> Optional.of(Side.PRIVATE);
                case DIVERGED -> overwrittenSide(run.request());
                case IN_SYNC -> Optional.empty();
                case BOTH_MISSING, PRIVATE_REWRITTEN, PUBLIC_REWRITTEN, UNRELATED -> Optional.empty();
            };
            Optional<CommitId> p = run.after().branch(Side.PRIVATE, branch);
            Optional<CommitId> q = run.after().branch(Side.PUBLIC, branch);
            if (target.isPresent() && run.request().direction().allowsUpdating(target.get())) {
                Optional<CommitId> winner = run.before().branch(target.get().other(), branch);
                if (!p.equals(winner) || !q.equals(winner)) {
                    v.add("2 convergence: " + branch + " was " + state + "; both tips should be " + abbrev(winner)
                            + " but private is " + abbrev(p) + " and public " + abbrev(q));
                }
            }
            boolean agreed = p.isPresent() && p.equals(q) && (state == SyncState.IN_SYNC || target.isPresent());
            if (agreed && !run.after().watermark(branch).equals(p)) {
                v.add("2 convergence: " + branch + " is in sync at " + abbrev(p) + " but the watermark is "
                        + abbrev(run.after().watermark(branch)));
            }
        }
    }

    /** 3. DIVERGED under report, UNRELATED and *_REWRITTEN change no branch. */
    private static void noSurgery(SyncRun run, Reach reach, List<String> v) {
        for (String branch : run.pair().branches()) {
            SyncState state = expectedState(reach, run.before(), branch);
            boolean hands = switch (state) {
                case UNRELATED, PRIVATE_REWRITTEN, PUBLIC_REWRITTEN -> true;
                case DIVERGED -> overwrittenSide(run.request()).isEmpty();
                case BOTH_MISSING, IN_SYNC, PRIVATE_MISSING, PUBLIC_MISSING, PRIVATE_AHEAD, PUBLIC_AHEAD -> false;
            };
            boolean raced =
                    run.concurrentCommits().stream().anyMatch(c -> c.branch().equals(branch));
            if (!hands || raced) {
                continue;
            }
            String ref = BranchNames.ref(branch);
            for (ScriptedGitBackend.Push push : run.pushes()) {
                if (push.update().refName().equals(ref)
                        || push.update().refName().startsWith(BackupRefs.PREFIX + branch + "/")) {
                    v.add("3 no surgery: " + branch + " was " + state + " under " + describe(run.request())
                            + " but the engine pushed " + push.update().refName() + " to " + push.url());
                }
            }
            for (Side side : Side.values()) {
                if (!run.before().branch(side, branch).equals(run.after().branch(side, branch))) {
                    v.add("3 no surgery: " + branch + " was " + state + " but " + side.label() + " moved from "
                            + abbrev(run.before().branch(side, branch)) + " to "
                            + abbrev(run.after().branch(side, branch)));
                }
            }
        }
    }

    /** 4. One open issue per (pair, branch): opened when a human is needed, updated in place, closed once in sync. */
    private static void oneIssuePerProblem(SyncRun run, List<String> v) {
        for (String branch : run.pair().branches()) {
            String key = run.pair().issueKey(branch);
            List<RecordingIssueTracker.Issue> before = withKey(run.issuesBefore(), key);
            List<RecordingIssueTracker.Issue> after = withKey(run.issuesAfter(), key);
            List<RecordingIssueTracker.Issue> openBefore =
                    before.stream().filter(RecordingIssueTracker.Issue::open).toList();
            List<RecordingIssueTracker.Issue> openAfter =
                    after.stream().filter(RecordingIssueTracker.Issue::open).toList();
            if (openAfter.size() > 1) {
                v.add("4 one issue: " + branch + " has " + openAfter.size() + " open issues");
            }
            if (!openBefore.isEmpty() && after.size() != before.size()) {
                v.add("4 one issue: " + branch + " had open issue #"
                        + openBefore.get(0).number() + " but a new one was filed");
            }
            if (after.size() > before.size() + 1) {
                v.add("4 one issue: " + branch + " got " + (after.size() - before.size()) + " new issues in one run");
            }
            for (RecordingIssueTracker.Issue old : before) {
                RecordingIssueTracker.Issue now = byNumber(after, old.number());
                if (now.open()
                        && now.title().equals(old.title())
                        && now.body().equals(old.body())
                        && now.comments().size() != old.comments().size()) {
                    v.add("4 one issue: #" + old.number() + " of " + branch
                            + " was commented on although nothing changed");
                }
            }
            if (run.report().isEmpty() || run.request().dryRun() || run.trackerFaulted()) {
                continue;
            }
            BranchReport b = branchReport(run.report().get(), branch);
            switch (b.outcome()) {
                case NEEDS_HUMAN -> {
                    if (openAfter.size() != 1) {
                        v.add("4 one issue: " + branch + " needs a human but has " + openAfter.size() + " open issues");
                    } else {
                        RecordingIssueTracker.Issue issue = openAfter.get(0);
                        if (!b.issue().map(r -> r.id().equals(issue.number())).orElse(false)) {
                            v.add("4 one issue: the report of " + branch + " names " + b.issue() + ", not open issue #"
                                    + issue.number());
                        }
                        for (Optional<CommitId> tip : List.of(b.privateBefore(), b.publicBefore())) {
                            if (tip.isPresent()
                                    && !issue.body().contains(tip.get().hex())) {
                                v.add("4 one issue: open issue #" + issue.number() + " of " + branch
                                        + " was not updated to the current tip "
                                        + tip.get().abbreviated());
                            }
                        }
                    }
                }
                case UP_TO_DATE, SYNCED -> {
                    if (!openAfter.isEmpty()) {
                        v.add("4 one issue: " + branch + " is in sync but issue #"
                                + openAfter.get(0).number() + " is still open");
                    }
                    for (RecordingIssueTracker.Issue old : openBefore) {
                        RecordingIssueTracker.Issue now = byNumber(after, old.number());
                        if (now.comments().size() <= old.comments().size()) {
                            v.add("4 one issue: #" + old.number() + " of " + branch + " was closed without a comment");
                        }
                    }
                }
                case WOULD_SYNC, PENDING, FAILED -> {}
            }
        }
    }

    /** 6. A run moves no branch on a side its direction forbids; a dry run pushes nothing, files nothing, moves no watermark. */
    private static void directionAndDryRun(SyncRun run, List<String> v) {
        for (Side side : Side.values()) {
            if (run.request().direction().allowsUpdating(side)) {
                continue;
            }
            String url = run.pair().repo(side).url();
            for (ScriptedGitBackend.Push push : run.pushes()) {
                String ref = push.update().refName();
                if (push.url().equals(url) && (ref.startsWith("refs/heads/") || ref.startsWith(BackupRefs.PREFIX))) {
                    v.add("6 direction: a " + run.request().direction() + " run pushed " + ref + " to " + side.label());
                }
            }
        }
        if (!run.request().dryRun()) {
            return;
        }
        if (!run.pushes().isEmpty()) {
            v.add("6 dry run: pushed "
                    + run.pushes().stream().map(p -> p.update().refName()).toList());
        }
        if (run.trackerWritesAfter() != run.trackerWritesBefore()
                || !run.issuesAfter().equals(run.issuesBefore())) {
            v.add("6 dry run: wrote to the issue tracker");
        }
        if (!run.after().equals(run.before()) && run.concurrentCommits().isEmpty()) {
            v.add("6 dry run: refs changed from " + run.before() + " to " + run.after());
        }
    }

    /** 7. A commit another client pushed while the engine worked is still on its branch (or, under a preferring policy that re-planned, in a backup). */
    private static void leases(SyncRun run, Reach reach, List<String> v) {
        for (SyncRun.ConcurrentCommit c : run.concurrentCommits()) {
            Optional<CommitId> tip = run.after().branch(c.side(), c.branch());
            if (tip.isPresent() && reach.from(c.side(), tip.get()).contains(c.commit())) {
                continue;
            }
            boolean mayBeOverwritten = overwrittenSide(run.request()).equals(Optional.of(c.side()));
            boolean backedUp = reach.fromAll(
                            c.side(), run.after().backups(c.side(), c.branch()).values())
                    .contains(c.commit());
            if (!(mayBeOverwritten && backedUp)) {
                v.add("7 leases: " + c.side().label() + " " + c.branch() + " got "
                        + c.commit().abbreviated() + " from another client during the run, and it was overwritten (now "
                        + abbrev(tip) + ")");
            }
        }
    }

    /** 8. No token in any report text, toString, issue text or exception message. */
    private static void noSecrets(SyncRun run, List<String> v) {
        List<String> texts = new ArrayList<>();
        texts.add(run.pair().toString());
        run.report().ifPresent(r -> {
            texts.add(r.toString());
            r.branches().forEach(b -> texts.add(b.message()));
        });
        run.thrown().ifPresent(t -> {
            for (Throwable e = t; e != null; e = e.getCause()) {
                texts.add(String.valueOf(e.getMessage()));
                texts.add(e.toString());
            }
        });
        for (RecordingIssueTracker.Issue issue : run.issuesAfter()) {
            texts.add(issue.toString());
        }
        for (String secret : run.secrets()) {
            for (String text : texts) {
                if (text.contains(secret)) {
                    v.add("8 no secret: a token appears in: "
                            + text.replace(secret, "<TOKEN>")
                                    .lines()
                                    .findFirst()
                                    .orElse(""));
                    break;
                }
            }
        }
    }

    /** 9. Text a run writes into a public tracker names no subject or author of a private-only commit. */
    private static void noPrivateDetailInPublicTracker(SyncRun run, Reach reach, List<String> v) {
        if (!run.trackerPublic()) {
            return;
        }
        List<String> written = newText(run.issuesBefore(), run.issuesAfter());
        if (written.isEmpty()) {
            return;
        }
        Set<CommitId> privateOnly =
                new HashSet<>(reach.fromAll(Side.PRIVATE, union(run.before(), run.after(), Side.PRIVATE)));
        privateOnly.removeAll(reach.fromAll(Side.PUBLIC, union(run.before(), run.after(), Side.PUBLIC)));
        for (CommitId id : privateOnly) {
            SyncRun.CommitMeta meta = run.commits().get(id);
            if (meta == null) {
                continue;
            }
            for (String text : written) {
                if (text.contains(meta.subject()) || text.contains(meta.author())) {
                    v.add("9 public tracker: the private-only commit " + id.abbreviated() + " (" + meta.subject() + ", "
                            + meta.author() + ") is described in a public issue");
                    break;
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static List<String> newText(
            List<RecordingIssueTracker.Issue> before, List<RecordingIssueTracker.Issue> after) {
        Map<String, RecordingIssueTracker.Issue> old = new HashMap<>();
        before.forEach(i -> old.put(i.number(), i));
        List<String> written = new ArrayList<>();
        for (RecordingIssueTracker.Issue issue : after) {
            RecordingIssueTracker.Issue was = old.get(issue.number());
            if (was == null || !was.title().equals(issue.title())) {
                written.add(issue.title());
            }
            if (was == null || !was.body().equals(issue.body())) {
                written.add(issue.body());
            }
            written.addAll(issue.comments()
                    .subList(
                            was == null
                                    ? 0
                                    : Math.min(
                                            was.comments().size(),
                                            issue.comments().size()),
                            issue.comments().size()));
        }
        return written;
    }

    private static List<CommitId> union(WorldSnapshot before, WorldSnapshot after, Side side) {
        List<CommitId> all = new ArrayList<>(before.refs(side).values());
        all.addAll(after.refs(side).values());
        return all;
    }

    private static List<RecordingIssueTracker.Issue> withKey(List<RecordingIssueTracker.Issue> issues, String key) {
        return issues.stream().filter(i -> i.key().equals(key)).toList();
    }

    private static RecordingIssueTracker.Issue byNumber(List<RecordingIssueTracker.Issue> issues, String number) {
        return issues.stream()
                .filter(i -> i.number().equals(number))
                .findFirst()
                .orElseThrow(() -> new AssertionError("issue #" + number + " disappeared"));
    }

    private static BranchReport branchReport(SyncReport report, String branch) {
        return report.branches().stream()
                .filter(b -> b.branch().equals(branch))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no report for " + branch));
    }

    static String describe(SyncRequest r) {
        return r.direction() + "/" + r.divergencePolicy() + (r.dryRun() ? "/dry-run" : "");
    }

    private static String abbrev(Optional<CommitId> id) {
        return id.map(CommitId::abbreviated).orElse("(none)");
    }

    private static String abbrev(Collection<CommitId> ids) {
        return ids.stream().limit(5).map(CommitId::abbreviated).collect(Collectors.joining(", "))
                + (ids.size() > 5 ? ", …" : "");
    }

    /** Reachability per side, memoized for one check. */
    private static final class Reach {
        private final SyncWorld world;
        private final Map<String, Set<CommitId>> memo = new HashMap<>();

        Reach(SyncWorld world) {
            this.world = world;
        }

        Set<CommitId> from(Side side, CommitId tip) {
            return memo.computeIfAbsent(side + tip.hex(), k -> world.reachable(side, List.of(tip)));
        }

        Set<CommitId> fromAll(Side side, Collection<CommitId> tips) {
            Set<CommitId> all = new HashSet<>();
            tips.forEach(t -> all.addAll(from(side, t)));
            return all;
        }
    }
}
