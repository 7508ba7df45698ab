package dev.mirrorsync.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.jgit.GitHttpBackendServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code mirror-sync} jar stopped dead ({@code Runtime.halt}, through the test-only
 * {@code MIRROR_SYNC_TEST_HALT_AT}) at each named point of a run, for the default backend and for
 * {@code --backend jgit}, over local paths and over C git's smart HTTP ({@code git-http-backend} behind lighttpd).
 * Unlike a kill at a random moment, each case lands where it says, on every machine. After the halt: the process
 * stopped there (its exit status and its last line say so), both repositories pass {@code git fsck}, no commit
 * reachable before is lost ({@code git rev-list --all}) and each branch is at its old value or the one the run was
 * moving it to. Then a clean run of the same command, on the cache the halted one left, converges with nothing lost.
 *
 * <pre>
 *   sync (most points):        private  a - p1 - p2 - p3      public  a              (fast-forward public)
 *   after-backup-ref:          private  a - x                 public  a - y          (sync --on-divergence prefer-private)
 *   between-pushes:            private  a - x                 public  a - y          (resolve --strategy merge)
 * </pre>
 *
 * {@code mid-fetch} (a pack received and locked, no ref moved) is a point of the JGit backend only: the git command's
 * backend fetches in a child process, whose locks are git's own, so with it the run passes no such point and ends
 * normally, which the case for it checks.
 */
class CrashPointsIT {
    private static final String TOKEN = "crash-point-token";
    private static final List<String> POINTS = List.of(
            "after-listing",
            "mid-fetch",
            "after-fetch",
            "after-backup-ref",
            "between-pushes",
            "before-watermark",
            "after-watermark");
    private static final int HALTED = 99;
    private static final Map<String, Integer> OUTCOMES = new TreeMap<>();

