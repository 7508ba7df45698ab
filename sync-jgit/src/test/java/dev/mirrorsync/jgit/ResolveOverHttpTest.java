package dev.mirrorsync.jgit;

import static dev.mirrorsync.jgit.GitCli.commit;
import static dev.mirrorsync.jgit.GitCli.git;
import static dev.mirrorsync.jgit.GitCli.revParse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.core.BranchReport;
import dev.mirrorsync.core.MirrorPair;
import dev.mirrorsync.core.MirrorSync;
import dev.mirrorsync.core.Outcome;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.ResolveRequest;
import dev.mirrorsync.core.ResolveStrategy;
import dev.mirrorsync.core.RetryPolicy;
import dev.mirrorsync.core.SyncState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code resolve} with every strategy over generated diverged histories on real repositories served over smart
 * HTTP (JGit's GitServlet in Jetty), with the nothing-lost invariant checked by {@code git rev-list} itself: every
 * commit reachable from a side's branch before is reachable after, from a branch or a backup ref on that side.
 */
class ResolveOverHttpTest {
    private static final String TOKEN = "tok-resolve-4e1f0b9c-SECRET";

    @TempDir
    static Path root;

    private static JGitHttpServer server;
    private static int sequence;

    /** How the two sides diverge from their shared history. */
    enum Divergence {
        /** Each side changes a different file: merges cleanly. */
        DISJOINT_FILES(true),
        /** Both sides change the same text file differently. */
        SAME_FILE(false),
        /** Both sides change the same binary file differently. */
        BINARY(false),
        /** One side renames a file, the other changes another file. */
        RENAME_AND_EDIT_ELSEWHERE(true),
        /** One side deletes a file, the other adds a new one. */
        DELETE_ON_ONE_SIDE(true),
        /** One side deletes a file the other side edits. */
        DELETE_AGAINST_EDIT(false);

        final boolean mergesCleanly;

        Divergence(boolean mergesCleanly) {
            this.mergesCleanly = mergesCleanly;
        }
    }

    @BeforeAll
    static void startServer() throws Exception {
        server = new JGitHttpServer(root, TOKEN, "read-only-unused");
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.close();
    }

    private record Pair(MirrorPair pair, Path privateBare, Path publicBare) {}

    /**
     *        p1 - p2        private (changes of the divergence kind)
     *       /
     * s1 .. sk              shared, k random commits over random files (one binary)
     *       \
     *        q1             public
     */
    private static Pair diverged(Divergence kind, long seed) {
        Random random = new Random(seed);
        String name = "r" + (++sequence);
        Path priv = GitCli.initBare(root.resolve(name + "-private.git"));
        Path pub = GitCli.initBare(root.resolve(name + "-public.git"));
        Map<String, String> files = new TreeMap<>();
        files.put("README.md", "# shared\n");
        files.put("logo.bin", binary(random));
        files.put("notes.txt", "line 1\nline 2\n");
        String tip = null;
        int shared = 1 + random.nextInt(4);
        for (int i = 0; i < shared; i++) {
            files.put("f" + random.nextInt(5) + ".txt", "shared " + i + " " + random.nextInt() + "\n");
            tip = tip == null ? commit(priv, "shared " + i, files) : commit(priv, "shared " + i, files, tip);
        }
        git(priv, "update-ref", "refs/heads/main", tip);
        git(priv, "push", "-q", pub.toString(), "refs/heads/main:refs/heads/main");

        Map<String, String> mine = new TreeMap<>(files);
        Map<String, String> theirs = new TreeMap<>(files);
        switch (kind) {
            case DISJOINT_FILES -> {
                mine.put("private.txt", "private\n");
                theirs.put("public.txt", "public\n");
            }
            case SAME_FILE -> {
                mine.put("notes.txt", "line 1 private\nline 2\n");
                theirs.put("notes.txt", "line 1 public\nline 2\n");
            }
            case BINARY -> {
                mine.put("logo.bin", binary(random));
                theirs.put("logo.bin", binary(random));
            }
            case RENAME_AND_EDIT_ELSEWHERE -> {
                mine.put("NOTES.md", mine.remove("notes.txt"));
                theirs.put("README.md", "# shared, edited in public\n");
            }
            case DELETE_ON_ONE_SIDE -> {
                mine.remove("logo.bin");
                theirs.put("added-in-public.txt", "new\n");
            }
            case DELETE_AGAINST_EDIT -> {
                mine.remove("notes.txt");
                theirs.put("notes.txt", "line 1\nline 2 edited\n");
            }
        }
        String p1 = commit(priv, "private change", mine, tip);
        mine.put("private-2.txt", "more\n");
        String p2 = commit(priv, "private change 2", mine, p1);
        git(priv, "update-ref", "refs/heads/main", p2);
        String q1 = commit(pub, "public change", theirs, tip);
        git(pub, "update-ref", "refs/heads/main", q1);

        MirrorPair pair = MirrorPair.builder()
                .name(name)
                .privateRepo(RepoLocation.of(server.url(name + "-private.git"), Optional.of(TOKEN)))
                .publicRepo(RepoLocation.of(server.url(name + "-public.git"), Optional.of(TOKEN)))
                .addBranches("main")
                .build();
        return new Pair(pair, priv, pub);
    }

    private static String binary(Random random) {
        StringBuilder bytes = new StringBuilder("\u0000PNG");
        for (int i = 0; i < 64; i++) {
            bytes.append((char) random.nextInt(32));
        }
        return bytes.toString();
    }

    private static Set<String> revList(Path bare, String... refs) {
        List<String> args = new ArrayList<>(List.of("rev-list"));
        args.addAll(List.of(refs));
        String out = git(bare, args.toArray(String[]::new));
        return out.isBlank() ? Set.of() : new HashSet<>(out.lines().toList());
    }

    private static BranchReport resolve(Pair p, ResolveRequest request) throws Exception {
        try (JGitBackend backend = JGitBackend.builder()
                .cacheDirectory(root.resolve("cache-" + (++sequence)))
                .build()) {
            MirrorSync mirrorSync = MirrorSync.builder()
                    .gitBackend(backend)
                    .clock(Clock.fixed(Instant.parse("2026-11-27T10:00:00Z"), ZoneOffset.UTC))
                    .retryPolicy(RetryPolicy.noRetries())
                    .build();
            return mirrorSync.resolve(p.pair(), request).branches().get(0);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyStrategyOverGeneratedDivergences() {
        List<DynamicTest> tests = new ArrayList<>();
        long seed = Long.getLong("mirrorsync.seed", 20261127L);
        for (Divergence kind : Divergence.values()) {
            for (ResolveStrategy strategy : ResolveStrategy.values()) {
                long caseSeed = seed + 31L * kind.ordinal() + strategy.ordinal();
                tests.add(DynamicTest.dynamicTest(
                        kind + " / " + strategy + " (seed " + caseSeed + ")", () -> check(kind, strategy, caseSeed)));
            }
        }
        return tests.stream();
    }

    private static void check(Divergence kind, ResolveStrategy strategy, long seed) throws Exception {
        Pair p = diverged(kind, seed);
        String describe = kind + " / " + strategy + ", seed " + seed + " (replay with -Dmirrorsync.seed)";
        String privateTip = revParse(p.privateBare(), "refs/heads/main");
        String publicTip = revParse(p.publicBare(), "refs/heads/main");
        Set<String> privateBefore = revList(p.privateBare(), "refs/heads/main");
        Set<String> publicBefore = revList(p.publicBare(), "refs/heads/main");

        BranchReport report = resolve(p, ResolveRequest.of(strategy));

        assertThat(report.state()).as(describe).contains(SyncState.DIVERGED);
        assertThat(revList(p.privateBare(), "--all"))
                .as(describe + ": nothing lost on private")
                .containsAll(privateBefore);
        assertThat(revList(p.publicBare(), "--all"))
                .as(describe + ": nothing lost on public")
                .containsAll(publicBefore);
        String privateAfter = revParse(p.privateBare(), "refs/heads/main");
        String publicAfter = revParse(p.publicBare(), "refs/heads/main");
        switch (strategy) {
            case MERGE -> {
                if (kind.mergesCleanly) {
                    assertThat(report.outcome())
                            .as(describe + ": " + report.message())
                            .isEqualTo(Outcome.SYNCED);
                    assertThat(privateAfter).isEqualTo(publicAfter);
                    assertThat(git(p.privateBare(), "rev-list", "--parents", "-n", "1", privateAfter)
                                    .split(" "))
                            .containsExactly(privateAfter, privateTip, publicTip);
                    assertThat(git(p.privateBare(), "fsck", "--no-progress", "--connectivity-only"))
                            .doesNotContain("missing");
                } else {
                    assertThat(report.outcome())
                            .as(describe + ": " + report.message())
                            .isEqualTo(Outcome.NEEDS_HUMAN);
                    assertThat(report.conflictingPaths()).as(describe).isNotEmpty();
                    assertThat(privateAfter).isEqualTo(privateTip);
                    assertThat(publicAfter).isEqualTo(publicTip);
                }
            }
            case PREFER_PRIVATE -> {
                assertThat(report.outcome())
                        .as(describe + ": " + report.message())
                        .isEqualTo(Outcome.SYNCED);
                assertThat(privateAfter).isEqualTo(privateTip);
                assertThat(publicAfter).isEqualTo(privateTip);
                assertThat(revParse(p.publicBare(), report.backupRef().orElseThrow()))
                        .isEqualTo(publicTip);
            }
            case PREFER_PUBLIC -> {
                assertThat(report.outcome())
                        .as(describe + ": " + report.message())
                        .isEqualTo(Outcome.SYNCED);
                assertThat(publicAfter).isEqualTo(publicTip);
                assertThat(privateAfter).isEqualTo(publicTip);
                assertThat(revParse(p.privateBare(), report.backupRef().orElseThrow()))
                        .isEqualTo(privateTip);
            }
        }
    }

    /*
     *        p1 - p2        private
     *       /
     * s1 .. sk
     *       \
     *        q1 - r         public: r is pushed by someone else while our overwrite is on the wire
     */
    @Test
    void aSideThatMovesMidResolveKeepsTheOtherClientsCommit() throws Exception {
        Pair p = diverged(Divergence.DISJOINT_FILES, 7L);
        String publicTip = revParse(p.publicBare(), "refs/heads/main");
        Set<String> privateBefore = revList(p.privateBare(), "refs/heads/main");
        String theirs = commit(p.publicBare(), "someone else", Map.of("theirs.txt", "theirs\n"), publicTip);
        // The backup ref's push goes first and passes; the hook fires inside the branch's push.
        List<Runnable> hooks = new ArrayList<>();
        hooks.add(() -> server.beforeNextRefUpdate(
                () -> git(p.publicBare(), "update-ref", "refs/heads/main", theirs, publicTip)));
        server.beforeNextRefUpdate(() -> hooks.forEach(Runnable::run));

        BranchReport report = resolve(p, ResolveRequest.of(ResolveStrategy.PREFER_PRIVATE));

        assertThat(report.outcome()).as(report.message()).isEqualTo(Outcome.FAILED);
        assertThat(report.message()).contains("Nothing was overwritten");
        assertThat(revParse(p.publicBare(), "refs/heads/main")).isEqualTo(theirs);
        assertThat(revList(p.publicBare(), "--all")).contains(theirs, publicTip);
        assertThat(revList(p.privateBare(), "--all")).containsAll(privateBefore);
    }
}
