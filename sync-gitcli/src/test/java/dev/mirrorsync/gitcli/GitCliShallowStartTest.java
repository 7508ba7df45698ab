package dev.mirrorsync.gitcli;

import static dev.mirrorsync.jgit.GitCli.commitOn;
import static dev.mirrorsync.jgit.GitCli.git;
import static dev.mirrorsync.jgit.GitCli.gitWithInput;
import static dev.mirrorsync.jgit.GitCli.initBare;
import static dev.mirrorsync.jgit.GitCli.revParse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorsync.core.BranchReport;
import dev.mirrorsync.core.CacheDirectory;
import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.CommitInfo;
import dev.mirrorsync.core.CommitList;
import dev.mirrorsync.core.MirrorPair;
import dev.mirrorsync.core.MirrorSync;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.Outcome;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.SyncRequest;
import dev.mirrorsync.core.SyncState;
import dev.mirrorsync.core.spi.PushResult;
import dev.mirrorsync.core.spi.RefUpdate;
import dev.mirrorsync.jgit.GitHttpBackendServer;
import dev.mirrorsync.jgit.JGitBackend;
import dev.mirrorsync.testing.RecordingIssueTracker;
import dev.mirrorsync.testing.RecordingSleeper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The git backend's shallow start: into an empty cache, a fetch bounded by the watermark ref brings only the history
 * beyond it, and every answer is still the whole history's. Histories are made by {@code git fast-import}, with topic
 * branches that fork below the watermark and merge above it (the boundary then has several commits), second roots, and
 * Git LFS pointers. The property compares each answer with a cache that fetched the whole history; replay one history
 * with {@code -Dmirrorsync.seed=<seed>}.
 */
class GitCliShallowStartTest {
    private static final String MAIN = "refs/heads/main";
    private static final String WATERMARK = "refs/mirror-sync/synced/main";
    private static final String POINTER = "version https://git-lfs.github.com/spec/v1\noid sha256:%064x\nsize %d\n";

    @TempDir
    Path dir;

    /** Commit {@code i}'s parents (indexes) and the id git gave it; {@code ancestors.get(i)} includes {@code i}. */
    record History(Path bare, List<List<Integer>> parents, List<CommitId> ids, List<BitSet> ancestors) {
        boolean reaches(int from, int to) {
            return ancestors.get(from).get(to);
        }

        int size() {
            return ids.size();
        }

        CommitId id(int i) {
            return ids.get(i);
        }
    }

    /**
     * Writes the commits with {@code git fast-import}: each changes one or two of six files, every fourth or so adds an
     * LFS pointer under {@code *.bin} (tracked by each root's {@code .gitattributes}), committer times increase. Then
     * points {@code main} at {@code tip} and the watermark ref at {@code watermark}.
     */
    static History write(Path bare, List<List<Integer>> parents, Random random, int tip, int watermark) {
        return write(bare, parents, random, tip, watermark, i -> 1_700_000_000L + 60L * i);
    }

