package dev.mirrorsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.testing.InMemoryGitBackend;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Creating a branch on the other side reports the commits it brings, counted only up to a cap: a history deeper than
 * {@link BranchObserver#COUNTED_COMMITS} says "10000+", and the sync still creates the branch.
 *
 * <pre>
 *   c0 - c1 - ... - c10000   private main (10,001 commits)      public: no main
 * </pre>
 */
class CappedCountTest {
    private static final String PRIV = "file:///in-memory/private";
    private static final String PUB = "file:///in-memory/public";

    @Test
    void aBranchMissingOnOneSideIsCountedUpToTheCap() {
        InMemoryGitBackend git = new InMemoryGitBackend();
        MirrorPair pair = MirrorPair.builder()
                .name("pair")
                .privateRepo(git.createRemote(PRIV))
                .publicRepo(git.createRemote(PUB))
                .addBranches("main")
                .build();
        CommitId tip = git.createCommit(List.of(), "c0", Map.of("f", "0"));
        for (int i = 1; i <= BranchObserver.COUNTED_COMMITS; i++) {
            tip = git.createCommit(List.of(tip), "c" + i, Map.of());
        }
        git.setRef(PRIV, "refs/heads/main", java.util.Optional.of(tip));

        SyncReport report = MirrorSync.builder()
                .gitBackend(git)
                .retryPolicy(RetryPolicy.noRetries())
                .build()
                .sync(pair, SyncRequest.defaults());

        BranchReport main = report.branches().get(0);
        assertThat(main.state()).contains(SyncState.PUBLIC_MISSING);
        assertThat(main.outcome()).isEqualTo(Outcome.SYNCED);
        assertThat(main.onlyOnPrivate().total()).isEqualTo(BranchObserver.COUNTED_COMMITS);
        assertThat(main.onlyOnPrivate().totalIsLowerBound()).isTrue();
        assertThat(main.onlyOnPrivate().totalText()).isEqualTo("10000+");
        assertThat(main.onlyOnPrivate().listed()).hasSize(BranchObserver.LISTED_COMMITS);
        assertThat(git.branch(PUB, "main")).contains(tip);
    }
}
