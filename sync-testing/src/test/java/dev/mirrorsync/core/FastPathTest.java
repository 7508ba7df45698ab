package dev.mirrorsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.testing.InMemoryGitBackend;
import dev.mirrorsync.testing.InMemoryGitBackend.Operation;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A run over a pair where nothing changed costs one ref advertisement per side, whatever the number of branches. */
class FastPathTest {
    private static final String PRIV = "file:///in-memory/private";
    private static final String PUB = "file:///in-memory/public";

    private InMemoryGitBackend git;
    private MirrorPair pair;

    @BeforeEach
    void setUp() {
        git = new InMemoryGitBackend();
        pair = MirrorPair.builder()
                .name("pair")
                .privateRepo(git.createRemote(PRIV))
                .publicRepo(git.createRemote(PUB))
                .addBranches("main", "dev", "release/1.x")
                .build();
        for (String branch : pair.branches()) {
            CommitId tip = git.commit(PRIV, branch, "work on " + branch);
            git.setRef(PUB, "refs/heads/" + branch, Optional.of(tip));
        }
    }

    @Test
    void nothingChangedCostsTwoAdvertisementsWithTheDefaultRefStore() {
        MirrorSync mirrorSync = MirrorSync.builder()
                .gitBackend(git)
                .retryPolicy(RetryPolicy.noRetries())
                .build();
        SyncReport first = mirrorSync.sync(pair, SyncRequest.defaults());
        assertThat(first.branches()).allSatisfy(b -> assertThat(b.state()).contains(SyncState.IN_SYNC));
        assertThat(git.ref(PRIV, "refs/mirror-sync/synced/dev")).isPresent();
        int lists = git.calls(Operation.LIST_REFS);
        int fetches = git.calls(Operation.FETCH);
        int pushes = git.pushes().size();

        SyncReport second = mirrorSync.sync(pair, SyncRequest.defaults());

        assertThat(second.branches()).allSatisfy(b -> {
            assertThat(b.outcome()).isEqualTo(Outcome.UP_TO_DATE);
            assertThat(b.watermark()).isEqualTo(b.privateBefore());
        });
        assertThat(git.calls(Operation.LIST_REFS) - lists).isEqualTo(2);
        assertThat(git.calls(Operation.FETCH) - fetches).isZero();
        assertThat(git.pushes()).hasSize(pushes);
    }

    @Test
    void manyChangedBranchesAreFetchedInOneRequestPerSide() {
        MirrorSync mirrorSync = MirrorSync.builder()
                .gitBackend(git)
                .retryPolicy(RetryPolicy.noRetries())
                .build();
        mirrorSync.sync(pair, SyncRequest.defaults());
        for (String branch : pair.branches()) {
            git.commit(PRIV, branch, "more on " + branch);
        }
        int fetches = git.calls(Operation.FETCH);

        SyncReport report = mirrorSync.sync(pair, SyncRequest.defaults());

        assertThat(report.branches()).allSatisfy(b -> assertThat(b.outcome()).isEqualTo(Outcome.SYNCED));
        assertThat(git.calls(Operation.FETCH) - fetches)
                .as("one batched fetch per side")
                .isEqualTo(2);
    }

    @Test
    void aStoreThatKeepsStateElsewhereIsReadByItself() {
        MirrorSync mirrorSync = MirrorSync.builder()
                .gitBackend(git)
                .stateStore(SyncStateStores.none())
                .retryPolicy(RetryPolicy.noRetries())
                .build();
        int lists = git.calls(Operation.LIST_REFS);
        mirrorSync.sync(pair, SyncRequest.defaults());
        assertThat(git.calls(Operation.LIST_REFS) - lists).isEqualTo(2);
        assertThat(git.ref(PRIV, "refs/mirror-sync/synced/main")).isEmpty();
    }
}
