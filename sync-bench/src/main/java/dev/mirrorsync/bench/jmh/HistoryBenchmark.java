package dev.mirrorsync.bench.jmh;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.CommitList;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.jgit.JGitBackend;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.util.FileUtils;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ancestry and divergence listing through {@link JGitBackend} on deep histories: {@code commits} commits on
 * {@code main} (a two-commit topic merged every 50), and {@code left}/{@code right} diverging from main's tip by
 * 1,000 commits each. These are the questions {@code BranchObserver} asks on every run whose tips differ, so a
 * regression in the walk shows here first.
 *
 * <p>The history is written with {@code git fast-import} and fetched into a JGitBackend cache once per size, kept
 * under {@code java.io.tmpdir/mirror-sync-jmh/} and reused by later forks and runs.
 *
 * <p>Run: {@code java -jar sync-bench/target/sync-bench.jar jmh HistoryBenchmark}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class HistoryBenchmark {
    private static final int SIDE = 1_000;
    private static final int VERSION = 1;

    @Param({"100000", "300000"})
    public int commits;

    private JGitBackend backend;
    private CommitId root;
    private CommitId mainTip;
    private CommitId left;
    private CommitId right;
    private CommitId mainParent;

    @Setup(Level.Trial)
    public void setUp() throws IOException, InterruptedException {
        Path home =
                Path.of(System.getProperty("java.io.tmpdir"), "mirror-sync-jmh", "history-" + commits + "-v" + VERSION);
        Path origin = home.resolve("origin.git");
        Path cache = home.resolve("cache");
        Path done = home.resolve("complete");
        if (!Files.exists(done)) {
            deleteTree(home);
            Files.createDirectories(origin);
            git(origin, "init", "--quiet", "--bare", "--initial-branch=main");
            generate(origin, commits);
            try (JGitBackend filling =
                    JGitBackend.builder().cacheDirectory(cache).build()) {
                filling.fetch(
                        RepoLocation.of(origin.toUri().toString()),
                        List.of("refs/heads/main", "refs/heads/left", "refs/heads/right"));
            }
            Files.writeString(done, "ok\n");
        }
        root = CommitId.of(git(origin, "rev-list", "--max-parents=0", "refs/heads/main"));
        mainTip = CommitId.of(git(origin, "rev-parse", "refs/heads/main"));
        mainParent = CommitId.of(git(origin, "rev-parse", "refs/heads/main~1"));
        left = CommitId.of(git(origin, "rev-parse", "refs/heads/left"));
        right = CommitId.of(git(origin, "rev-parse", "refs/heads/right"));
        backend = JGitBackend.builder().cacheDirectory(cache).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        backend.close();
    }

    /** The root is an ancestor of main: a walk of the whole history. */
    @Benchmark
    public boolean isAncestorRootOfMain() {
        return backend.isAncestor(root, mainTip);
    }

    /** A fast-forward check, one commit away: should not depend on depth. */
    @Benchmark
    public boolean isAncestorParentOfMain() {
        return backend.isAncestor(mainParent, mainTip);
    }

    /** main is an ancestor of left, 1,000 commits away (PRIVATE_AHEAD by 1,000). */
    @Benchmark
    public boolean isAncestorMainOfLeft() {
        return backend.isAncestor(mainTip, left);
    }

    /** left is no ancestor of right: proving a negative, what every DIVERGED observation asks twice. */
    @Benchmark
    public boolean isAncestorLeftOfRight() {
        return backend.isAncestor(left, right);
    }

    @Benchmark
    public Optional<CommitId> mergeBaseLeftRight() {
        return backend.mergeBase(left, right);
    }

    /** The divergence report: 50 listed, 1,000 counted. */
    @Benchmark
    public CommitList commitsOnlyInLeft() {
        return backend.commitsOnlyIn(left, List.of(right), 50);
    }

    /** A branch missing on the other side, counted exactly: the whole history walked (before the cap). */
    @Benchmark
    public CommitList commitsOnlyInMainExcludingNothing() {
        return backend.commitsOnlyIn(mainTip, List.of(), 50);
    }

    /** A branch missing on the other side as the engine asks now: counting stops at 10,000 ("10000+"). */
    @Benchmark
    public CommitList commitsOnlyInMainCapped() {
        return backend.commitsOnlyIn(mainTip, List.of(), 50, 10_000);
    }

    /** Writes the history with fast-import: commits only touch one small file, so the walk, not blobs, is measured. */
    static void generate(Path repo, int commits) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("git", "fast-import", "--quiet", "--done")
                .directory(repo.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        isolate(builder);
        Process process = builder.start();
        try (OutputStream out = new BufferedOutputStream(process.getOutputStream(), 1 << 16)) {
            int mark = 0;
            long time = 1_500_000_000L;
            int mainMark = 0;
            int made = 0;
            while (made < commits) {
                if (made > 0 && made % 50 == 0 && made + 3 <= commits) {
                    int topic = mainMark;
                    for (int t = 0; t < 2; t++) {
                        write(
                                out,
                                commit(
                                        "refs/heads/topic",
                                        ++mark,
                                        time += 60,
                                        "topic " + made + "." + t,
                                        topic,
                                        0,
                                        "topic.txt",
                                        made + "." + t));
                        topic = mark;
                    }
                    write(
                            out,
                            commit(
                                    "refs/heads/main",
                                    ++mark,
                                    time += 60,
                                    "merge " + made,
                                    mainMark,
                                    topic,
                                    null,
                                    null));
                    mainMark = mark;
                    made += 3;
                    continue;
                }
                write(
                        out,
                        commit(
                                "refs/heads/main",
                                ++mark,
                                time += 60,
                                "commit " + made,
                                mainMark,
                                0,
                                "file.txt",
                                Integer.toString(made)));
                mainMark = mark;
                made++;
            }
            for (String side : List.of("left", "right")) {
                int parent = mainMark;
                for (int i = 0; i < SIDE; i++) {
                    write(
                            out,
                            commit(
                                    "refs/heads/" + side,
                                    ++mark,
                                    time + 60L * (i + 1),
                                    side + " " + i,
                                    parent,
                                    0,
                                    side + ".txt",
                                    Integer.toString(i)));
                    parent = mark;
                }
            }
            write(out, "reset refs/heads/topic\nfrom 0000000000000000000000000000000000000000\n\ndone\n");
        }
        if (process.waitFor() != 0) {
            throw new IOException("git fast-import failed");
        }
    }

    private static String commit(
            String ref, int mark, long time, String message, int from, int merge, String path, String content) {
        StringBuilder s = new StringBuilder()
                .append("commit ")
                .append(ref)
                .append("\nmark :")
                .append(mark)
                .append("\ncommitter Bench <bench@example.invalid> ")
                .append(time)
                .append(" +0000\n")
                .append("data ")
                .append(message.length())
                .append('\n')
                .append(message)
                .append('\n');
        if (from > 0) {
            s.append("from :").append(from).append('\n');
        }
        if (merge > 0) {
            s.append("merge :").append(merge).append('\n');
        }
        if (path != null) {
            s.append("M 100644 inline ")
                    .append(path)
                    .append("\ndata ")
                    .append(content.length())
                    .append('\n')
                    .append(content)
                    .append('\n');
        }
        return s.toString();
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        isolate(builder);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (process.waitFor() != 0) {
            throw new IOException(String.join(" ", command) + ": " + out);
        }
        return out;
    }

    private static void isolate(ProcessBuilder builder) {
        builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
        builder.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
    }

    private static void deleteTree(Path dir) throws IOException {
        FileUtils.delete(dir.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING);
    }
}
