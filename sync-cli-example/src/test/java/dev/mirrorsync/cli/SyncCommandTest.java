package dev.mirrorsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI driven in-process against bare repositories made by {@code git}, for every state of the table:
 * exit codes, the JSON, git's own view of the result, and the {@code file:} tracker's files.
 */
class SyncCommandTest {
    @TempDir
    protected Path dir;

    private GitRepos git;
    private Path priv;
    private Path pub;
    private Path issues;

    @BeforeEach
    void setUp() {
        git = new GitRepos(dir);
        priv = git.bare("private");
        pub = git.bare("public");
        issues = dir.resolve("issues");
    }

    private Cli.Result sync(String... extra) {
        return command("sync", extra);
    }

    private Cli.Result command(String command, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                command,
                "--private",
                priv.toString(),
                "--public",
                pub.toString(),
                "--name",
                "cookbook",
                "--cache",
                dir.resolve("cache").toString(),
                "--json"));
        if (!command.equals("status")) {
            args.addAll(List.of("--tracker", "file:" + issues));
        } else {
            args.removeAll(List.of(
                    "--name", "cookbook", "--cache", dir.resolve("cache").toString()));
        }
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    /** Runs the CLI; in-process here, as a real process in {@link SyncCommandJarIT}. */
    protected Cli.Result run(String... args) {
        return Cli.run(args);
    }

    private List<JsonNode> issueFiles() throws Exception {
        if (!Files.isDirectory(issues)) {
            return List.of();
        }
        List<JsonNode> all = new ArrayList<>();
        try (Stream<Path> files = Files.list(issues)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("\\d+\\.json"))
                    .sorted()
                    .toList()) {
                all.add(new ObjectMapper().readTree(file.toFile()));
            }
        }
        return all;
    }

    /*
     * private: a - b      public: (empty)
     */
    @Test
    void createsTheMissingPublicBranch() throws Exception {
        git.commit(priv, "a");
        String b = git.commit(priv, "b");

        Cli.Result result = sync();

        assertThat(result.exit()).as(result.toString()).isZero();
        JsonNode branch = result.branch(0);
        assertThat(branch.path("branch").asText()).isEqualTo("main");
        assertThat(branch.path("state").asText()).isEqualTo("PUBLIC_MISSING");
        assertThat(branch.path("action").asText()).isEqualTo("CREATE_PUBLIC");
        assertThat(branch.path("outcome").asText()).isEqualTo("SYNCED");
        assertThat(branch.path("public").path("before").isNull()).isTrue();
        assertThat(branch.path("public").path("after").asText()).isEqualTo(b);
        assertThat(git.revParse(pub, "refs/heads/main")).contains(b);
        assertThat(git.revParse(priv, "refs/mirror-sync/synced/main")).contains(b);
    }

    /*
     * private: (empty)    public: a
     */
    @Test
    void createsTheMissingPrivateBranch() throws Exception {
        String a = git.commit(pub, "a");
        Cli.Result result = sync();
        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.branch(0).path("state").asText()).isEqualTo("PRIVATE_MISSING");
        assertThat(git.revParse(priv, "refs/heads/main")).contains(a);
    }

    /*
     * a - b - c   private
     *     ^
     *     public
     */
    @Test
    void fastForwardsPublicWhenPrivateIsAhead() throws Exception {
        git.commit(priv, "a");
        git.commit(priv, "b");
        git.copy(priv, pub, "main");
        String c = git.commit(priv, "c");

        Cli.Result result = sync();

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.branch(0).path("state").asText()).isEqualTo("PRIVATE_AHEAD");
        assertThat(result.branch(0).path("action").asText()).isEqualTo("FAST_FORWARD_PUBLIC");
        assertThat(result.branch(0).path("onlyOnPrivate").asInt()).isEqualTo(1);
        assertThat(git.revParse(pub, "refs/heads/main")).contains(c);
        assertThat(issueFiles()).isEmpty();
    }

    /*
     * a - b       private
     *      \
     *       c     public
     */
    @Test
    void fastForwardsPrivateWhenPublicIsAhead() throws Exception {
        git.commit(priv, "a");
        git.commit(priv, "b");
        git.copy(priv, pub, "main");
        String c = git.commit(pub, "c");

        Cli.Result result = sync();

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.branch(0).path("state").asText()).isEqualTo("PUBLIC_AHEAD");
        assertThat(git.revParse(priv, "refs/heads/main")).contains(c);
    }

    /*
     * a   private = public
     */
    @Test
    void anInSyncBranchNeedsNothingAndASecondRunIsIdempotent() throws Exception {
        String a = git.commit(priv, "a");
        git.copy(priv, pub, "main");

        Cli.Result first = sync();
        Cli.Result second = sync();

        assertThat(first.exit()).isZero();
        assertThat(first.branch(0).path("state").asText()).isEqualTo("IN_SYNC");
        assertThat(second.branch(0).path("action").asText()).isEqualTo("NONE");
        assertThat(second.branch(0).path("outcome").asText()).isEqualTo("UP_TO_DATE");
        assertThat(second.branch(0).path("issue").path("action").asText()).isEqualTo("NONE");
        assertThat(git.revParse(pub, "refs/heads/main")).contains(a);
    }

    /*
     *       x     private
     *      /
     * a - b
     *      \
     *       y     public
     */
    @Test
    void aDivergenceMovesNothingOpensOneIssueAndResolveClosesIt() throws Exception {
        git.commit(priv, "a");
        String b = git.commit(priv, "b");
        git.copy(priv, pub, "main");
        String x = git.commit(priv, "main", "private.txt", "private\n", "private change");
        String y = git.commit(pub, "main", "public.txt", "public\n", "public change");

        Cli.Result first = sync();
        assertThat(first.exit()).as(first.toString()).isEqualTo(3);
        JsonNode branch = first.branch(0);
        assertThat(branch.path("state").asText()).isEqualTo("DIVERGED");
        assertThat(branch.path("outcome").asText()).isEqualTo("NEEDS_HUMAN");
        assertThat(branch.path("onlyOnPrivate").asInt()).isEqualTo(1);
        assertThat(branch.path("onlyOnPublic").asInt()).isEqualTo(1);
        assertThat(branch.path("onlyOnPrivateAtLeast").isBoolean()).isTrue();
        assertThat(branch.path("onlyOnPrivateAtLeast").asBoolean())
                .as("exact counts below the cap")
                .isFalse();
        assertThat(branch.path("onlyOnPublicAtLeast").asBoolean()).isFalse();
        assertThat(branch.path("mergeBase").asText()).isEqualTo(b);
        assertThat(branch.path("issue").path("action").asText()).isEqualTo("OPENED");
        assertThat(git.revParse(priv, "refs/heads/main")).contains(x);
        assertThat(git.revParse(pub, "refs/heads/main")).contains(y);

        List<JsonNode> filed = issueFiles();
        assertThat(filed).hasSize(1);
        JsonNode issue = filed.get(0);
        assertThat(issue.path("number").asInt()).isEqualTo(1);
        assertThat(issue.path("state").asText()).isEqualTo("open");
        assertThat(issue.path("labels")).extracting(JsonNode::asText).containsExactly("sync-failure", "urgent");
        assertThat(issue.path("title").asText()).contains("main").contains("diverged");
        assertThat(issue.path("body").asText()).contains(x).contains(y).contains("git push --force-with-lease");

        Cli.Result again = sync();
        assertThat(again.exit()).isEqualTo(3);
        assertThat(again.branch(0).path("issue").path("action").asText()).isEqualTo("NONE");
        assertThat(again.branch(0).path("issue").path("ref").asText()).isEqualTo("1");
        assertThat(issueFiles()).hasSize(1);

        Cli.Result resolved = command("resolve", "--strategy", "merge");
        assertThat(resolved.exit()).as(resolved.toString()).isZero();
        assertThat(resolved.branch(0).path("action").asText()).isEqualTo("MERGE");
        assertThat(resolved.branch(0).path("issue").path("action").asText()).isEqualTo("CLOSED");
        String merged = git.revParse(priv, "refs/heads/main").orElseThrow();
        assertThat(git.revParse(pub, "refs/heads/main")).contains(merged);
        assertThat(git.isAncestor(priv, x, merged)).isTrue();
        assertThat(git.isAncestor(priv, y, merged)).isTrue();
        assertThat(issueFiles()).singleElement().satisfies(closed -> {
            assertThat(closed.path("state").asText()).isEqualTo("closed");
            assertThat(closed.path("comments").get(0).asText()).contains(merged.substring(0, 12));
        });
    }

    /*
     *       x     private
     *      /
     * a - b
     *      \
     *       y     public   --on-divergence prefer-private
     */
    @Test
    void preferPrivateBacksUpThePublicTipBeforeMovingIt() throws Exception {
        git.commit(priv, "a");
        git.copy(priv, pub, "main");
        String x = git.commit(priv, "x");
        String y = git.commit(pub, "y");

        Cli.Result result = sync("--on-divergence", "prefer-private");

        assertThat(result.exit()).as(result.toString()).isZero();
        String backup = result.branch(0).path("backupRef").asText();
        assertThat(backup).startsWith("refs/mirror-sync/backup/main/");
        assertThat(git.revParse(pub, backup)).contains(y);
        assertThat(git.revParse(pub, "refs/heads/main")).contains(x);
        assertThat(issueFiles())
                .singleElement()
                .satisfies(i -> assertThat(i.path("state").asText()).isEqualTo("closed"));
    }

    /*
     * a - b         private        b - c   public (unrelated root b')
     */
    @Test
    void unrelatedHistoriesNeedAHuman() throws Exception {
        String a = git.commit(priv, "a");
        String c = git.commit(pub, "c");
        Cli.Result result = sync();
        assertThat(result.exit()).isEqualTo(3);
        assertThat(result.branch(0).path("state").asText()).isEqualTo("UNRELATED");
        assertThat(git.revParse(priv, "refs/heads/main")).contains(a);
        assertThat(git.revParse(pub, "refs/heads/main")).contains(c);
    }

    /*
     * a - b - c   public, watermark c
     * a           private, force-pushed back to a after the sync
     */
    @Test
    void aSideMovedBackwardsIsReportedAndNotPushedAgain() throws Exception {
        String a = git.commit(priv, "a");
        git.commit(priv, "b");
        String c = git.commit(priv, "c");
        assertThat(sync().exit()).isZero();
        git.setBranch(priv, "main", Optional.of(a));

        Cli.Result result = sync();

        assertThat(result.exit()).as(result.toString()).isEqualTo(3);
        assertThat(result.branch(0).path("state").asText()).isEqualTo("PRIVATE_REWRITTEN");
        assertThat(git.revParse(priv, "refs/heads/main")).contains(a);
        assertThat(git.revParse(pub, "refs/heads/main")).contains(c);
    }

    @Test
    void aBranchMissingOnBothSidesIsAConfigurationError() throws Exception {
        git.commit(priv, "a");
        git.copy(priv, pub, "main");
        Cli.Result result = sync("--branch", "mian");
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.branch(0).path("state").asText()).isEqualTo("BOTH_MISSING");
        assertThat(result.branch(0).path("message").asText()).contains("check its name");
    }

    @Test
    void aDirectionThatForbidsTheUpdateLeavesItPending() throws Exception {
        git.commit(priv, "a");
        git.copy(priv, pub, "main");
        git.commit(priv, "b");
        String before = git.refs(pub);

        Cli.Result result = sync("--direction", "to-private");

        assertThat(result.exit()).isZero();
        assertThat(result.branch(0).path("outcome").asText()).isEqualTo("PENDING");
        assertThat(git.refs(pub)).isEqualTo(before);
    }

    @Test
    void aDryRunAndStatusChangeNothing() throws Exception {
        git.commit(priv, "a");
        git.copy(priv, pub, "main");
        git.commit(priv, "b");
        git.commit(pub, "c");
        String privBefore = git.refs(priv);
        String pubBefore = git.refs(pub);

        Cli.Result dry = sync("--dry-run");
        Cli.Result status = command("status");

        assertThat(dry.exit()).isEqualTo(3);
        assertThat(dry.json().path("dryRun").asBoolean()).isTrue();
        assertThat(status.exit()).isEqualTo(3);
        assertThat(status.branch(0).path("state").asText()).isEqualTo("DIVERGED");
        assertThat(git.refs(priv)).isEqualTo(privBefore);
        assertThat(git.refs(pub)).isEqualTo(pubBefore);
        assertThat(issueFiles()).isEmpty();
    }

    @Test
    void eachBranchIsHandledOnItsOwn() throws Exception {
        git.commit(priv, "a");
        git.copy(priv, pub, "main");
        git.commit(priv, "main", "p.txt", "p", "private only");
        git.commit(pub, "main", "q.txt", "q", "public only");
        String dev = git.commit(priv, "dev", "dev.txt", "dev", "dev work");

        Cli.Result result = sync("--branch", "main", "--branch", "dev");

        assertThat(result.exit()).isEqualTo(3);
        assertThat(result.branch(0).path("state").asText()).isEqualTo("DIVERGED");
        assertThat(result.branch(1).path("state").asText()).isEqualTo("PUBLIC_MISSING");
        assertThat(git.revParse(pub, "refs/heads/dev")).contains(dev);
    }

    @Test
    void humanOutputHasOneLinePerBranch() throws Exception {
        git.commit(priv, "a");
        git.copy(priv, pub, "main");
        git.commit(priv, "b");
        List<String> args = List.of(
                "sync",
                "--private",
                priv.toString(),
                "--public",
                pub.toString(),
                "--cache",
                dir.resolve("cache").toString());
        Cli.Result result = run(args.toArray(String[]::new));
        assertThat(result.exit()).isZero();
        assertThat(result.out().lines()).singleElement().asString().startsWith("main: private ahead by 1: ");
    }
}
