package dev.mirrorsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.core.spi.CrashHook;
import dev.mirrorsync.testing.InMemoryGitBackend;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine passes its {@link CrashHook.Point}s in order, and each point is where its name says: what the remotes
 * hold when the hook hears it is recorded, so a point that moved (say, the watermark point before the push) fails here.
 * The CLI's halt test stops the process at these points; this test proves they are where a crash test needs them.
 */
class CrashHookTest {
    private static final String PRIV = "file:///in-memory/private";
    private static final String PUB = "file:///in-memory/public";
    private static final String MAIN = "refs/heads/main";
    private static final String WATERMARK = SyncStateStores.WATERMARK_REF_PREFIX + "main";

    private InMemoryGitBackend git;
    private MirrorPair pair;
    private final List<String> heard = new ArrayList<>();
    private MirrorSync mirrorSync;

    @BeforeEach
    void setUp() {
        git = new InMemoryGitBackend();
        pair = MirrorPair.builder()
                .name("pair")
                .privateRepo(git.createRemote(PRIV))
                .publicRepo(git.createRemote(PUB))
                .addBranches("main")
                .build();
        CrashHook hook = point -> heard.add(point + " " + state());
        mirrorSync = MirrorSync.builder()
                .gitBackend(git)
                .clock(Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC))
                .retryPolicy(RetryPolicy.noRetries())
                .crashHook(hook)
                .build();
    }

    /** Which refs each side holds now, by the commit message they point at. */
    private String state() {
        List<String> parts = new ArrayList<>();
        for (RepoLocation repo : List.of(pair.privateRepo(), pair.publicRepo())) {
            Map<String, CommitId> refs = git.refs(repo);
            List<String> names = new ArrayList<>();
            refs.forEach((ref, id) -> names.add((ref.startsWith(BackupRefs.PREFIX)
                            ? "backup"
                            : ref.equals(WATERMARK) ? "W" : "main")
                    + "=" + git.object(id).message().strip().lines().findFirst().orElse("")));
            names.sort(null);
            parts.add((repo.equals(pair.privateRepo()) ? "private" : "public") + names);
        }
        return String.join(" ", parts);
    }

    /*
     * a - b     private
     * a         public      (fast-forward public to b)
     */
    @Test
    void aFastForwardPassesListingFetchAndBothWatermarkPoints() {
        git.commit(PRIV, "main", "a");
        git.setRef(PUB, MAIN, git.branch(PRIV, "main"));
        git.commit(PRIV, "main", "b");

        mirrorSync.sync(pair, SyncRequest.defaults());

        assertThat(heard)
                .containsExactly(
                        "AFTER_LISTING private[main=b] public[main=a]",
                        "AFTER_FETCH private[main=b] public[main=a]",
                        "BEFORE_WATERMARK private[main=b] public[main=b]",
                        "AFTER_WATERMARK private[W=b, main=b] public[main=b]");
    }

    /*
     *   x    private        prefer-private: back up y on public, then set public to x
     *  /
     * a
     *  \
     *   y    public
     */
    @Test
    void anOverwritePassesTheBackupPointBeforeTheBranchMoves() {
        diverge();

        mirrorSync.sync(
                pair,
                SyncRequest.builder()
                        .divergencePolicy(DivergencePolicy.PREFER_PRIVATE)
                        .build());

        assertThat(heard)
                .containsExactly(
                        "AFTER_LISTING private[main=x] public[main=y]",
                        "AFTER_FETCH private[main=x] public[main=y]",
                        "AFTER_BACKUP_REF private[main=x] public[backup=y, main=y]",
                        "BEFORE_WATERMARK private[main=x] public[backup=y, main=x]",
                        "AFTER_WATERMARK private[W=x, main=x] public[backup=y, main=x]");
    }

    /* The same divergence resolved by a merge m: private gets m first, then public. */
    @Test
    void aMergePassesTheBetweenPushesPointWithOnlyPrivateMoved() {
        diverge();

        mirrorSync.resolve(
                pair, ResolveRequest.builder().strategy(ResolveStrategy.MERGE).build());

        assertThat(heard).hasSize(5);
        assertThat(heard.get(2)).matches("BETWEEN_PUSHES private\\[main=Merge private main .*\\] public\\[main=y\\]");
        assertThat(heard.get(3)).startsWith("BEFORE_WATERMARK").contains("public[main=Merge private main");
        assertThat(heard.get(4)).startsWith("AFTER_WATERMARK private[W=Merge private main");
    }

    /* Nothing differs: listed, nothing fetched, nothing written, and the hook hears only the listing. */
    @Test
    void anInSyncBranchWithItsWatermarkPassesOnlyTheListing() {
        git.commit(PRIV, "main", "a");
        git.setRef(PUB, MAIN, git.branch(PRIV, "main"));
        git.setRef(PRIV, WATERMARK, git.branch(PRIV, "main"));

        mirrorSync.sync(pair, SyncRequest.defaults());

        assertThat(heard).containsExactly("AFTER_LISTING private[W=a, main=a] public[main=a]");
    }

    private void diverge() {
        CommitId a = git.commit(PRIV, "main", "a");
        git.setRef(PUB, MAIN, Optional.of(a));
        git.commit(PRIV, "main", "x", Map.of("private.txt", "x\n"));
        git.commit(PUB, "main", "y", Map.of("public.txt", "y\n"));
    }
}