    private static Path root;
    private static GitHttpBackendServer server;
    private static int cases;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createTempDirectory("crash-points-");
        if (!System.getProperty("mirrorsync.crashPointTransports", "local,http").contains("http")) {
            return;
        }
        GitHttpBackendServer.requireLighttpd();
        Path work = Files.createDirectories(root.resolve("lighttpd"));
        server = new GitHttpBackendServer(root, work, TOKEN);
    }

    @AfterAll
    static void stop() throws Exception {
        System.out.println("[CrashPointsIT] " + cases + " cases: " + OUTCOMES);
        if (server != null) {
            server.close();
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> all = new ArrayList<>();
        for (String transport : System.getProperty("mirrorsync.crashPointTransports", "local,http")
                .split(",")) {
            for (String backend : List.of("default", "jgit")) {
                for (String point : POINTS) {
                    all.add(Arguments.of(transport, backend, point));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1} halted at {2}")
    @MethodSource("cases")
    void haltedAtAPointTheNextRunConvergesWithNothingLost(String transport, String backend, String point)
            throws Exception {
        String id = transport + "-" + backend + "-" + point;
        Path dir = Files.createDirectories(root.resolve(id));
        GitFixture git = new GitFixture(dir);
        Random random = new Random(id.hashCode());
        Path priv = git.bare("private");
        Path pub = git.bare("public");
        git.commit(priv, "main", "a", 4096, random);
        git.copy(priv, pub, "main");

        List<String> command = new ArrayList<>();
        String privBefore;
        String privWanted;
        String pubWanted;
        boolean resolving = point.equals("between-pushes");
        if (resolving || point.equals("after-backup-ref")) {
            String x = git.commit(priv, "main", "x", 8192, random);
            String y = git.commit(pub, "main", "y", 8192, random);
            privBefore = x;
            privWanted = x; // the merge's id is not known before the run: checked by its parents below
            pubWanted = resolving ? y : x;
            command.addAll(
                    resolving
                            ? List.of("resolve", "--strategy", "merge")
                            : List.of("sync", "--on-divergence", "prefer-private"));
        } else {
            for (int i = 1; i <= 3; i++) {
                git.commit(priv, "main", "p" + i, 16 * 1024, random);
            }
            privBefore = git.revParse(priv, "refs/heads/main");
            privWanted = privBefore;
            pubWanted = privBefore;
            command.add("sync");
        }
        String pubBefore = git.revParse(pub, "refs/heads/main");
        boolean http = transport.equals("http");
        command.addAll(List.of(
                "--private", http ? server.url(dir.getFileName() + "/private.git") : priv.toString(),
                "--public", http ? server.url(dir.getFileName() + "/public.git") : pub.toString(),
                "--cache", dir.resolve("cache").toString()));
        if (backend.equals("jgit")) {
            command.addAll(List.of("--backend", "jgit"));
        }
        Map<String, String> tokens =
                http ? Map.of("MIRROR_SYNC_PRIVATE_TOKEN", TOKEN, "MIRROR_SYNC_PUBLIC_TOKEN", TOKEN) : Map.of();
        Map<String, String> halting = new TreeMap<>(tokens);
        halting.put("MIRROR_SYNC_TEST_HALT_AT", point);
        Set<String> privCommits = git.allCommits(priv);
        Set<String> pubCommits = git.allCommits(pub);

        int exit = git.runToEnd(halting, "halted", command.toArray(String[]::new));
        String halted = id + " (" + String.join(" ", command) + ")\n" + git.output("halted");
        boolean reached = !(point.equals("mid-fetch") && !backend.equals("jgit") && usesGitCommand());
        if (reached) {
            assertThat(exit).as(halted).isEqualTo(HALTED);
            assertThat(git.output("halted")).as(halted).contains("mirror-sync: halted at " + point);
        } else {
            assertThat(exit)
                    .as(halted + "\n(the git command's backend passes no mid-fetch point)")
                    .isZero();
        }
        if (point.equals("mid-fetch") && reached) {
            try (Stream<Path> packs = Files.list(dir.resolve("cache/objects/pack"))) {
                assertThat(packs.map(p -> p.getFileName().toString()))
                        .as(halted + "\nthe halt left the fetched pack's lock in the cache")
                        .anyMatch(name -> name.endsWith(".keep"));
            }
        }
        for (Path repo : List.of(priv, pub)) {
            GitFixture.Result fsck = git.fsck(repo);
            assertThat(fsck.exit())
                    .as(halted + "\nfsck " + repo + ": " + fsck.err())
                    .isZero();
        }
        assertThat(git.allCommits(priv)).as(halted).containsAll(privCommits);
        assertThat(git.allCommits(pub)).as(halted).containsAll(pubCommits);
        String pubNow = git.revParse(pub, "refs/heads/main");
        String privNow = git.revParse(priv, "refs/heads/main");
        if (resolving) {
            assertThat(pubNow)
                    .as(halted + "\nbetween the pushes: public not yet moved")
                    .isEqualTo(pubWanted);
            assertThat(git.git(priv, null, "rev-list", "--parents", "-n", "1", privNow)
                            .split(" "))
                    .as(halted + "\nbetween the pushes: private is at the merge of both tips")
                    .containsExactlyInAnyOrder(privNow, privBefore, pubWanted);
        } else {
            assertThat(privNow).as(halted).isEqualTo(privBefore);
            assertThat(pubNow).as(halted).isIn(pubBefore, pubWanted);
        }
        if (point.equals("after-backup-ref")) {
            assertThat(pubNow)
                    .as(halted + "\nhalted after the backup, before the overwrite")
                    .isEqualTo(pubBefore);
            assertThat(git.refs(pub))
                    .as(halted + "\nthe backup ref of public's tip")
                    .containsPattern("refs/mirror-sync/backup/main/\\S+ " + pubBefore);
        }
        String outcome = (reached ? "halted" : "ran to the end") + ", public "
                + (pubNow.equals(pubBefore) ? "unmoved" : "moved");
        synchronized (OUTCOMES) {
            OUTCOMES.merge(outcome, 1, Integer::sum);
            cases++;
        }
        System.out.println("[CrashPointsIT] " + id + ": " + outcome);

        // The same command, run to its end on what the halted run left, converges and loses nothing.
        int again = git.runToEnd(tokens, "again", command.toArray(String[]::new));
        String next = halted + "\nthen:\n" + git.output("again");
        assertThat(again).as(next).isZero();
        String merged = git.revParse(priv, "refs/heads/main");
        assertThat(git.revParse(pub, "refs/heads/main")).as(next).isEqualTo(merged);
        if (!resolving) {
            assertThat(merged).as(next).isEqualTo(privWanted);
        }
        assertThat(git.revParse(priv, "refs/mirror-sync/synced/main"))
                .as(next + "\nthe watermark")
                .isEqualTo(merged);
        assertThat(git.allCommits(priv)).as(next).containsAll(privCommits);
        assertThat(git.allCommits(pub)).as(next).containsAll(pubCommits);
        for (Path repo : List.of(priv, pub, dir.resolve("cache"))) {
            GitFixture.Result fsck = git.fsck(repo);
            assertThat(fsck.exit())
                    .as(next + "\nfsck " + repo + ": " + fsck.err())
                    .isZero();
        }
        assertThat(git.output("again")).as(next).doesNotContain("internal error");
    }

    /** What {@code --backend auto} (the default) picks here: the git command when git 2.38 or newer is on PATH. */
    private static boolean usesGitCommand() {
        GitFixture.Result version = GitFixture.run(root, Map.of(), null, "version");
        Matcher m =
                java.util.regex.Pattern.compile("git version (\\d+)\\.(\\d+)").matcher(version.out());
        return m.find()
                && (Integer.parseInt(m.group(1)) > 2
                        || Integer.parseInt(m.group(1)) == 2 && Integer.parseInt(m.group(2)) >= 38);
    }
}