    /** As {@link #write(Path, List, Random, int, int)}, commit {@code i} at {@code time.apply(i)} (epoch seconds). */
    static History write(
            Path bare,
            List<List<Integer>> parents,
            Random random,
            int tip,
            int watermark,
            Function<Integer, Long> time) {
        initBare(bare);
        StringBuilder stream = new StringBuilder();
        for (int i = 0; i < parents.size(); i++) {
            List<Integer> p = parents.get(i);
            if (p.isEmpty()) {
                stream.append("reset refs/heads/scratch\n");
            }
            String message = "c" + i;
            stream.append("commit refs/heads/scratch\nmark :")
                    .append(i + 1)
                    .append("\ncommitter Test <test@mirror-sync.invalid> ")
                    .append(time.apply(i))
                    .append(" +0000\n")
                    .append(data(message));
            if (!p.isEmpty()) {
                stream.append("from :").append(p.get(0) + 1).append('\n');
                for (int m = 1; m < p.size(); m++) {
                    stream.append("merge :").append(p.get(m) + 1).append('\n');
                }
            } else {
                stream.append("M 100644 inline .gitattributes\n")
                        .append(data("*.bin filter=lfs diff=lfs merge=lfs -text\n"));
            }
            int files = 1 + random.nextInt(2);
            for (int f = 0; f < files; f++) {
                stream.append("M 100644 inline f")
                        .append(random.nextInt(6))
                        .append(".txt\n")
                        .append(data(message + " " + random.nextInt(1000) + "\n"));
            }
            if (random.nextInt(4) == 0) {
                stream.append("M 100644 inline lfs/b")
                        .append(i)
                        .append(".bin\n")
                        .append(data(String.format(POINTER, i + 1L, 100 + i)));
            }
        }
        stream.append("reset ").append(MAIN).append("\nfrom :").append(tip + 1).append("\n\n");
        stream.append("reset ")
                .append(WATERMARK)
                .append("\nfrom :")
                .append(watermark + 1)
                .append("\n\n");
        Path marks = bare.resolveSibling(bare.getFileName() + ".marks");
        gitWithInput(bare, stream.toString(), "fast-import", "--quiet", "--export-marks=" + marks);
        git(bare, "update-ref", "-d", "refs/heads/scratch");
        CommitId[] ids = new CommitId[parents.size()];
        try {
            for (String line : Files.readAllLines(marks)) {
                String[] fields = line.split(" ");
                ids[Integer.parseInt(fields[0].substring(1)) - 1] = CommitId.of(fields[1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new History(bare, parents, List.of(ids), ancestry(parents).ancestors());
    }

    private static String data(String text) {
        return "data " + text.getBytes(StandardCharsets.UTF_8).length + "\n" + text + "\n";
    }

    /** A random history: merges (one in four), forks from older commits, now and then a second root. */
    static List<List<Integer>> randomParents(Random random) {
        int n = 8 + random.nextInt(40);
        int secondRoot = random.nextInt(8) == 0 ? 1 + random.nextInt(n - 1) : -1;
        List<List<Integer>> parents = new ArrayList<>();
        parents.add(List.of());
        for (int i = 1; i < n; i++) {
            int roll = random.nextInt(20);
            if (i == secondRoot) {
                parents.add(List.of());
            } else if (i >= 3 && roll < 5) {
                int other = random.nextInt(i - 1);
                parents.add(List.of(i - 1, other));
            } else if (roll < 9) {
                parents.add(List.of(random.nextInt(i)));
            } else {
                parents.add(List.of(i - 1));
            }
        }
        return parents;
    }

    /** Commits 0..length-1, each the parent of the next; more can be added. */
    static List<List<Integer>> line(int length) {
        List<List<Integer>> parents = new ArrayList<>();
        parents.add(List.of());
        for (int i = 1; i < length; i++) {
            parents.add(List.of(i - 1));
        }
        return parents;
    }

    /** One run of the engine with the git backend on {@code cache}: its report of main; whether it left the cache shallow. */
    private static BranchReport syncMain(MirrorPair pair, Path cache, boolean[] leftShallow) {
        try (GitCliBackend backend =
                GitCliBackend.builder().cacheDirectory(cache).build()) {
            BranchReport report = MirrorSync.builder()
                    .gitBackend(backend)
                    .issueTracker(new RecordingIssueTracker())
                    .sleeper(new RecordingSleeper())
                    .random(new Random(1))
                    .build()
                    .sync(pair, SyncRequest.defaults())
                    .branches()
                    .get(0);
            leftShallow[0] = shallow(cache);
            return report;
        }
    }

    /** A public repository holding exactly the watermark's history, its main at the watermark. */
    private Path publicAt(History history, int watermark, String name) {
        Path pub = initBare(dir.resolve(name));
        git(history.bare(), "push", "-q", pub.toString(), history.id(watermark).hex() + ":" + MAIN);
        return pub;
    }

    private static boolean shallow(Path cache) {
        return Files.exists(cache.resolve("shallow"));
    }

    /** What an earlier run left: private's line 0..14 at 7, the watermark 4 on public, a cache cut below 4. */
    record Kept(History history, Path pub, RepoLocation privateRepo, Path cache) {}

    private Kept keptShallow(long seed) {
        History history = write(dir.resolve("private.git"), line(15), new Random(seed), 7, 4);
        Path pub = publicAt(history, 4, "public.git");
        RepoLocation privateRepo = RepoLocation.of(history.bare().toString());
        Path cache = dir.resolve("cache");
        leaveShallow(privateRepo, history, cache);
        return new Kept(history, pub, privateRepo, cache);
    }

    /** An earlier run: a cold fast-forward to 7 from the watermark 4, which leaves {@code cache} shallow. */
    private static void leaveShallow(RepoLocation privateRepo, History history, Path cache) {
        try (GitCliBackend backend =
                GitCliBackend.builder().cacheDirectory(cache).build()) {
            backend.fetchListed(privateRepo, Map.of(MAIN, history.id(7)), Map.of(WATERMARK, history.id(4)));
        }
        assertThat(shallow(cache)).isTrue();
    }

    private static boolean has(Path cache, CommitId commit) {
        return dev.mirrorsync.jgit.GitCli.run(cache, "", "cat-file", "-e", commit.hex() + "^{commit}")
                        .exit()
                == 0;
    }

    private static long objects(Path cache) {
        return git(cache, "count-objects", "-v")
                .lines()
                .filter(l -> l.startsWith("count: ") || l.startsWith("in-pack: "))
                .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(' ') + 1).strip()))
                .sum();
    }

    @Test
    void aFastForwardFromTheWatermarkFetchesOnlyWhatLiesBeyondIt() {
        // 0..29 a line; a topic 30..32 forks from 9 (far below the watermark 29) and merges at 35 above it
        List<List<Integer>> parents = line(30);
        parents.add(List.of(9));
        parents.add(List.of(30));
        parents.add(List.of(31));
        parents.add(List.of(29));
        parents.add(List.of(33));
        parents.add(List.of(34, 32));
        parents.add(List.of(35));
        History history = write(dir.resolve("private.git"), parents, new Random(7), 36, 29);
        Path pub = publicAt(history, 29, "public.git");
        RepoLocation privateRepo = RepoLocation.of(history.bare().toString());
        RepoLocation publicRepo = RepoLocation.of(pub.toString());
        CommitId w = history.id(29);
        CommitId p = history.id(36);
        Path cache = dir.resolve("cache");
        Path wholeCache = dir.resolve("whole");

        try (GitCliBackend backend =
                        GitCliBackend.builder().cacheDirectory(cache).build();
                GitCliBackend whole =
                        GitCliBackend.builder().cacheDirectory(wholeCache).build()) {
            backend.fetchListed(privateRepo, Map.of(MAIN, p), Map.of(WATERMARK, w));
            backend.fetchListed(publicRepo, Map.of(MAIN, w));
            whole.fetchListed(privateRepo, Map.of(MAIN, p));
            whole.fetchListed(publicRepo, Map.of(MAIN, w));

            assertThat(shallow(cache))
                    .as("the cold fetch was cut at the watermark")
                    .isTrue();
            assertThat(git(cache, "rev-list", "--count", p.hex()))
                    .as("commits here: beyond W, W and the fork 9")
                    .isEqualTo("9");
            assertThat(objects(cache)).isLessThan(objects(wholeCache));

            assertThat(backend.isAncestor(w, p)).isTrue();
            assertThat(backend.isAncestor(p, w)).isFalse();
            CommitList beyond = backend.commitsOnlyIn(p, List.of(w), 50);
            assertThat(beyond.total()).as("30, 31, 32, 33, 34, 35, 36").isEqualTo(7);
            assertThat(ids(beyond)).isEqualTo(ids(whole.commitsOnlyIn(p, List.of(w), 50)));
            assertThat(backend.commitsOnlyIn(w, List.of(p), 50).total()).isZero();
            assertThat(backend.lfsObjectsIn(p, List.of(w))).isEqualTo(whole.lfsObjectsIn(p, List.of(w)));
            // the one "no" completed the history; a fresh shallow cache answers the fast-forward's questions without it
        }
        Path second = dir.resolve("cache-2");
        try (GitCliBackend backend =
                GitCliBackend.builder().cacheDirectory(second).build()) {
            backend.fetchListed(privateRepo, Map.of(MAIN, p), Map.of(WATERMARK, w));
            backend.fetchListed(publicRepo, Map.of(MAIN, w));
            assertThat(backend.isAncestor(w, p)).isTrue();
            assertThat(backend.commitsOnlyIn(p, List.of(w), 50).total()).isEqualTo(7);
            assertThat(backend.commitsOnlyIn(w, List.of(p), 50).total()).isZero();
            backend.lfsObjectsIn(p, List.of(w));
            assertThat(shallow(second))
                    .as("a fast-forward's questions need no more history")
                    .isTrue();

            List<PushResult> pushed = backend.push(publicRepo, List.of(RefUpdate.fastForward(MAIN, w, p)));

            assertThat(pushed.get(0).isSuccess()).as(pushed.get(0).toString()).isTrue();
        }
        assertThat(revParse(pub, MAIN)).isEqualTo(p.hex());
        git(pub, "fsck", "--connectivity-only", "--no-progress");
        assertThat(git(pub, "rev-list", "--count", MAIN)).isEqualTo("37");
    }

    @Test
    void newCommitsDatedBeforeTheWatermarkStillFastForwardFromAShallowFetch() {
        // as the benchmark's appended commits: 11..20 carry dates older than the watermark 10
        List<List<Integer>> parents = line(21);
        History history = write(
                dir.resolve("private.git"),
                parents,
                new Random(17),
                20,
                10,
                i -> i > 10 ? 1_600_000_000L + i : 1_700_000_000L + 60L * i);
        Path pub = publicAt(history, 10, "public.git");
        CommitId w = history.id(10);
        CommitId p = history.id(20);
        Path cache = dir.resolve("cache");
        try (GitCliBackend backend =
                GitCliBackend.builder().cacheDirectory(cache).build()) {
            backend.fetchListed(RepoLocation.of(history.bare().toString()), Map.of(MAIN, p), Map.of(WATERMARK, w));
            backend.fetchListed(RepoLocation.of(pub.toString()), Map.of(MAIN, w));

            assertThat(backend.isAncestor(w, p)).isTrue();
            assertThat(backend.commitsOnlyIn(p, List.of(w), 50).total()).isEqualTo(10);
            assertThat(backend.commitsOnlyIn(w, List.of(p), 50).total()).isZero();
            assertThat(shallow(cache))
                    .as("the watermark is reached, whatever the dates say")
                    .isTrue();
        }
    }

    @Test
    void aProbeCutShortIsNotTakenOnTrustTheServerConfirmsTheCut() throws IOException {
        // 15 (from the old 12) and 16 are new, 17 merges them onto the watermark 14: git's cut at 17 hides 16
        List<List<Integer>> parents = line(15);
        parents.add(List.of(12));
        parents.add(List.of(15));
        parents.add(List.of(14, 16));
        History history = write(dir.resolve("private.git"), parents, new Random(19), 17, 14);
        // a git whose probe of 16 fails as a response cut short over smart HTTP reads, "nothing selected" to the
        // backend
        Path fakeGit = dir.resolve("git-cut-short");
        Files.writeString(
                fakeGit,
                String.join(
                        "\n",
                        "#!/bin/sh",
                        "for a in \"$@\"; do",
                        "  if [ \"$a\" = " + history.id(16).hex() + " ]; then",
                        "    echo 'fatal: error processing shallow info: 4' >&2; exit 128",
                        "  fi",
                        "done",
                        "exec git \"$@\"",
                        ""));
        Files.setPosixFilePermissions(fakeGit, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path cache = dir.resolve("cache");
        try (GitCliBackend backend = GitCliBackend.builder()
                .cacheDirectory(cache)
                .gitExecutable(fakeGit.toString())
                .build()) {
            backend.fetchListed(
                    RepoLocation.of(history.bare().toString()),
                    Map.of(MAIN, history.id(17)),
                    Map.of(WATERMARK, history.id(14)));

            assertThat(backend.commitsOnlyIn(history.id(17), List.of(history.id(14)), 50)
                            .total())
                    .as("15, 16, 17")
                    .isEqualTo(3);
            assertThat(backend.isAncestor(history.id(15), history.id(17))).isTrue();
        }
    }

    @Test
    void anIdTheServerWillNotSendIsFetchedByNameAsWithoutABoundary() {
        History history = write(dir.resolve("private.git"), line(12), new Random(23), 11, 8);
        try (GitCliBackend backend =
                GitCliBackend.builder().cacheDirectory(dir.resolve("cache")).build()) {
            backend.fetchListed(
                    RepoLocation.of(history.bare().toString()),
                    Map.of(MAIN, CommitId.of("1".repeat(40))),
                    Map.of(WATERMARK, history.id(8)));

            assertThat(backend.isAncestor(history.id(0), history.id(11)))
                    .as("main fetched by name")
                    .isTrue();
        }
    }

    /**
     * A kept cache an earlier run left shallow is continued: the next fast-forward from the watermark fetches only the
     * commits beyond it into the same cache, which keeps its cut, and still answers as the whole history does.
     */
    @Test
    void theNextFastForwardContinuesAKeptShallowCache() throws IOException {
        Kept kept = keptShallow(3);
        History history = kept.history();
        int tip = history.size() - 1;
        publishedThenMovedOn(history, kept.pub(), 7, tip);
        try (GitCliBackend backend =
                GitCliBackend.builder().cacheDirectory(kept.cache()).build()) {
            backend.fetchListed(kept.privateRepo(), Map.of(MAIN, history.id(tip)), Map.of(WATERMARK, history.id(7)));
            backend.fetchListed(RepoLocation.of(kept.pub().toString()), Map.of(MAIN, history.id(7)));

            assertThat(git(kept.cache(), "cat-file", "-p", history.id(tip).hex()))
                    .isNotEmpty();
            assertThat(git(kept.cache(), "rev-parse", "--is-shallow-repository"))
                    .isEqualTo("true");
            assertThat(Files.readAllLines(kept.cache().resolve("shallow")))
                    .as("still cut at the first run's watermark, and only there")
                    .containsExactly(history.id(4).hex());
            for (int i = 0; i < history.size(); i++) {
                assertThat(has(kept.cache(), history.id(i)))
                        .as("commit %d is here only when it is beyond the first watermark's parent", i)
                        .isEqualTo(i >= 4);
            }
            assertThat(backend.isAncestor(history.id(7), history.id(tip))).isTrue();
            assertThat(backend.commitsOnlyIn(history.id(tip), List.of(history.id(7)), 50)
                            .total())
                    .isEqualTo(tip - 7);
            assertThat(shallow(kept.cache()))
                    .as("a fast-forward's questions need no more history")
                    .isTrue();
            for (int i = 0; i < history.size(); i++) {
                assertThat(backend.isAncestor(history.id(i), history.id(tip)))
                        .as("commit %d is an ancestor of the tip", i)
                        .isTrue();
            }
        }
    }

    /** Run after run a kept shallow cache gains a pack; past the limit it is repacked, its cut and its record kept. */
    @Test
    void aKeptShallowCacheIsRepackedAndKeepsItsCut() throws IOException {
        History history = write(dir.resolve("private.git"), line(10), new Random(6), 7, 4);
        Path pub = publicAt(history, 4, "public.git");
        RepoLocation privateRepo = RepoLocation.of(history.bare().toString());
        Path cache = dir.resolve("cache");
        leaveShallow(privateRepo, history, cache);
        git(cache, "config", "fetch.unpackLimit", "1");
        List<String> cut = Files.readAllLines(cache.resolve("shallow"));
        String published = history.id(7).hex();
        int packsSeen = 0;
        for (int run = 0; run < CacheDirectory.PACK_LIMIT + 3; run++) {
            git(history.bare(), "push", "-q", pub.toString(), published + ":" + MAIN);
            git(history.bare(), "update-ref", WATERMARK, published);
            git(history.bare(), "update-ref", MAIN, published);
            String tip = commitOn(history.bare(), "main", "run " + run);
            try (GitCliBackend backend =
                    GitCliBackend.builder().cacheDirectory(cache).build()) {
                backend.fetchListed(
                        privateRepo, Map.of(MAIN, CommitId.of(tip)), Map.of(WATERMARK, CommitId.of(published)));
                packsSeen = Math.max(packsSeen, packs(cache));
                assertThat(backend.commitsOnlyIn(CommitId.of(tip), List.of(CommitId.of(published)), 5)
                                .total())
                        .isEqualTo(1);
            }
            published = tip;
        }
        assertThat(packsSeen).as("a pack per run, up to the limit").isGreaterThan(CacheDirectory.PACK_LIMIT);
        assertThat(packs(cache)).as("repacked on close").isLessThanOrEqualTo(3);
        assertThat(Files.readAllLines(cache.resolve("shallow"))).isEqualTo(cut);
        assertThat(Files.exists(cache.resolve(CliCache.CUT))).isTrue();
        try (GitCliBackend backend =
                GitCliBackend.builder().cacheDirectory(cache).build()) {
            backend.fetchListed(
                    privateRepo, Map.of(MAIN, CommitId.of(published)), Map.of(WATERMARK, CommitId.of(published)));
            assertThat(backend.commitsOnlyIn(CommitId.of(published), List.of(history.id(4)), 100)
                            .total())
                    .isEqualTo(Long.parseLong(git(
                            history.bare(),
                            "rev-list",
                            "--count",
                            published,
                            "^" + history.id(4).hex())));
            assertThat(shallow(cache)).isTrue();
        }
    }

    private static int packs(Path cache) throws IOException {
        try (Stream<Path> files = Files.list(cache.resolve("objects").resolve("pack"))) {
            return (int) files.filter(f -> f.toString().endsWith(".pack")).count();
        }
    }

    /**
     * The continuing fetch is stopped at the deadline after git wrote its cut (a wrapper runs it, then hangs): the fetch
     * fails, and the retry (as the engine's retrier makes it) must not take the cut cache for a whole one.
     */
    @Test
    void aRetryAfterAContinuationStoppedAtTheDeadlineStartsCold() throws Exception {
        History history = write(dir.resolve("private.git"), line(12), new Random(8), 7, 4);
        Path pub = publicAt(history, 4, "public.git");
        RepoLocation privateRepo = RepoLocation.of(history.bare().toString());
        Path cache = dir.resolve("cache");
        leaveShallow(privateRepo, history, cache);
        int tip = history.size() - 1;
        publishedThenMovedOn(history, pub, 7, tip);
        Path flag = Files.writeString(dir.resolve("hang"), "");
        Path wrapper = dir.resolve("git-wrapper.sh");
        Files.writeString(
                wrapper,
                "#!/bin/sh\ncase \"$*\" in *--shallow-exclude*)\n  if [ -e '" + flag + "' ]; then rm -f '" + flag
                        + "'; git \"$@\"; exec sleep 30; fi;;\nesac\nexec git \"$@\"\n");
        Files.setPosixFilePermissions(wrapper, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        GitCliBackend.Builder builder =
                GitCliBackend.builder().cacheDirectory(cache).gitExecutable(wrapper.toString());
        java.lang.reflect.Field deadline = GitCliBackend.Builder.class.getDeclaredField("commandDeadline");
        deadline.setAccessible(true);
        deadline.set(builder, java.time.Duration.ofSeconds(5));
        try (GitCliBackend backend = builder.build()) {
            Map<String, CommitId> refs = Map.of(MAIN, history.id(tip));
            Map<String, CommitId> boundary = Map.of(WATERMARK, history.id(7));
            assertThatThrownBy(() -> backend.fetchListed(privateRepo, refs, boundary))
                    .isInstanceOf(MirrorSyncException.class);
            backend.fetchListed(privateRepo, refs, boundary);
            backend.fetchListed(RepoLocation.of(pub.toString()), Map.of(MAIN, history.id(7)));
            for (int i = 0; i < history.size(); i++) {
                assertThat(backend.isAncestor(history.id(i), history.id(tip)))
                        .as("commit %d is an ancestor of the tip", i)
                        .isTrue();
            }
            assertThat(backend.commitsOnlyIn(history.id(tip), List.of(history.id(0)), 50)
                            .total())
                    .isEqualTo(tip);
        }
    }

    /** A shallow cache with no record of its cut (a run killed mid-fetch) is emptied, and the run starts cold. */
    @Test
    void aShallowCacheWithNoRecordOfItsCutIsEmptiedAndTheRunStartsCold() throws IOException {
        Kept kept = keptShallow(5);
        History history = kept.history();
        int tip = history.size() - 1;
        Files.delete(kept.cache().resolve(CliCache.CUT));
        publishedThenMovedOn(history, kept.pub(), 7, tip);
        try (GitCliBackend backend =
                GitCliBackend.builder().cacheDirectory(kept.cache()).build()) {
            assertThat(objects(kept.cache()))
                    .as("the earlier run's objects are gone")
                    .isZero();
            backend.fetchListed(kept.privateRepo(), Map.of(MAIN, history.id(tip)), Map.of(WATERMARK, history.id(7)));

            assertThat(shallow(kept.cache())).as("cut at the new watermark").isTrue();
            for (int i = 0; i < history.size(); i++) {
                assertThat(has(kept.cache(), history.id(i)))
                        .as("commit %d is here only when it is beyond the new watermark's parent", i)
                        .isEqualTo(i >= 7);
            }
            assertThat(backend.commitsOnlyIn(history.id(tip), List.of(history.id(7)), 50)
                            .total())
                    .isEqualTo(tip - 7);
        }
    }

    /** Between runs: public got {@code published} and the watermark moved there; private went on to {@code tip}. */
    private static void publishedThenMovedOn(History history, Path pub, int published, int tip) {
        git(history.bare(), "push", "-q", pub.toString(), history.id(published).hex() + ":" + MAIN);
        git(history.bare(), "update-ref", WATERMARK, history.id(published).hex());
        git(history.bare(), "update-ref", MAIN, history.id(tip).hex());
    }

    /** An earlier run's shallow cache, then a run that is no fast-forward from the watermark: the whole history. */
    @Test
    void anEarlierRunsShallowCacheIsEmptiedThenFetchedWholeWithoutABoundary() {
        Kept kept = keptShallow(4);
        History history = kept.history();
        int tip = history.size() - 1;
        git(history.bare(), "update-ref", MAIN, history.id(tip).hex());
        try (GitCliBackend backend =
                GitCliBackend.builder().cacheDirectory(kept.cache()).build()) {
            backend.fetchListed(kept.privateRepo(), Map.of(MAIN, history.id(tip)));
            backend.fetchListed(RepoLocation.of(kept.pub().toString()), Map.of(MAIN, history.id(4)));

            assertThat(shallow(kept.cache())).isFalse();
            assertThat(git(kept.cache(), "rev-list", "--count", history.id(tip).hex()))
                    .isEqualTo(git(history.bare(), "rev-list", "--count", MAIN));
            assertThat(backend.commitsOnlyIn(history.id(tip), List.of(history.id(4)), 50)
                            .total())
                    .isEqualTo(tip - 4);
        }
    }

    @Test
    void theJGitBackendEmptiesACacheLeftShallowToo() {
        List<List<Integer>> parents = line(10);
        History history = write(dir.resolve("private.git"), parents, new Random(9), 9, 6);
        RepoLocation privateRepo = RepoLocation.of(history.bare().toString());
        Path cache = dir.resolve("cache");
        try (GitCliBackend backend =
                GitCliBackend.builder().cacheDirectory(cache).build()) {
            backend.fetchListed(privateRepo, Map.of(MAIN, history.id(9)), Map.of(WATERMARK, history.id(6)));
        }
        assertThat(shallow(cache)).isTrue();
        try (JGitBackend backend = JGitBackend.builder().cacheDirectory(cache).build()) {
            assertThat(shallow(cache)).isFalse();
            backend.fetchListed(privateRepo, Map.of(MAIN, history.id(9)));

            assertThat(backend.isAncestor(history.id(0), history.id(9))).isTrue();
            assertThat(backend.commitsOnlyIn(history.id(9), List.of(), 50).total())
                    .isEqualTo(10);
        }
    }

    @Test
    void aBoundaryRefThatMovedSinceTheListingGivesAWholeFetch() {
        List<List<Integer>> parents = line(12);
        History history = write(dir.resolve("private.git"), parents, new Random(5), 11, 8);
        Path cache = dir.resolve("cache");
        try (GitCliBackend backend =
                GitCliBackend.builder().cacheDirectory(cache).build()) {
            // listed at 5; another run has moved it to 8 since
            backend.fetchListed(
                    RepoLocation.of(history.bare().toString()),
                    Map.of(MAIN, history.id(11)),
                    Map.of(WATERMARK, history.id(5)));

            assertThat(shallow(cache)).isFalse();
            assertThat(backend.commitsOnlyIn(history.id(11), List.of(history.id(5)), 50)
                            .total())
                    .isEqualTo(6);
        }
    }

    @Test
    void aSyncFromAnEmptyCacheFastForwardsPublicFromAShallowFetch() throws Exception {
        // a line 0..19 with the watermark at 14; a topic 20..22 from 5 merged at 24; tip 25
        List<List<Integer>> parents = line(20);
        parents.add(List.of(5));
        parents.add(List.of(20));
        parents.add(List.of(21));
        parents.add(List.of(19));
        parents.add(List.of(23, 22));
        parents.add(List.of(24));
        int w = 14;
        int tip = 25;
        History history = write(dir.resolve("private.git"), parents, new Random(11), tip, w);
        assertThat(history.reaches(tip, w)).isTrue();
        Path pub = publicAt(history, w, "public.git");
        MirrorPair pair = MirrorPair.builder()
                .name("shallow")
                .privateRepo(RepoLocation.of(history.bare().toString()))
                .publicRepo(RepoLocation.of(pub.toString()))
                .addBranches("main")
                .build();
        long beyond = Long.parseLong(git(history.bare(), "rev-list", "--count", MAIN, "^" + WATERMARK));
        assertThat(beyond).as("15..19, 20..22, 23..25").isEqualTo(11);
        Path cache = dir.resolve("cache");
        boolean[] leftShallow = new boolean[1];
        BranchReport report = syncMain(pair, cache, leftShallow);
        assertThat(leftShallow[0])
                .as("the run never needed the history below the watermark")
                .isTrue();
        assertThat(report.state()).contains(SyncState.PRIVATE_AHEAD);
        assertThat(report.outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(report.onlyOnPrivate().total())
                .as("git's count before the run")
                .isEqualTo(beyond);
        assertThat(revParse(pub, MAIN)).isEqualTo(history.id(tip).hex());
        assertThat(revParse(history.bare(), WATERMARK))
                .isEqualTo(history.id(tip).hex());
        git(pub, "fsck", "--connectivity-only", "--no-progress");
        List<String> firstCut = Files.readAllLines(cache.resolve("shallow"));

        // the next runs keep the cache: two commits more, then nothing changed
        commitOn(history.bare(), "main", "after the first sync");
        String next = commitOn(history.bare(), "main", "and one more");
        BranchReport second = syncMain(pair, cache, leftShallow);
        assertThat(second.outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(second.onlyOnPrivate().total()).isEqualTo(2);
        assertThat(revParse(pub, MAIN)).isEqualTo(next);
        assertThat(revParse(history.bare(), WATERMARK)).isEqualTo(next);
        assertThat(leftShallow[0]).isTrue();
        assertThat(Files.readAllLines(cache.resolve("shallow")))
                .as("the kept cache was continued, not fetched again")
                .isEqualTo(firstCut);
        git(pub, "fsck", "--connectivity-only", "--no-progress");
        BranchReport third = syncMain(pair, cache, leftShallow);
        assertThat(third.state()).contains(SyncState.IN_SYNC);
        assertThat(Files.readAllLines(cache.resolve("shallow"))).isEqualTo(firstCut);
    }

    @Test
    void overSmartHttpTheColdRunFetchesOnlyTheNewCommitsAndKeepsTheTokenOut() throws Exception {
        String token = "tok-shallow-5d1e-SECRET";
        Path root = Files.createDirectories(dir.resolve("served"));
        List<List<Integer>> parents = line(40);
        parents.add(List.of(12));
        parents.add(List.of(39, 40));
        History history = write(root.resolve("private.git"), parents, new Random(13), 41, 39);
        Path pub = initBare(root.resolve("public.git"));
        git(history.bare(), "push", "-q", pub.toString(), history.id(39).hex() + ":" + MAIN);
        GitHttpBackendServer server = new GitHttpBackendServer(root, Files.createDirectories(dir.resolve("w")), token);
        Path cache = dir.resolve("cache");
        BranchReport report;
        try {
            MirrorPair pair = MirrorPair.builder()
                    .name("shallow-http")
                    .privateRepo(RepoLocation.of(server.url("private.git"), Optional.of(token)))
                    .publicRepo(RepoLocation.of(server.url("public.git"), Optional.of(token)))
                    .addBranches("main")
                    .build();
            boolean[] leftShallow = new boolean[1];
            report = syncMain(pair, cache, leftShallow);
            assertThat(leftShallow[0]).isTrue();
            assertThat(git(cache, "rev-list", "--count", history.id(41).hex()))
                    .as("41 and 40, and the boundary 39 and 12")
                    .isEqualTo("4");
            List<String> firstCut = Files.readAllLines(cache.resolve("shallow"));
            String next = commitOn(history.bare(), "main", "after the first sync");
            BranchReport second = syncMain(pair, cache, leftShallow);
            assertThat(second.outcome()).isEqualTo(Outcome.SYNCED);
            assertThat(revParse(pub, MAIN)).isEqualTo(next);
            assertThat(git(cache, "rev-list", "--count", next))
                    .as("the kept cache continued with the one new commit")
                    .isEqualTo("5");
            assertThat(Files.readAllLines(cache.resolve("shallow"))).isEqualTo(firstCut);
        } finally {
            server.close();
        }
        assertThat(report.outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(report.onlyOnPrivate().total()).isEqualTo(2);
        assertThat(Files.readString(cache.resolve("config"))).doesNotContain(token);
        try (Stream<Path> files = Files.walk(cache)) {
            // ISO-8859-1 keeps every byte as one char: packs and indexes are searched as they are
            assertThat(files.filter(Files::isRegularFile))
                    .isNotEmpty()
                    .allSatisfy(f -> assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
                            .as("the token in " + f)
                            .doesNotContain(token));
        }
    }

    /**
     * Random histories, a watermark, a private tip beyond it (or, one time in five, anywhere), and public holding the
     * watermark's history: an empty cache fetches shallow whenever there is a new commit (merges of old commits
     * included); every question asked of it gets the answer a cache fetched whole gives, whether the shallow cache
     * answered it or first completed its history; the questions of a fast-forward (as the engine asks them) leave it
     * shallow; and the push from it is accepted and complete.
     */
    @TestFactory
    Stream<DynamicTest> everyAnswerIsTheWholeHistorys() {
        return property(20_261_201L, 30, "GitCliShallowStartTest", this::checkHistory);
    }

    /** One history of a property, from its seed, counting what it saw in {@code tally}. */
    interface SeededCheck {
        void check(long seed, Map<String, Integer> tally) throws Exception;
    }

    /** {@code count} seeds from {@code base} (or the one given to replay), each a test that names its seed on failure. */
    private static Stream<DynamicTest> property(long base, int count, String name, SeededCheck check) {
        Map<String, Integer> tally = new TreeMap<>();
        return seeds(base, count)
                .mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> {
                    try {
                        check.check(seed, tally);
                    } catch (AssertionError | RuntimeException e) {
                        throw new AssertionError(
                                "seed " + seed + " (replay with -Dmirrorsync.seed=" + seed + "): " + e.getMessage(), e);
                    }
                }))
                .onClose(() -> System.out.println(name + ": " + tally));
    }

    private void checkHistory(long seed, Map<String, Integer> tally) throws Exception {
        Random random = new Random(seed);
        List<List<Integer>> parents = randomParents(random);
        int w = random.nextInt(parents.size());
        History draft = ancestry(parents);
        List<Integer> beyond = new ArrayList<>();
        for (int i = 0; i < parents.size(); i++) {
            if (i != w && draft.reaches(i, w)) {
                beyond.add(i);
            }
        }
        int p;
        if (!beyond.isEmpty() && random.nextInt(5) != 0) {
            p = beyond.get(random.nextInt(beyond.size()));
        } else {
            p = random.nextInt(parents.size());
        }
        Path root = Files.createDirectories(dir.resolve("s" + seed));
        History history = write(root.resolve("private.git"), parents, random, p, w);
        Path pub = initBare(root.resolve("public.git"));
        git(history.bare(), "push", "-q", pub.toString(), history.id(w).hex() + ":" + MAIN);
        RepoLocation privateRepo = RepoLocation.of(history.bare().toString());
        RepoLocation publicRepo = RepoLocation.of(pub.toString());
        List<Integer> universe = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            if (history.reaches(p, i) || history.reaches(w, i)) {
                universe.add(i);
            }
        }
        tally.merge("histories", 1, Integer::sum);
        try (GitCliBackend whole =
                GitCliBackend.builder().cacheDirectory(root.resolve("whole")).build()) {
            whole.fetchListed(privateRepo, Map.of(MAIN, history.id(p)));
            whole.fetchListed(publicRepo, Map.of(MAIN, history.id(w)));
            // first a fast-forward's questions, then random ones; then random ones on a second shallow cache
            for (int round = 0; round < 2; round++) {
                Path cache = root.resolve("cache-" + round);
                try (GitCliBackend backend =
                        GitCliBackend.builder().cacheDirectory(cache).build()) {
                    backend.fetchListed(privateRepo, Map.of(MAIN, history.id(p)), Map.of(WATERMARK, history.id(w)));
                    backend.fetchListed(publicRepo, Map.of(MAIN, history.id(w)));
                    if (newCommits(history, p, w)) {
                        assertThat(shallow(cache))
                                .as("an empty cache fetched shallow")
                                .isTrue();
                    }
                    tally.merge(shallow(cache) ? "fetched shallow" : "fetched whole", 1, Integer::sum);
                    List<Question> questions = new ArrayList<>();
                    boolean fastForward = round == 0 && p != w && history.reaches(p, w);
                    if (fastForward) {
                        questions.addAll(fastForwardQuestions(history.id(p), history.id(w)));
                    }
                    for (int q = 0; q < 6; q++) {
                        questions.add(randomQuestion(random, history, universe));
                    }
                    for (int q = 0; q < questions.size(); q++) {
                        Question question = questions.get(q);
                        boolean wasShallow = askBoth(question, backend, whole, cache, "", tally);
                        if (fastForward && q < 5 && wasShallow) {
                            assertThat(shallow(cache))
                                    .as("a fast-forward's questions need no more history: " + question.text())
                                    .isTrue();
                        }
                        if (fastForward && q == 4 && wasShallow) {
                            PushResult pushed =
                                    backend.push(publicRepo, RefUpdate.fastForward(MAIN, history.id(w), history.id(p)));
                            assertThat(pushed.isSuccess()).as(pushed.toString()).isTrue();
                            git(pub, "fsck", "--connectivity-only", "--no-progress");
                            assertThat(git(pub, "rev-list", "--count", MAIN))
                                    .isEqualTo(git(history.bare(), "rev-list", "--count", MAIN));
                            tally.merge("pushed from a shallow cache", 1, Integer::sum);
                        }
                    }
                }
            }
        }
    }

    /**
     * The property across runs: a kept shallow cache is continued by each next fast-forward from the watermark (or
     * emptied, when it cannot be), and its every answer is still the whole history's. Run 1 publishes from an empty cache;
     * each later run finds the watermark and public at the tip the run before published, and private on: mostly beyond
     * it, sometimes anywhere (rewritten). The last run also asks random questions.
     */
    @TestFactory
    Stream<DynamicTest> aKeptShallowCacheAnswersAsTheWholeHistoryRunAfterRun() {
        return property(20_261_202L, 20, "GitCliShallowStartTest, runs", this::checkRuns);
    }

    private void checkRuns(long seed, Map<String, Integer> tally) throws Exception {
        Random random = new Random(seed);
        List<List<Integer>> parents = randomParents(random);
        History draft = ancestry(parents);
        List<Integer> chain = new ArrayList<>(List.of(random.nextInt(parents.size())));
        int runs = 2 + random.nextInt(3);
        while (chain.size() <= runs) {
            int last = chain.get(chain.size() - 1);
            List<Integer> beyond = new ArrayList<>();
            for (int i = 0; i < parents.size(); i++) {
                if (i != last && draft.reaches(i, last)) {
                    beyond.add(i);
                }
            }
            chain.add(
                    !beyond.isEmpty() && random.nextInt(5) != 0
                            ? beyond.get(random.nextInt(beyond.size()))
                            : random.nextInt(parents.size()));
        }
        Path root = Files.createDirectories(dir.resolve("r" + seed));
        History history = write(root.resolve("private.git"), parents, random, chain.get(1), chain.get(0));
        Path pub = initBare(root.resolve("public.git"));
        RepoLocation privateRepo = RepoLocation.of(history.bare().toString());
        RepoLocation publicRepo = RepoLocation.of(pub.toString());
        // the last run's questions are about what its refs reach (the backend has fetched nothing else)
        List<Integer> universe = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            if (history.reaches(chain.get(runs), i) || history.reaches(chain.get(runs - 1), i)) {
                universe.add(i);
            }
        }
        for (int k = 0; k < chain.size(); k++) {
            git(
                    history.bare(),
                    "update-ref",
                    "refs/keep/" + k,
                    history.id(chain.get(k)).hex());
        }
        Path cache = root.resolve("cache");
        tally.merge("histories", 1, Integer::sum);
        for (int run = 1; run <= runs; run++) {
            CommitId w = history.id(chain.get(run - 1));
            CommitId p = history.id(chain.get(run));
            git(history.bare(), "update-ref", MAIN, p.hex());
            git(history.bare(), "update-ref", WATERMARK, w.hex());
            git(history.bare(), "push", "-q", "-f", pub.toString(), w.hex() + ":" + MAIN);
            Optional<String> cutBefore = recordedBoundary(cache);
            try (GitCliBackend whole = GitCliBackend.builder()
                            .cacheDirectory(root.resolve("whole-" + run))
                            .build();
                    GitCliBackend backend =
                            GitCliBackend.builder().cacheDirectory(cache).build()) {
                List<String> keep = new ArrayList<>();
                for (int k = 0; k < chain.size(); k++) {
                    keep.add("refs/keep/" + k);
                }
                whole.fetch(privateRepo, keep);
                whole.fetchListed(publicRepo, Map.of(MAIN, w));
                backend.fetchListed(privateRepo, Map.of(MAIN, p), Map.of(WATERMARK, w));
                backend.fetchListed(publicRepo, Map.of(MAIN, w));
                boolean continued = cutBefore.isPresent() && cutBefore.equals(recordedBoundary(cache));
                tally.merge(
                        run == 1 ? "run 1" : continued ? "continued" : shallow(cache) ? "cut again" : "fetched whole",
                        1,
                        Integer::sum);
                List<Question> questions = new ArrayList<>();
                boolean fastForward = !p.equals(w) && history.reaches(chain.get(run), chain.get(run - 1));
                if (fastForward) {
                    questions.addAll(fastForwardQuestions(p, w));
                }
                if (run == runs) {
                    for (int q = 0; q < 6; q++) {
                        questions.add(randomQuestion(random, history, universe));
                    }
                }
                for (int q = 0; q < questions.size(); q++) {
                    Question question = questions.get(q);
                    boolean wasShallow = askBoth(question, backend, whole, cache, "run " + run + ", ", tally);
                    if (fastForward && q < 5 && wasShallow) {
                        assertThat(shallow(cache))
                                .as("run " + run + ": a fast-forward's questions need no more history: "
                                        + question.text())
                                .isTrue();
                    }
                }
                if (fastForward) {
                    PushResult pushed = backend.push(publicRepo, RefUpdate.fastForward(MAIN, w, p));
                    assertThat(pushed.isSuccess())
                            .as("run " + run + ": " + pushed)
                            .isTrue();
                    git(pub, "fsck", "--connectivity-only", "--no-progress");
                    assertThat(git(pub, "rev-list", "--count", MAIN))
                            .isEqualTo(git(history.bare(), "rev-list", "--count", MAIN));
                }
            }
        }
    }

    /** The boundary of the cut recorded in {@code cache}, when it is shallow and has a record. */
    private static Optional<String> recordedBoundary(Path cache) throws IOException {
        Path record = cache.resolve(CliCache.CUT);
        if (!shallow(cache) || !Files.exists(record)) {
            return Optional.empty();
        }
        return Optional.of(Files.readString(record).strip().split(" ")[0]);
    }

    /** Whether {@code p} has commits beyond the watermark's history (else git has nothing to cut, and fetches whole). */
    private static boolean newCommits(History history, int p, int w) {
        for (int c = 0; c < history.size(); c++) {
            if (history.reaches(p, c) && !history.reaches(w, c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Asks {@code question} of the backend on {@code cache} and of the one fetched whole, which must agree; answers
     * whether the cache was still shallow when it was asked.
     */
    private static boolean askBoth(
            Question question,
            GitCliBackend backend,
            GitCliBackend whole,
            Path cache,
            String context,
            Map<String, Integer> tally) {
        boolean wasShallow = shallow(cache);
        assertThat(question.ask().apply(backend))
                .as(context + question.text() + (wasShallow ? " (shallow)" : ""))
                .isEqualTo(question.ask().apply(whole));
        tally.merge(wasShallow ? "answered shallow" : "answered after completing", 1, Integer::sum);
        return wasShallow;
    }

    /** One question for a backend, with its answer as a comparable value. */
    record Question(String text, Function<GitCliBackend, Object> ask) {}

    /** What the engine asks of a fast-forward of private from the watermark (BranchObserver, then the report). */
    private static List<Question> fastForwardQuestions(CommitId p, CommitId w) {
        return List.of(
                new Question("isAncestor(w, p)", b -> b.isAncestor(w, p)),
                new Question("isAncestor(w, w)", b -> b.isAncestor(w, w)),
                new Question("commitsOnlyIn(p, [w])", b -> answer(b.commitsOnlyIn(p, List.of(w), 50, 10_000))),
                new Question("commitsOnlyIn(w, [p])", b -> answer(b.commitsOnlyIn(w, List.of(p), 50, 10_000))),
                new Question("lfsObjectsIn(p, [w])", b -> b.lfsObjectsIn(p, List.of(w))));
    }

    private static Question randomQuestion(Random random, History history, List<Integer> universe) {
        int a = universe.get(random.nextInt(universe.size()));
        int b = universe.get(random.nextInt(universe.size()));
        CommitId x = history.id(a);
        CommitId y = history.id(b);
        List<CommitId> excluded = new ArrayList<>();
        int count = random.nextInt(3);
        for (int i = 0; i < count; i++) {
            excluded.add(history.id(universe.get(random.nextInt(universe.size()))));
        }
        long cap = random.nextBoolean() ? 10_000 : 1 + random.nextInt(4);
        return switch (random.nextInt(4)) {
            case 0 -> new Question("isAncestor(c" + a + ", c" + b + ")", g -> g.isAncestor(x, y));
            case 1 -> new Question("mergeBase(c" + a + ", c" + b + ")", g -> g.mergeBase(x, y));
            case 2 ->
                new Question(
                        "commitsOnlyIn(c" + a + ", " + excluded + ", cap " + cap + ")",
                        g -> answer(g.commitsOnlyIn(x, excluded, 3, cap)));
            default ->
                new Question("lfsObjectsIn(c" + a + ", " + excluded + ")", g -> {
                    OptionalLong lfs = g.lfsObjectsIn(x, excluded);
                    return lfs;
                });
        };
    }

    /** A commit list as a value: the total, whether it is a lower bound, and the listed ids in order. */
    private static List<Object> answer(CommitList list) {
        return List.of(list.total(), list.totalIsLowerBound(), ids(list));
    }

    private static List<CommitId> ids(CommitList list) {
        return list.listed().stream().map(CommitInfo::id).toList();
    }

    /** The ancestry of a parents list, without writing it. */
    private static History ancestry(List<List<Integer>> parents) {
        List<BitSet> ancestors = new ArrayList<>();
        for (int i = 0; i < parents.size(); i++) {
            BitSet a = new BitSet();
            a.set(i);
            parents.get(i).forEach(p -> a.or(ancestors.get(p)));
            ancestors.add(a);
        }
        return new History(null, parents, List.of(), ancestors);
    }

    private static LongStream seeds(long base, int count) {
        String replay = System.getProperty("mirrorsync.seed");
        if (replay != null && !replay.isBlank()) {
            return LongStream.of(Long.parseLong(replay.strip()));
        }
        System.out.printf(
                "GitCliShallowStartTest: base seed %d, %d histories (replay one with -Dmirrorsync.seed=<seed>)%n",
                base, count);
        return LongStream.range(0, count).map(i -> base + i);
    }
}
