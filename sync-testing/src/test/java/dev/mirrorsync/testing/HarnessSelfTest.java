package dev.mirrorsync.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.Direction;
import dev.mirrorsync.core.DivergencePolicy;
import dev.mirrorsync.core.MirrorPair;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.Side;
import dev.mirrorsync.core.SyncRequest;
import dev.mirrorsync.core.spi.GitBackend;
import dev.mirrorsync.core.spi.PushResult;
import dev.mirrorsync.core.spi.RefUpdate;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The harness catches what it claims to: a checker that never complains would make every property test pass. */
class HarnessSelfTest {

    /** An in-memory world whose backend ignores leases: every push is a blind force, as the seed's jobs did. */
    private static final class BlindForceWorld implements SyncWorld {
        private final InMemorySyncWorld world = new InMemorySyncWorld();

        @Override
        public MirrorPair createPair(
                String name, List<String> branches, Optional<String> privateToken, Optional<String> publicToken) {
            return world.createPair(name, branches, privateToken, publicToken);
        }

        @Override
        public GitBackend backend() {
            InMemoryGitBackend git = world.git();
            return (GitBackend) Proxy.newProxyInstance(
                    GitBackend.class.getClassLoader(), new Class<?>[] {GitBackend.class}, (proxy, method, args) -> {
                        if (method.getName().equals("push")) {
                            RepoLocation repo = (RepoLocation) args[0];
                            RefUpdate update = (RefUpdate) args[1];
                            RefUpdate blind = RefUpdate.builder()
                                    .from(update)
                                    .expectedOld(git.ref(repo.url(), update.refName()))
                                    .fastForwardOnly(false)
                                    .build();
                            return git.push(repo, blind);
                        }
                        return method.invoke(git, args);
                    });
        }

        @Override
        public CommitId commit(Side side, List<CommitId> parents, String subject, String author) {
            return world.commit(side, parents, subject, author);
        }

        @Override
        public void setRef(Side side, String ref, Optional<CommitId> value) {
            world.setRef(side, ref, value);
        }

        @Override
        public Map<String, CommitId> refs(Side side) {
            return world.refs(side);
        }

        @Override
        public Set<CommitId> reachable(Side side, Collection<CommitId> tips) {
            return world.reachable(side, tips);
        }

        @Override
        public Optional<CommitId> firstParent(CommitId commit) {
            return world.firstParent(commit);
        }
    }

    @Test
    void aBackendThatIgnoresLeasesBreaksInvariantSeven() {
        ScenarioRunner runner = new ScenarioRunner(BlindForceWorld::new, List.of("main"));
        List<Step> steps = List.of(
                new Step.Commit(Side.PRIVATE, "main"),
                new Step.Sync(Direction.BOTH, DivergencePolicy.REPORT, false),
                new Step.Commit(Side.PRIVATE, "main"),
                new Step.Race(Side.PUBLIC, "main"),
                new Step.Sync(Direction.BOTH, DivergencePolicy.REPORT, false));

        Optional<ScenarioRunner.Failure> failure = runner.run(1, false, steps);

        assertThat(failure).hasValueSatisfying(f -> {
            assertThat(f.step()).isEqualTo(4);
            assertThat(f.violations()).anySatisfy(v -> assertThat(v).startsWith("7 leases"));
        });
        assertThat(new ScenarioRunner(InMemorySyncWorld::new, List.of("main")).run(1, false, steps))
                .isEmpty();
    }

    @Test
    void aFailingRandomSequenceShrinksToAShortOneThatStillFails() {
        ScenarioRunner runner = new ScenarioRunner(BlindForceWorld::new, List.of("main", "dev"));
        List<Step> failing = null;
        long seed = 0;
        for (long s = 1; s < 500 && failing == null; s++) {
            List<Step> steps = ScenarioGenerator.generate(new Random(s), List.of("main", "dev"), 30);
            if (runner.run(s, false, steps).isPresent()) {
                failing = steps;
                seed = s;
            }
        }
        assertThat(failing)
                .as("some random sequence breaks a blind-force backend")
                .isNotNull();

        List<Step> shrunk = runner.shrink(seed, false, failing);

        assertThat(runner.run(seed, false, shrunk)).isPresent();
        assertThat(shrunk.size()).isLessThan(failing.size()).isLessThanOrEqualTo(8);
        assertThat(ScenarioRunner.describe(shrunk)).contains(" 1. ");
    }

    @Test
    void theCheckerFlagsALostCommitALeakedTokenAndAPrivateSubjectInAPublicIssue() {
        SyncHarness harness = new SyncHarness(new InMemorySyncWorld(), "self", List.of("main"), true, 7);
        harness.commitOn(Side.PRIVATE, "main");
        harness.syncAndCheck(SyncRequest.defaults());
        CommitId secret = harness.commitOn(Side.PRIVATE, "main");
        harness.commitOn(Side.PUBLIC, "main");
        SyncRun run = harness.sync(SyncRequest.defaults());
        assertThat(harness.check(run)).isEmpty();

        // The same run, as if the engine had dropped private's tip, leaked a token and described a private commit.
        Map<Side, Map<String, CommitId>> refs = new EnumMap<>(Side.class);
        refs.put(Side.PRIVATE, Map.of());
        refs.put(Side.PUBLIC, run.after().refs(Side.PUBLIC));
        String subject = harness.commits().get(secret).subject();
        List<RecordingIssueTracker.Issue> leaky = new ArrayList<>();
        for (RecordingIssueTracker.Issue i : run.issuesAfter()) {
            leaky.add(new RecordingIssueTracker.Issue(
                    i.number(),
                    i.key(),
                    i.title(),
                    i.body() + "\n" + subject + " " + SyncHarness.PUBLIC_TOKEN,
                    i.labels(),
                    i.open(),
                    i.comments()));
        }
        SyncRun broken = new SyncRun(
                run.pair(),
                run.request(),
                run.before(),
                new WorldSnapshot(refs),
                run.report(),
                run.thrown(),
                run.pushes(),
                run.concurrentCommits(),
                run.issuesBefore(),
                leaky,
                run.trackerWritesBefore(),
                run.trackerWritesAfter(),
                run.trackerPublic(),
                run.trackerFaulted(),
                run.undisturbed(),
                run.secrets(),
                run.commits());

        assertThat(harness.check(broken))
                .anySatisfy(v -> assertThat(v).startsWith("1 nothing lost"))
                .anySatisfy(v -> assertThat(v).startsWith("8 no secret").doesNotContain("tok-SECRET"))
                .anySatisfy(v -> assertThat(v).startsWith("9 public tracker").contains(secret.abbreviated()));
    }

    @Test
    void aSecondRunThatPushesIsNotIdempotent() {
        SyncHarness harness = new SyncHarness(new InMemorySyncWorld(), "idem", List.of("main"), false, 3);
        harness.commitOn(Side.PRIVATE, "main");
        SyncRun first = harness.sync(SyncRequest.defaults());
        assertThat(first.pushes()).isNotEmpty();
        assertThat(Invariants.checkIdempotent(first))
                .anySatisfy(v -> assertThat(v).startsWith("5 idempotent"));
        assertThat(Invariants.checkIdempotent(harness.sync(SyncRequest.defaults())))
                .isEmpty();
        assertThat(first.pushes())
                .allSatisfy(
                        p -> assertThat(p.result()).map(PushResult::isSuccess).contains(true));
    }
}
