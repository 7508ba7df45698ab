package dev.mirrorsync.core;

import dev.mirrorsync.core.spi.CrashHook;
import dev.mirrorsync.core.spi.GitBackend;
import dev.mirrorsync.core.spi.IssueTracker;
import dev.mirrorsync.core.spi.SyncStateStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;

/**
 * The entry point: keeps the branches of a {@link MirrorPair} in two-way sync through a {@link GitBackend},
 * files what needs a human in an {@link IssueTracker}, and remembers watermarks in a {@link SyncStateStore}.
 *
 * <pre>{@code
 * MirrorSync mirrorSync = MirrorSync.builder()
 *         .gitBackend(JGitBackend.builder().cacheDirectory(cache).build())
 *         .issueTracker(tracker)
 *         .build();
 * SyncReport report = mirrorSync.sync(pair, SyncRequest.defaults());
 * }</pre>
 *
 * <p>Each branch is handled on its own: a diverged or failing branch never keeps the others from syncing.
 * Every push carries a lease, and an overwrite (only under an opt-in preferring policy) first writes a backup
 * ref. An instance holds no per-run state; concurrent runs on one instance are as safe as its backend is.
 */
public final class MirrorSync {
    private final GitBackend backend;
    private final Optional<IssueTracker> tracker;
    private final SyncStateStore store;
    private final Clock clock;
    private final Retrier retrier;
    private final CrashHook crashHook;
    private final Spelling spelling;

