package dev.mirrorsync.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code mirror-sync} process killed with SIGKILL ({@link Process#destroyForcibly()}) at moments drawn from a seed,
 * during syncs and resolves on repositories made with git, sharing one cache across runs, the rounds alternating
 * between the default backend and {@code --backend jgit}. Each round prints where its kill landed and what it left;
 * the end prints the counts. Where a kill lands depends on the machine's load, so these rounds explore; the places a
 * crash matters most are each hit on purpose by {@link CrashPointsIT}. After every kill: both
 * repositories pass {@code git fsck}, no commit reachable before is lost ({@code git rev-list --all}), every branch is
 * at its old value or the one the run was moving it to; and the next run, on the cache the killed one left, converges.
 * No lock file is left in either remote (pushes to local paths are received by C git in its own process). A damaged
 * cache or lock files left in it are recovered, not fatal. Two processes on one pair at the same time
 * (one cache, and a cache each) never corrupt the cache or overwrite each other, and file one issue per problem.
 *
 * <pre>
 *   main:     private  ... - p(i)          public follows          (private ahead each round: fast-forward public)
 *   dev:      private follows              public  ... - q(i)      (public ahead each round: fast-forward private)
 *   topic-i:  private  B - x(i)            public  B - y(i)        (diverged, then `resolve --strategy merge`)
 * </pre>
 *
 * Seed: {@code -Dmirrorsync.crashSeed=N}; rounds: {@code -Dmirrorsync.crashRuns=N}.
 */
class CrashSafetyIT {
    private static final long SEED = Long.getLong("mirrorsync.crashSeed", 77_001L);
    private static final int ROUNDS = Integer.getInteger("mirrorsync.crashRuns", 12);

    @TempDir
    Path dir;

    @Test
    void killedAtRandomMomentsTheNextRunConvergesAndNothingIsLost() throws Exception {
        Random random = new Random(SEED);
        GitFixture git = new GitFixture(dir);
        Path priv = git.bare("private");
        Path pub = git.bare("public");
        git.commit(priv, "main", "base", 4096, random);
        git.copy(priv, pub, "main");
        git.git(priv, null, "update-ref", "refs/heads/dev", git.revParse(priv, "refs/heads/main"));
        git.copy(priv, pub, "dev");
        Path cache = dir.resolve("cache");
        Map<String, Integer> outcomes = new TreeMap<>();

        for (int round = 1; round <= ROUNDS; round++) {
            String context = "seed " + SEED + " round " + round;
            String p = "";
            for (int i = 0; i < 12; i++) {
                p = git.commit(priv, "main", "p" + round + "-" + i, 24 * 1024, random);
            }
            String q = "";
            for (int i = 0; i < 6; i++) {
                q = git.commit(pub, "dev", "q" + round + "-" + i, 24 * 1024, random);
            }
            String topic = "topic-" + round;
            boolean resolving = round % 3 == 0;
            if (resolving) {
                git.git(priv, null, "update-ref", "refs/heads/" + topic, p);
                git.copy(priv, pub, topic);
                git.commit(priv, topic, "x" + round, 2048, random);
                git.commit(pub, topic, "y" + round, 2048, random);
            }
            String pubMainBefore = git.revParse(pub, "refs/heads/main");
            String privDevBefore = git.revParse(priv, "refs/heads/dev");
            Set<String> privBefore = git.allCommits(priv);
            Set<String> pubBefore = git.allCommits(pub);

            String backend = round % 2 == 0 ? "jgit" : "auto";
            List<String> args = new ArrayList<>(
                    resolving
                            ? List.of("resolve", "--strategy", "merge", "--branch", topic)
                            : List.of("sync", "--branch", "main", "--branch", "dev"));
            args.addAll(List.of(
                    "--private",
                    priv.toString(),
                    "--public",
                    pub.toString(),
                    "--cache",
                    cache.toString(),
                    "--tracker",
                    "file:" + dir.resolve("issues"),
                    "--backend",
                    backend));
            Process process = git.start(Map.of(), "killed-" + round, args.toArray(String[]::new));
            long delay = 500 + random.nextInt(1700); // the JVM takes most of a second to start; a run about two
            boolean finished = process.waitFor(delay, TimeUnit.MILLISECONDS);
            List<ProcessHandle> children = process.descendants().toList();
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS))
                    .as(context + ": the killed process ended")
                    .isTrue();
            // Only the JVM is killed, as kill -9 of its pid would: a git it started (the git command's backend, or the
            // receive-pack of a local push) goes on alone and finishes its own update, as it would for a user.
            int orphans = awaitOrphans(children, dir);
            String landed = finished ? "finished before the kill (exit " + process.exitValue() + ")" : "killed mid-run";
            String killed = context + " (" + (resolving ? "resolve" : "sync") + ", --backend " + backend
                    + ", kill after " + delay + " ms, " + landed + ")\n" + git.output("killed-" + round);

            // Right after the kill: whole repositories, nothing lost, every branch at its old or its new value.
            for (Path repo : List.of(priv, pub)) {
                GitFixture.Result fsck = git.fsck(repo);
                assertThat(fsck.exit())
                        .as(killed + "\nfsck " + repo + ": " + fsck.err())
                        .isZero();
            }
            assertThat(git.allCommits(priv)).as(killed).containsAll(privBefore);
            assertThat(git.allCommits(pub)).as(killed).containsAll(pubBefore);
            assertThat(git.revParse(pub, "refs/heads/main")).as(killed).isIn(pubMainBefore, p);
            assertThat(git.revParse(priv, "refs/heads/dev")).as(killed).isIn(privDevBefore, q);
            // Pushes to local paths are received by C git's receive-pack in its own process: a kill of ours leaves no
            // lock in a repository we do not own.
            assertThat(staleRemoteLocks(priv, pub))
                    .as(killed + "\nlock files left in a remote")
                    .isEmpty();
            String moved = (git.revParse(pub, "refs/heads/main").equals(p) ? "main moved" : "main not moved") + ", "
                    + (git.revParse(priv, "refs/heads/dev").equals(q) ? "dev moved" : "dev not moved");

            // The next run, on whatever the killed one left in the cache, converges.
            if (resolving) {
                int resolved = git.runToEnd(Map.of(), "resolve-" + round, args.toArray(String[]::new));
                assertThat(resolved)
                        .as(killed + "\nresolve again\n" + git.output("resolve-" + round))
                        .isZero();
            }
            List<String> sync = new ArrayList<>(List.of("sync", "--branch", "main", "--branch", "dev"));
            if (resolving) {
                sync.addAll(List.of("--branch", topic));
            }
            sync.addAll(List.of(
                    "--private",
                    priv.toString(),
                    "--public",
                    pub.toString(),
                    "--cache",
                    cache.toString(),
                    "--tracker",
                    "file:" + dir.resolve("issues"),
                    "--backend",
                    backend));
            int exit = git.runToEnd(Map.of(), "next-" + round, sync.toArray(String[]::new));
            String next = killed + "\nthen:\n" + git.output("next-" + round);
            assertThat(exit).as(next).isZero();
            assertThat(git.revParse(pub, "refs/heads/main")).as(next).isEqualTo(p);
            assertThat(git.revParse(priv, "refs/heads/dev")).as(next).isEqualTo(q);
            if (resolving) {
                String merged = git.revParse(priv, "refs/heads/" + topic);
                assertThat(git.revParse(pub, "refs/heads/" + topic)).as(next).isEqualTo(merged);
            }
            assertThat(git.allCommits(priv)).as(next).containsAll(privBefore);
            assertThat(git.allCommits(pub)).as(next).containsAll(pubBefore);
            assertThat(git.output("next-" + round)).as(next).doesNotContain("internal error");
            String outcome = landed.startsWith("killed") ? "killed mid-run, " + moved : "finished before the kill";
            outcomes.merge(outcome, 1, Integer::sum);
            if (orphans > 0) {
                outcomes.merge("a git child outlived the kill", 1, Integer::sum);
            }
            System.out.println(
                    "[CrashSafetyIT] " + context + ": " + (resolving ? "resolve" : "sync") + " --backend " + backend
                            + " killed after " + delay + " ms: " + outcome
                            + (orphans > 0 ? " (" + orphans + " git child(ren) finished alone)" : "")
                            + "; the next run converged");
        }
        long landedKills = outcomes.entrySet().stream()
                .filter(e -> e.getKey().startsWith("killed"))
                .mapToLong(Map.Entry::getValue)
                .sum();
        System.out.println("[CrashSafetyIT] seed " + SEED + ", " + ROUNDS + " rounds, " + landedKills
                + " kills landed mid-run: " + outcomes);
    }

    /**
     * Waits (bounded) until no git the killed run started is alive: its children seen just before the kill, and any
     * process whose command line names this test's directory (a child started in the instant before the kill).
     * Returns how many there were.
     */
    private static int awaitOrphans(List<ProcessHandle> children, Path dir) throws InterruptedException {
        String marker = dir.toString();
        List<ProcessHandle> alive = new ArrayList<>(children);
        ProcessHandle.allProcesses()
                .filter(h -> h.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .filter(h -> h.pid() != ProcessHandle.current().pid())
                .forEach(alive::add);
        int count = (int) alive.stream()
                .filter(ProcessHandle::isAlive)
                .map(ProcessHandle::pid)
                .distinct()
                .count();
        for (ProcessHandle handle : alive) {
            try {
                handle.onExit().get(2, TimeUnit.MINUTES);
            } catch (ExecutionException | TimeoutException e) {
                throw new AssertionError("a git process the killed run started did not end: " + handle.info(), e);
            }
        }
        return count;
    }

    /**
     * What a push killed mid-way in our own process would leave in a remote: ref lock files in its refs/ tree, and the
     * {@code .keep} file that guards a pack being received. There must be none.
     */
    private static List<Path> staleRemoteLocks(Path... repos) throws IOException {
        List<Path> locks = new ArrayList<>();
        for (Path repo : repos) {
            try (Stream<Path> files = Files.walk(repo.resolve("refs"))) {
                files.filter(f -> f.getFileName().toString().endsWith(".lock")).forEach(locks::add);
            }
            try (Stream<Path> files = Files.list(repo.resolve("objects/pack"))) {
                files.filter(f -> f.getFileName().toString().endsWith(".keep")).forEach(locks::add);
            }
            Path packed = repo.resolve("packed-refs.lock");
            if (Files.exists(packed)) {
                locks.add(packed);
            }
        }
        return locks;
    }

    /*
     * What a kill can leave in the cache: JGit's lock files beside refs, a half-written pack, a cache whose
     * creation stopped after its marker, a lock file nobody holds. Each is recovered by the next run.
     */
    @Test
    void whatAKillLeavesInTheCacheIsRecoveredNotFatal() throws Exception {
        Random random = new Random(SEED);
        GitFixture git = new GitFixture(dir);
        Path priv = git.bare("private");
        Path pub = git.bare("public");
        git.commit(priv, "main", "base", 1024, random);
        git.copy(priv, pub, "main");
        Path cache = dir.resolve("cache");
        String[] sync = {"sync", "--private", priv.toString(), "--public", pub.toString(), "--cache", cache.toString()};
        git.commit(priv, "main", "warm", 1024, random);
        assertThat(git.runToEnd(Map.of(), "warm", sync)).as(git.output("warm")).isZero();

        List<Runnable> damages = List.of(
                () -> lockEveryRef(cache),
                () -> write(cache.resolve("packed-refs.lock"), "stale"),
                () -> write(cache.resolve("objects/pack/tmp_pack_deadbeef"), "PACK half written"),
                () -> write(cache.resolve("objects/pack/pack-" + "0".repeat(40) + ".keep"), "mirror-sync fetch"),
                () -> write(cache.resolve("mirror-sync.lock"), ""),
                () -> {
                    deleteTree(cache);
                    write(cache.resolve("MIRROR_SYNC_CACHE"), "half made");
                });
        int n = 0;
        for (Runnable damage : damages) {
            n++;
            damage.run();
            String tip = git.commit(priv, "main", "after-damage-" + n, 1024, random);
            int exit = git.runToEnd(Map.of(), "damaged-" + n, sync);
            assertThat(exit)
                    .as("damage " + n + "\n" + git.output("damaged-" + n))
                    .isZero();
            assertThat(git.revParse(pub, "refs/heads/main")).as("damage " + n).isEqualTo(tip);
        }
    }

    /*
     * Two processes on one pair at once, five times over, with new commits in between: with one cache (the second
     * waits for the first's lock) and with a cache each (leases decide). Nothing corrupt, nothing overwritten,
     * one issue for the diverged branch.
     */
    @Test
    void twoProcessesOnOnePairNeverCorruptOrOverwriteEachOther() throws Exception {
        Random random = new Random(SEED + 1);
        GitFixture git = new GitFixture(dir);
        Path priv = git.bare("private");
        Path pub = git.bare("public");
        git.commit(priv, "main", "base", 1024, random);
        git.copy(priv, pub, "main");
        git.git(priv, null, "update-ref", "refs/heads/topic", git.revParse(priv, "refs/heads/main"));
        git.copy(priv, pub, "topic");
        String x = git.commit(priv, "topic", "x", 1024, random);
        String y = git.commit(pub, "topic", "y", 1024, random);
        for (int round = 1; round <= 5; round++) {
            String p = "";
            for (int i = 0; i < 8; i++) {
                p = git.commit(priv, "main", "c" + round + "-" + i, 16 * 1024, random);
            }
            boolean sharedCache = round % 2 == 1;
            List<Process> processes = new ArrayList<>();
            for (int k = 0; k < 2; k++) {
                Path cache = dir.resolve(sharedCache ? "cache" : "cache-" + k);
                processes.add(git.start(
                        Map.of(),
                        "twin-" + round + "-" + k,
                        "sync",
                        "--branch",
                        "main",
                        "--branch",
                        "topic",
                        "--private",
                        priv.toString(),
                        "--public",
                        pub.toString(),
                        "--cache",
                        cache.toString(),
                        "--tracker",
                        "file:" + dir.resolve("issues")));
            }
            for (int k = 0; k < 2; k++) {
                assertThat(processes.get(k).waitFor(3, TimeUnit.MINUTES)).isTrue();
                String out = git.output("twin-" + round + "-" + k);
                assertThat(processes.get(k).exitValue())
                        .as("round " + round + " process " + k + "\n" + out)
                        .isEqualTo(3);
                assertThat(out).doesNotContain("internal error");
            }
            assertThat(git.revParse(pub, "refs/heads/main")).isEqualTo(p);
            assertThat(git.revParse(priv, "refs/heads/topic")).isEqualTo(x);
            assertThat(git.revParse(pub, "refs/heads/topic")).isEqualTo(y);
            for (Path repo : List.of(priv, pub, dir.resolve("cache"))) {
                assertThat(git.fsck(repo).exit()).as("fsck " + repo).isZero();
            }
            try (var issues = Files.list(dir.resolve("issues"))) {
                assertThat(issues.filter(f -> f.getFileName().toString().matches("\\d+\\.json")))
                        .as("round " + round + ": one issue for the diverged branch")
                        .hasSize(1);
            }
        }
    }

    private static void lockEveryRef(Path cache) {
        try (var files = Files.walk(cache.resolve("refs"))) {
            for (Path ref : files.filter(Files::isRegularFile).toList()) {
                write(ref.resolveSibling(ref.getFileName() + ".lock"), "stale");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        try (var files = Files.walk(root)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
