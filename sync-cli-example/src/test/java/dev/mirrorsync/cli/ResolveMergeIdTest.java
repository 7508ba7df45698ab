package dev.mirrorsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.core.BranchReport;
import dev.mirrorsync.core.MirrorPair;
import dev.mirrorsync.core.MirrorSync;
import dev.mirrorsync.core.Outcome;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.ResolveRequest;
import dev.mirrorsync.core.ResolveStrategy;
import dev.mirrorsync.jgit.JGitBackend;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code resolve --dry-run} names the merge commit that the real run pushes: the merge's time comes from its inputs,
 * not from the clock, so the same tips give the same commit.
 *
 * <pre>
 *       x     private
 *      /
 * a - b
 *      \
 *       y     public
 * </pre>
 */
class ResolveMergeIdTest {
    private static final Pattern WOULD_PUSH = Pattern.compile("would push the clean merge ([0-9a-f]{7,})");

    @TempDir
    Path dir;

    private GitRepos git;
    private Path priv;
    private Path pub;

    @BeforeEach
    void diverge() {
        git = new GitRepos(dir);
        priv = git.bare("private");
        pub = git.bare("public");
        git.commit(priv, "a");
        git.commit(priv, "b");
        git.copy(priv, pub, "main");
        git.commit(priv, "main", "x.txt", "x\n", "x");
        git.commit(pub, "main", "y.txt", "y\n", "y");
    }

    @Test
    void theCliDryRunShowsTheIdTheRealRunPushes() {
        String[] resolve = {
            "resolve",
            "--strategy",
            "merge",
            "--private",
            priv.toString(),
            "--public",
            pub.toString(),
            "--cache",
            dir.resolve("cache").toString(),
            "--json"
        };

        Cli.Result dryRun = Cli.run(concat(resolve, "--dry-run"));
        Cli.Result real = Cli.run(resolve);

        assertThat(dryRun.exit()).as(dryRun.toString()).isZero();
        Matcher shown = WOULD_PUSH.matcher(dryRun.branch(0).path("message").asText());
        assertThat(shown.find()).as(dryRun.toString()).isTrue();
        assertThat(real.exit()).as(real.toString()).isZero();
        String pushed = git.revParse(pub, "refs/heads/main").orElseThrow();
        assertThat(pushed).startsWith(shown.group(1));
        assertThat(git.revParse(priv, "refs/heads/main")).contains(pushed);
    }

    /** Fails when the merge takes the clock's time: the two runs see clocks a day apart. */
    @Test
    void theSameTipsGiveTheSameMergeWhateverTheClockSays() {
        MirrorPair pair = MirrorPair.builder()
                .name("cookbook")
                .privateRepo(RepoLocation.of(priv.toString()))
                .publicRepo(RepoLocation.of(pub.toString()))
                .addBranches("main")
                .build();
        ResolveRequest merge = ResolveRequest.of(ResolveStrategy.MERGE);

        BranchReport planned;
        try (JGitBackend backend =
                JGitBackend.builder().cacheDirectory(dir.resolve("cache-a")).build()) {
            MirrorSync mirrorSync = MirrorSync.builder()
                    .gitBackend(backend)
                    .clock(Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC))
                    .build();
            planned = mirrorSync
                    .resolve(
                            pair,
                            ResolveRequest.builder().from(merge).dryRun(true).build())
                    .branches()
                    .get(0);
        }
        BranchReport done;
        try (JGitBackend backend =
                JGitBackend.builder().cacheDirectory(dir.resolve("cache-b")).build()) {
            MirrorSync mirrorSync = MirrorSync.builder()
                    .gitBackend(backend)
                    .clock(Clock.fixed(Instant.parse("2030-01-02T12:34:56Z"), ZoneOffset.UTC))
                    .build();
            done = mirrorSync.resolve(pair, merge).branches().get(0);
        }

        assertThat(done.outcome()).as(done.message()).isEqualTo(Outcome.SYNCED);
        Matcher shown = WOULD_PUSH.matcher(planned.message());
        assertThat(shown.find()).as(planned.message()).isTrue();
        assertThat(done.publicAfter().orElseThrow().hex()).startsWith(shown.group(1));
    }

    private static String[] concat(String[] base, String... extra) {
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }
}