    private MirrorSync(Builder builder) {
        this.backend = Objects.requireNonNull(builder.backend, "a GitBackend is required: builder().gitBackend(...)");
        this.tracker = Optional.ofNullable(builder.tracker);
        this.store = builder.store != null ? builder.store : SyncStateStores.privateRef(backend);
        this.clock = builder.clock;
        this.retrier = new Retrier(builder.retryPolicy, builder.sleeper, builder.random, builder.clock);
        this.crashHook = builder.crashHook;
        this.spelling = builder.spelling;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Observes every branch of the pair and carries out what the request permits.
     *
     * @throws MirrorSyncException only for failures that concern the whole pair and left nothing changed;
     *     a branch's own failure is reported in its {@link BranchReport}
     */
    public SyncReport sync(MirrorPair pair, SyncRequest request) {
        BranchObserver observer = new BranchObserver(backend, store, retrier, pair, crashHook);
        BranchWriter writer = writer(pair);
        Explanations explanations = new Explanations(spelling);
        SyncExecutor executor = new SyncExecutor(retrier, observer, writer, explanations);
        BatchedSync batched = new BatchedSync(backend, store, retrier, pair, observer, writer, executor, crashHook);
        return run(pair, request.dryRun(), observer, (branches, tips) -> batched.sync(branches, tips, request));
    }

    /** The work of a run over the branches it selected, from the one listing per side. */
    @FunctionalInterface
    private interface PairWork {
        BatchedSync.Result apply(List<String> branches, Map<Side, Map<String, CommitId>> tips);
    }

    /** One branch's work, from its listed tips. */
    @FunctionalInterface
    private interface BranchWork {
        BranchReport apply(String branch, Optional<CommitId> privateTip, Optional<CommitId> publicTip);
    }

    private BranchWriter writer(MirrorPair pair) {
        return new BranchWriter(backend, store, retrier, clock, pair, crashHook);
    }

    private SyncReport run(MirrorPair pair, boolean dryRun, BranchObserver observer, PairWork work) {
        BranchObserver.Listing listing;
        try {
            listing = observer.listPair();
            crashHook.reached(CrashHook.Point.AFTER_LISTING);
        } catch (MirrorSyncException e) {
            return report(
                    pair,
                    dryRun,
                    pair.branches().stream().map(b -> failed(b, e)).toList());
        }
        Optional<IssueKeeper> keeper = tracker.map(t -> new IssueKeeper(t, retrier, spelling));
        BatchedSync.Result result = work.apply(listing.branches(), listing.refs());
        List<BranchReport> reports = new ArrayList<>();
        for (BranchReport report : result.branches()) {
            reports.add(keeper.isPresent() ? keeper.get().apply(pair, report, dryRun) : report);
        }
        List<TagReport> tags = new ArrayList<>();
        for (TagReport report : result.tags()) {
            tags.add(keeper.isPresent() ? keeper.get().apply(pair, report, dryRun) : report);
        }
        return SyncReport.builder()
                .pair(pair.name())
                .dryRun(dryRun)
                .branches(reports)
                .tags(tags)
                .build();
    }

    /** Branch by branch, after one fetch per side of every branch whose tips differ; a branch's failure is its own. */
    private static BatchedSync.Result eachBranch(
            BranchObserver observer, List<String> branches, Map<Side, Map<String, CommitId>> tips, BranchWork work) {
        observer.prefetch(tips, branches);
        List<BranchReport> reports = new ArrayList<>();
        for (String branch : branches) {
            try {
                reports.add(work.apply(
                        branch,
                        BranchObserver.tip(tips, Side.PRIVATE, branch),
                        BranchObserver.tip(tips, Side.PUBLIC, branch)));
            } catch (MirrorSyncException e) {
                reports.add(failed(branch, e));
            }
        }
        return new BatchedSync.Result(reports, List.of());
    }

    /**
     * Ends what a human was asked to look at, for every branch of the pair, with the strategy they chose.
     * A branch that is not diverged is simply synced. {@code UNRELATED} and {@code *_REWRITTEN} branches are
     * changed only with {@link ResolveRequest#acceptRewrite()}. Nothing is ever overwritten without a backup
     * ref, and a tip that moved since the observation makes the lease refuse the push (reported, not retried).
     */
    public SyncReport resolve(MirrorPair pair, ResolveRequest request) {
        BranchObserver observer = new BranchObserver(backend, store, retrier, pair, crashHook);
        BranchWriter writer = writer(pair);
        SyncExecutor executor = new SyncExecutor(retrier, observer, writer, new Explanations(spelling));
        Resolver resolver = new Resolver(backend, retrier, pair, observer, writer, executor, tracker, spelling);
        return run(
                pair,
                request.dryRun(),
                observer,
                (branches, tips) -> eachBranch(
                        observer, branches, tips, (branch, p, q) -> resolver.resolve(branch, p, q, request)));
    }

    /** A dry run: {@link #sync} with {@link SyncRequest#dryRun()} set; pushes nothing, files nothing. */
    public SyncReport plan(MirrorPair pair, SyncRequest request) {
        return sync(pair, SyncRequest.builder().from(request).dryRun(true).build());
    }

    private static SyncReport report(MirrorPair pair, boolean dryRun, List<BranchReport> branches) {
        return SyncReport.builder()
                .pair(pair.name())
                .dryRun(dryRun)
                .branches(branches)
                .build();
    }

    static BranchReport failed(String branch, MirrorSyncException e) {
        return BranchReport.builder()
                .branch(branch)
                .action(SyncAction.NONE)
                .outcome(Outcome.FAILED)
                .failure(e.reason())
                .message(e.getMessage())
                .build();
    }

    /** Configures a {@link MirrorSync}. Only the {@link GitBackend} is required. */
    public static final class Builder {
        private GitBackend backend;
        private IssueTracker tracker;
        private SyncStateStore store;
        private Clock clock = Clock.systemUTC();
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private Sleeper sleeper = Sleeper.system();
        private Random random = new SecureRandom();
        private CrashHook crashHook = CrashHook.none();
        private Spelling spelling = Spelling.api();

        private Builder() {}

        public Builder gitBackend(GitBackend backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        /** Where problems are filed; without one, nothing is filed. */
        public Builder issueTracker(IssueTracker tracker) {
            this.tracker = Objects.requireNonNull(tracker, "tracker");
            return this;
        }

        /** Default: {@link SyncStateStores#privateRef(GitBackend)} on the configured backend. */
        public Builder stateStore(SyncStateStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** Names backup refs and tells how long a rate limit still lasts; default: the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
            return this;
        }

        /** Waits between retries; tests pass one that records instead of sleeping. */
        public Builder sleeper(Sleeper sleeper) {
            this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
            return this;
        }

        /** The source of backoff jitter; tests pass a seeded one. */
        public Builder random(Random random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /**
         * Hears the run pass its {@link CrashHook.Point}s; default: nothing hears them. For crash tests, which stop the
         * process there to check that the next run converges with nothing lost.
         */
        public Builder crashHook(CrashHook crashHook) {
            this.crashHook = Objects.requireNonNull(crashHook, "crashHook");
            return this;
        }

        /**
         * How messages and issues name the next step, above all the command that resolves a branch, written into its
         * issue (a CLI's own command line); default: {@link Spelling#api()}, this library's API.
         */
        public Builder spelling(Spelling spelling) {
            this.spelling = Objects.requireNonNull(spelling, "spelling");
            return this;
        }

        public MirrorSync build() {
            return new MirrorSync(this);
        }
    }
}
