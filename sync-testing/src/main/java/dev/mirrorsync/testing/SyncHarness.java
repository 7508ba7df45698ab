package dev.mirrorsync.testing;

import dev.mirrorsync.core.BranchNames;
import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.MirrorPair;
import dev.mirrorsync.core.MirrorSync;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.RetryPolicy;
import dev.mirrorsync.core.Side;
import dev.mirrorsync.core.SyncReport;
import dev.mirrorsync.core.SyncRequest;
import dev.mirrorsync.core.SyncStateStores;
import dev.mirrorsync.core.spi.PushResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Drives one pair in a {@link SyncWorld} through the engine: makes named commits as other people would,
 * scripts faults, races and protection for the next run, runs {@link MirrorSync#sync} with a recording
 * tracker, a recording sleeper and a fixed clock, and checks {@link Invariants} after every run (and, after a
 * successful run, that a second run does nothing).
 *
 * <p>Commit subjects and authors are unique and survive Markdown escaping ({@code private change 000007},
 * {@code Private Author 000007}), so that the public-tracker check can search issue text for them.
 * Not thread-safe.
 */
public final class SyncHarness {
    /** The tokens every harness pair carries; none may ever appear in output. */
    public static final String PRIVATE_TOKEN = "tok-SECRET-123-private";

    public static final String PUBLIC_TOKEN = "tok-SECRET-123-public";

    private final SyncWorld world;
    private final MirrorPair pair;
    private final ScriptedGitBackend backend;
    private final RecordingIssueTracker tracker;
    private final boolean publicTracker;
    private final RecordingSleeper sleeper = new RecordingSleeper();
    private final RetryPolicy retryPolicy = RetryPolicy.defaults();
    private final Random jitter;
    private final Map<CommitId, SyncRun.CommitMeta> commits = new HashMap<>();
    private final List<SyncRun.ConcurrentCommit> concurrent = new ArrayList<>();
    private final List<SyncRun> runs = new ArrayList<>();
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private int counter;
    private boolean trackerFaultArmed;
    private boolean protectionArmed;

    public SyncHarness(SyncWorld world, String pairName, List<String> branches, boolean publicTracker, long seed) {
        this.world = world;
        this.pair = world.createPair(pairName, branches, Optional.of(PRIVATE_TOKEN), Optional.of(PUBLIC_TOKEN));
        this.backend = new ScriptedGitBackend(world.backend());
        this.publicTracker = publicTracker;
        this.tracker = new RecordingIssueTracker(publicTracker);
        this.jitter = new Random(seed);
    }

    public SyncWorld world() {
        return world;
    }

    public MirrorPair pair() {
        return pair;
    }

    public ScriptedGitBackend backend() {
        return backend;
    }

    public RecordingIssueTracker tracker() {
        return tracker;
    }

    public RecordingSleeper sleeper() {
        return sleeper;
    }

    public Map<CommitId, SyncRun.CommitMeta> commits() {
        return Map.copyOf(commits);
    }

    // ---------------------------------------------------------------------------------------------
    // Other people's changes.

    /** A new commit object on {@code side} with the given parents, on no ref. */
    public CommitId commit(Side side, List<CommitId> parents) {
        counter++;
        String subject = String.format("%s change %06d", side.label(), counter);
        String author = String.format("%s Author %06d", side == Side.PRIVATE ? "Private" : "Public", counter);
        CommitId id = world.commit(side, parents, subject, author);
        commits.put(id, new SyncRun.CommitMeta(side, subject, author));
        return id;
    }

    /** A new commit on top of {@code branch} of {@code side} (a root when absent); moves the branch. */
    public CommitId commitOn(Side side, String branch) {
        CommitId id = commit(side, world.branch(side, branch).map(List::of).orElse(List.of()));
        world.setRef(side, BranchNames.ref(branch), Optional.of(id));
        return id;
    }

    /** Merges the other side's {@code branch} into this side's; nothing when either is absent or they are equal. */
    public Optional<CommitId> mergeOther(Side side, String branch) {
        Optional<CommitId> ours = world.branch(side, branch);
        Optional<CommitId> theirs = world.branch(side.other(), branch);
        if (ours.isEmpty() || theirs.isEmpty() || ours.equals(theirs)) {
            return Optional.empty();
        }
        CommitId id = commit(side, List.of(ours.get(), theirs.get()));
        world.setRef(side, BranchNames.ref(branch), Optional.of(id));
        return Optional.of(id);
    }

    /**
     * Force-pushes {@code branch} of {@code side} {@code back} first-parent steps backwards (not past a root), and,
     * when {@code sideways}, adds a new commit on top of where it landed. Nothing when the branch is absent.
     */
    public void forcePush(Side side, String branch, int back, boolean sideways) {
        Optional<CommitId> tip = world.branch(side, branch);
        if (tip.isEmpty()) {
            return;
        }
        CommitId target = tip.get();
        for (int i = 0; i < back; i++) {
            Optional<CommitId> parent = world.firstParent(target);
            if (parent.isEmpty()) {
                break;
            }
            target = parent.get();
        }
        world.setRef(side, BranchNames.ref(branch), Optional.of(target));
        if (sideways) {
            commitOn(side, branch);
        }
    }

    public void delete(Side side, String branch) {
        world.setRef(side, BranchNames.ref(branch), Optional.empty());
    }

    /** Sets the watermark the default store keeps (a ref on the private side). */
    public void setWatermark(String branch, Optional<CommitId> value) {
        world.setRef(Side.PRIVATE, SyncStateStores.WATERMARK_REF_PREFIX + branch, value);
    }

    // ---------------------------------------------------------------------------------------------
    // Scripted for the next run only.

    /** Inside the next run's first push to {@code side}, another client commits on {@code branch} there. */
    public void raceNextPush(Side side, String branch) {
        backend.beforeNextPush(
                pair.repo(side).url(),
                () -> concurrent.add(new SyncRun.ConcurrentCommit(side, branch, commitOn(side, branch))));
    }

    /** The next {@code operation} on {@code side} in the next run fails with {@code reason}. */
    public void faultNext(ScriptedGitBackend.Operation operation, Side side, MirrorSyncException.Reason reason) {
        backend.failNext(operation, pair.repo(side).url(), failure(operation, side, reason));
    }

    /** The next push to {@code side} applies, and its answer is lost with a retryable {@code reason}. */
    public void loseNextPushAnswer(Side side, MirrorSyncException.Reason reason) {
        backend.failAfterNextPush(pair.repo(side).url(), failure(ScriptedGitBackend.Operation.PUSH, side, reason));
    }

    /** Pushes to {@code branch} of {@code side} are refused during the next run. */
    public void protectNext(Side side, String branch) {
        protectionArmed = true;
        backend.protect(pair.repo(side).url(), BranchNames.ref(branch));
    }

    /** The next tracker call in the next run fails with {@code reason}. */
    public void trackerFaultNext(MirrorSyncException.Reason reason) {
        trackerFaultArmed = true;
        tracker.failNext(new MirrorSyncException(reason, "scripted tracker failure (" + reason + ")"));
    }

    private MirrorSyncException failure(
            ScriptedGitBackend.Operation operation, Side side, MirrorSyncException.Reason reason) {
        // Like an adapter's message: names the credential-free URL, never the token.
        return new MirrorSyncException(
                reason,
                "scripted " + reason + " on " + operation + " of "
                        + pair.repo(side).url());
    }

    // ---------------------------------------------------------------------------------------------
    // Runs.

    /** One run of the engine; the script is consumed or dropped afterwards, and the clock moves on an hour. */
    public SyncRun sync(SyncRequest request) {
        WorldSnapshot before = WorldSnapshot.of(world);
        List<RecordingIssueTracker.Issue> issuesBefore = tracker.issues();
        int writesBefore = tracker.writes();
        int pushesBefore = backend.pushes().size();
        int faultsBefore = backend.firedFaults().size();
        concurrent.clear();
        MirrorSync engine = MirrorSync.builder()
                .gitBackend(backend)
                .issueTracker(tracker)
                .clock(Clock.fixed(now, ZoneOffset.UTC))
                .sleeper(sleeper)
                .random(jitter)
                .retryPolicy(retryPolicy)
                .build();
        Optional<SyncReport> report = Optional.empty();
        Optional<RuntimeException> thrown = Optional.empty();
        try {
            report = Optional.of(engine.sync(pair, request));
        } catch (RuntimeException e) {
            thrown = Optional.of(e);
        }
        List<ScriptedGitBackend.Push> pushes =
                backend.pushes().subList(pushesBefore, backend.pushes().size());
        List<ScriptedGitBackend.Fault> fired = backend.firedFaults()
                .subList(faultsBefore, backend.firedFaults().size());
        boolean refused = pushes.stream()
                .anyMatch(p -> p.result()
                        .map(r -> r.status() == PushResult.Status.REJECTED_OTHER)
                        .orElse(false));
        long transientFaults =
                fired.stream().filter(f -> f.failure().isRetryable()).count();
        boolean undisturbed = concurrent.isEmpty()
                && fired.stream().allMatch(f -> f.failure().isRetryable())
                && transientFaults < retryPolicy.maxAttempts()
                && !(protectionArmed && refused);
        SyncRun run = new SyncRun(
                pair,
                request,
                before,
                WorldSnapshot.of(world),
                report,
                thrown,
                List.copyOf(pushes),
                List.copyOf(concurrent),
                issuesBefore,
                tracker.issues(),
                writesBefore,
                tracker.writes(),
                publicTracker,
                trackerFaultArmed,
                undisturbed,
                Set.of(PRIVATE_TOKEN, PUBLIC_TOKEN),
                Map.copyOf(commits));
        runs.add(run);
        backend.clearScript();
        tracker.clearFaults();
        trackerFaultArmed = false;
        protectionArmed = false;
        now = now.plus(Duration.ofHours(1));
        return run;
    }

    /** Every run this harness made, oldest first (for {@link Tally}). */
    public List<SyncRun> runs() {
        return List.copyOf(runs);
    }

    /** Violations of the invariants in one run. */
    public List<String> check(SyncRun run) {
        return Invariants.check(run, world);
    }

    /**
     * Runs, checks the invariants, and after a successful, undisturbed, non-dry run, runs again with the same
     * request and checks that the second run pushed and filed nothing (and its invariants too).
     */
    public List<String> syncAndCheck(SyncRequest request) {
        SyncRun run = sync(request);
        List<String> violations = new ArrayList<>(check(run));
        if (run.thrown().isPresent()) {
            violations.add("the run threw " + run.thrown().get());
        }
        if (run.succeeded() && run.undisturbed() && !run.trackerFaulted() && !request.dryRun()) {
            SyncRun second = sync(request);
            check(second).forEach(x -> violations.add("second run: " + x));
            violations.addAll(Invariants.checkIdempotent(second));
        }
        return violations;
    }
}
