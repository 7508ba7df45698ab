package dev.mirrorsync.jgit;

import static dev.mirrorsync.jgit.GitCli.git;
import static dev.mirrorsync.jgit.GitCli.revParse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.mirrorsync.core.BranchReport;
import dev.mirrorsync.core.MirrorPair;
import dev.mirrorsync.core.MirrorSync;
import dev.mirrorsync.core.Outcome;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.RetryPolicy;
import dev.mirrorsync.core.SyncReport;
import dev.mirrorsync.core.SyncRequest;
import dev.mirrorsync.testing.FaultProxy;
import dev.mirrorsync.testing.RecordingSleeper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The network between mirror-sync and a real smart-HTTP git server (JGit's GitServlet in Jetty) breaks: a
 * {@link FaultProxy} refuses, stalls, resets and truncates connections at points drawn from a seed, in the middle of
 * ref advertisements and packs, both ways. For every seed:
 *
 * <ul>
 *   <li>the run ends within a bounded time (1 s timeouts, 3 attempts, no backoff wait) with a clear outcome per branch;
 *   <li>no ref is half-updated: each branch is at its old value or at the value the sync was moving it to, and both
 *       repositories pass {@code git fsck};
 *   <li>a later run through a healed network, on the same (possibly interrupted) cache, converges, and a third run
 *       pushes nothing.
 * </ul>
 *
 * <pre>
 *   main:  private  B - p1 - ... - p5     public  B            (private ahead: fast-forward public)
 *   dev:   private  B                     public  B - q1 - q2  (public ahead: fast-forward private)
 *   topic: private  B - x                 public  B - y        (diverged: reported, never moved)
 * </pre>
 *
 * Seeds: {@code -Dmirrorsync.faultSeed=N} (first seed) and {@code -Dmirrorsync.faultRuns=N}; a failure names its seed.
 */
class NetworkFaultTest {
    private static final String TOKEN = "tok-fault-7c2e90d1-SECRET";
    private static final long FIRST_SEED = Long.getLong("mirrorsync.faultSeed", 20_260_000L);
    private static final int RUNS = Integer.getInteger("mirrorsync.faultRuns", 16);
    private static final Duration RUN_LIMIT = Duration.ofSeconds(120);

    @TempDir
    static Path root;

    static JGitHttpServer server;
    static ExecutorService runner;
    static final Map<String, AtomicInteger> OUTCOMES = new ConcurrentHashMap<>();
    static final Map<FaultProxy.Fault, AtomicInteger> FAULTS = new ConcurrentHashMap<>();
    static final AtomicInteger CONNECTIONS = new AtomicInteger();
    static final AtomicLong LONGEST_MILLIS = new AtomicLong();

    @BeforeAll
    static void start() throws Exception {
        server = new JGitHttpServer(root, TOKEN, "tok-read-only-unused");
        runner = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "fault-run");
            thread.setDaemon(true);
            return thread;
        });
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        runner.shutdownNow();
        System.out.println("[NetworkFaultTest] " + RUNS + " seeds from " + FIRST_SEED + ": faults fired "
                + new TreeMap<>(FAULTS) + " over " + CONNECTIONS + " connections; outcomes of the faulty runs "
                + new TreeMap<>(OUTCOMES) + "; longest faulty run " + LONGEST_MILLIS + " ms, bound "
                + RUN_LIMIT.toMillis()
                + " ms (1 s timeouts, 3 attempts; a run past the bound fails its seed)");
    }

    @TestFactory
    Stream<DynamicTest> everyFaultEndsCleanlyAndALaterRunConverges() {
        return IntStream.range(0, RUNS)
                .mapToObj(i -> FIRST_SEED + i)
                .map(seed -> DynamicTest.dynamicTest("seed " + seed, () -> scenario(seed)));
    }

    private void scenario(long seed) throws Exception {
        Random random = new Random(seed);
        String name = "s" + seed;
        Path priv = GitCli.initBare(root.resolve(name + "-private.git"));
        Path pub = GitCli.initBare(root.resolve(name + "-public.git"));
        String base = commit(priv, "main", "base", random);
        for (String branch : List.of("main", "dev", "topic")) {
            git(priv, "update-ref", "refs/heads/" + branch, base);
            git(pub, "fetch", "-q", priv.toString(), "refs/heads/main:refs/heads/" + branch);
        }
        String p = base;
        for (int i = 1; i <= 5; i++) {
            p = commit(priv, "main", "p" + i, random);
        }
        String q = commit(pub, "dev", "q1", random);
        q = commit(pub, "dev", "q2", random);
        String x = commit(priv, "topic", "x", random);
        String y = commit(pub, "topic", "y", random);
        Map<String, String> privBefore = refs(priv);
        Map<String, String> pubBefore = refs(pub);

        Path cache = root.resolve(name + "-cache");
        try (FaultProxy proxy = FaultProxy.start("127.0.0.1", port(), seed, Duration.ofSeconds(20))) {
            proxy.faultRate(0.35).maxCut(96 * 1024);
            MirrorPair pair = MirrorPair.builder()
                    .name(name)
                    .privateRepo(RepoLocation.of(
                            proxy.rewrite(server.url(priv.getFileName().toString())), Optional.of(TOKEN)))
                    .publicRepo(RepoLocation.of(
                            proxy.rewrite(server.url(pub.getFileName().toString())), Optional.of(TOKEN)))
                    .addBranches("main", "dev", "topic")
                    .build();

            long started = System.nanoTime();
            SyncReport faulty = run(pair, cache, seed, proxy);
            long millis = (System.nanoTime() - started) / 1_000_000;
            LONGEST_MILLIS.accumulateAndGet(millis, Math::max);
            proxy.fired()
                    .forEach((fault, n) -> FAULTS.computeIfAbsent(fault, f -> new AtomicInteger())
                            .addAndGet(n));
            CONNECTIONS.addAndGet(proxy.connections());
            StringBuilder line = new StringBuilder(
                    "[NetworkFaultTest] seed " + seed + ": " + proxy.summary() + " in " + millis + " ms;");
            for (BranchReport b : faulty.branches()) {
                String outcome = b.outcome() + b.failure().map(r -> "/" + r).orElse("");
                OUTCOMES.computeIfAbsent(b.branch() + ":" + outcome, k -> new AtomicInteger())
                        .incrementAndGet();
                line.append(' ').append(b.branch()).append('=').append(outcome);
            }
            System.out.println(line);
            faulty.branches().stream()
                    .filter(b -> b.failure().isPresent())
                    .forEach(b -> System.out.println("[NetworkFaultTest]   " + b.branch() + ": "
                            + b.message()
                                    .substring(0, Math.min(1200, b.message().length()))));
            if (Boolean.getBoolean("mirrorsync.faultDebug")) {
                System.out.println("[debug] base=" + base + " p=" + p + " q=" + q + " x=" + x + " y=" + y);
                System.out.println("[debug] cache fsck: "
                        + GitCli.run(cache, null, "fsck", "--connectivity-only").err());
                System.out.println("[debug] cache refs: " + git(cache, "for-each-ref"));
                System.out.println("[debug] events: " + proxy.events());
            }
            String context = "seed " + seed + " (" + proxy.summary() + ", events " + proxy.events() + ")\n" + faulty;

            // No ref half-updated: every branch is where it was or where this sync was taking it.
            assertThat(revParse(pub, "refs/heads/main")).as(context).isIn(base, p);
            assertThat(revParse(priv, "refs/heads/dev")).as(context).isIn(base, q);
            assertThat(revParse(priv, "refs/heads/main")).as(context).isEqualTo(p);
            assertThat(revParse(pub, "refs/heads/dev")).as(context).isEqualTo(q);
            assertThat(revParse(priv, "refs/heads/topic")).as(context).isEqualTo(x);
            assertThat(revParse(pub, "refs/heads/topic")).as(context).isEqualTo(y);
            assertConsistent(priv, pub, context);
            for (BranchReport b : faulty.branches()) {
                if (b.outcome() == Outcome.SYNCED) {
                    String target = b.branch().equals("main")
                            ? revParse(pub, "refs/heads/main")
                            : revParse(priv, "refs/heads/dev");
                    assertThat(target)
                            .as("a branch reported synced moved: " + context)
                            .isIn(p, q);
                }
                if (b.outcome() == Outcome.FAILED) {
                    assertThat(b.failure())
                            .as("a failure names its reason: " + context)
                            .isPresent();
                    assertThat(b.message()).as(context).isNotBlank().doesNotContain(TOKEN);
                }
            }

            // The network heals: a run on the same cache converges, and the next one has nothing to do.
            proxy.heal();
            SyncReport healed = run(pair, cache, seed, proxy);
            String healedContext = context + "\nthen, healed:\n" + healed;
            assertThat(revParse(pub, "refs/heads/main")).as(healedContext).isEqualTo(p);
            assertThat(revParse(priv, "refs/heads/dev")).as(healedContext).isEqualTo(q);
            assertThat(revParse(priv, "refs/heads/topic")).as(healedContext).isEqualTo(x);
            assertThat(revParse(pub, "refs/heads/topic")).as(healedContext).isEqualTo(y);
            assertThat(healed.branches())
                    .as(healedContext)
                    .allSatisfy(b -> assertThat(b.failure()).isEmpty());
            assertConsistent(priv, pub, healedContext);
            SyncReport again = run(pair, cache, seed, proxy);
            assertThat(again.branches())
                    .as(healedContext + "\nthen:\n" + again)
                    .extracting(BranchReport::outcome)
                    .containsExactly(Outcome.UP_TO_DATE, Outcome.UP_TO_DATE, Outcome.NEEDS_HUMAN);
            // Nothing lost: every ref that existed before still holds its history.
            for (String ref : privBefore.keySet()) {
                assertThat(git(priv, "merge-base", "--is-ancestor", privBefore.get(ref), revParse(priv, ref)))
                        .isEmpty();
            }
            for (String ref : pubBefore.keySet()) {
                assertThat(git(pub, "merge-base", "--is-ancestor", pubBefore.get(ref), revParse(pub, ref)))
                        .isEmpty();
            }
        }
    }

    /** One sync with small timeouts and capped retries, guarded so that a hang fails the test instead of stalling it. */
    private SyncReport run(MirrorPair pair, Path cache, long seed, FaultProxy proxy) throws Exception {
        Future<SyncReport> future = runner.submit(() -> {
            try (JGitBackend backend = JGitBackend.builder()
                    .cacheDirectory(cache)
                    .timeout(Duration.ofSeconds(1))
                    .build()) {
                return MirrorSync.builder()
                        .gitBackend(backend)
                        .retryPolicy(RetryPolicy.builder()
                                .maxAttempts(3)
                                .initialBackoff(Duration.ZERO)
                                .maxBackoff(Duration.ZERO)
                                .build())
                        .sleeper(new RecordingSleeper())
                        .random(new Random(seed))
                        .build()
                        .sync(pair, SyncRequest.defaults());
            }
        });
        try {
            return future.get(RUN_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return fail("seed " + seed + ": the sync did not end within " + RUN_LIMIT + " (" + proxy.summary()
                    + ", events " + proxy.events() + ")");
        } catch (ExecutionException e) {
            return fail(
                    "seed " + seed + ": the sync threw instead of reporting (" + proxy.summary() + ")", e.getCause());
        }
    }

    /** Both repositories are whole, and a watermark, when written, is a commit both sides contain. */
    private static void assertConsistent(Path priv, Path pub, String context) {
        for (Path repo : List.of(priv, pub)) {
            GitCli.Result fsck =
                    GitCli.run(repo, null, "fsck", "--connectivity-only", "--no-dangling", "--no-progress");
            assertThat(fsck.exit())
                    .as("git fsck of " + repo.getFileName() + ": " + fsck.err() + "\n" + context)
                    .isZero();
        }
        for (String branch : List.of("main", "dev", "topic")) {
            String watermark = revParse(priv, "refs/mirror-sync/synced/" + branch);
            if (!watermark.isEmpty()) {
                for (Path repo : List.of(priv, pub)) {
                    GitCli.Result contains =
                            GitCli.run(repo, null, "merge-base", "--is-ancestor", watermark, "refs/heads/" + branch);
                    assertThat(contains.exit())
                            .as("the watermark of " + branch + " is on " + repo.getFileName() + ": " + context)
                            .isZero();
                }
            }
        }
    }

    private static Map<String, String> refs(Path repo) {
        Map<String, String> refs = new LinkedHashMap<>();
        for (String line :
                git(repo, "for-each-ref", "--format=%(refname) %(objectname)").split("\n")) {
            if (!line.isBlank()) {
                String[] parts = line.split(" ");
                refs.put(parts[0], parts[1]);
            }
        }
        return refs;
    }

    /** A commit carrying about 24 KiB of incompressible data, so that packs are long enough to be cut in the middle. */
    private static String commit(Path bare, String branch, String message, Random random) {
        byte[] data = new byte[18 * 1024];
        random.nextBytes(data);
        String parent = revParse(bare, "refs/heads/" + branch);
        Map<String, String> files =
                Map.of(message + ".bin", Base64.getMimeEncoder().encodeToString(data));
        String id =
                parent.isEmpty() ? GitCli.commit(bare, message, files) : GitCli.commit(bare, message, files, parent);
        git(bare, "update-ref", "refs/heads/" + branch, id);
        return id;
    }

    private static int port() {
        String url = server.url("x");
        return Integer.parseInt(url.substring("http://127.0.0.1:".length(), url.indexOf("/git/")));
    }
}
