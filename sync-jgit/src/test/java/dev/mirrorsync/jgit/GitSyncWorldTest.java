package dev.mirrorsync.jgit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.MirrorPair;
import dev.mirrorsync.core.Side;
import dev.mirrorsync.core.spi.PushResult;
import dev.mirrorsync.core.spi.RefUpdate;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The property tests' oracle checked against git itself: what {@link GitSyncWorld} reports about its two bare
 * repositories is what {@code git} says about them.
 */
class GitSyncWorldTest {
    private static final String MAIN = "refs/heads/main";

    @TempDir
    Path temp;

    private GitSyncWorld world;
    private MirrorPair pair;

    @BeforeEach
    void createWorld() {
        world = GitSyncWorld.overFiles(temp.resolve("world"));
        pair = world.createPair("oracle", List.of("main"), Optional.empty(), Optional.empty());
    }

    @AfterEach
    void closeWorld() {
        world.close();
    }

    private Path bare(Side side) {
        return Path.of(URI.create(pair.repo(side).url()));
    }

    /*
     *   private:  a - b
     *   public:       b - c     c is made on public on top of b, which was made on private
     */
    @Test
    void aCommitOnTopOfTheOtherSidesCommitCopiesItsHistoryAndKeepsTheParentsFiles() {
        CommitId a = world.commit(Side.PRIVATE, List.of(), "a", "Ada");
        CommitId b = world.commit(Side.PRIVATE, List.of(a), "b", "Ada");
        CommitId c = world.commit(Side.PUBLIC, List.of(b), "c", "Bob");

        assertThat(GitCli.git(bare(Side.PUBLIC), "rev-list", c.hex()))
                .isEqualTo(c.hex() + "\n" + b.hex() + "\n" + a.hex());
        assertThat(GitCli.git(bare(Side.PUBLIC), "ls-tree", "--name-only", c.hex())
                        .lines())
                .containsExactly("file-1.txt", "file-2.txt", "file-3.txt");
        assertThat(GitCli.git(bare(Side.PUBLIC), "log", "-1", "--format=%an|%s", c.hex()))
                .isEqualTo("Bob|c");
        assertThat(GitCli.run(bare(Side.PRIVATE), null, "cat-file", "-e", c.hex())
                        .exit())
                .as("c was made on public only")
                .isNotZero();
    }

    @Test
    void refsAreWhatGitListsAndNoScratchRefIsLeft() {
        CommitId a = world.commit(Side.PRIVATE, List.of(), "a", "Ada");
        world.setRef(Side.PRIVATE, MAIN, Optional.of(a));
        world.setRef(Side.PUBLIC, "refs/mirror-sync/backup/main/1", Optional.of(a));

        assertThat(world.refs(Side.PRIVATE)).containsExactly(Map.entry(MAIN, a));
        assertThat(GitCli.git(bare(Side.PRIVATE), "for-each-ref", "--format=%(refname) %(objectname)"))
                .isEqualTo(MAIN + " " + a.hex());
        assertThat(world.refs(Side.PUBLIC)).containsOnlyKeys("refs/mirror-sync/backup/main/1");

        world.setRef(Side.PRIVATE, MAIN, Optional.empty());
        assertThat(world.refs(Side.PRIVATE)).isEmpty();
        assertThat(GitCli.revParse(bare(Side.PRIVATE), MAIN)).isEmpty();
    }

    /*
     *   a - b - m      m merges s into b; main is forced back from m to a
     *    \     /
     *     s --
     */
    @Test
    void reachabilityAndFirstParentsAreGitsAnswers() {
        CommitId a = world.commit(Side.PRIVATE, List.of(), "a", "Ada");
        CommitId b = world.commit(Side.PRIVATE, List.of(a), "b", "Ada");
        CommitId s = world.commit(Side.PRIVATE, List.of(a), "s", "Ada");
        CommitId m = world.commit(Side.PRIVATE, List.of(b, s), "m", "Ada");
        world.setRef(Side.PRIVATE, MAIN, Optional.of(m));

        assertThat(world.reachable(Side.PRIVATE, List.of(m))).containsExactlyInAnyOrder(a, b, s, m);
        assertThat(world.firstParent(m)).contains(b);
        assertThat(world.firstParent(a)).isEmpty();

        world.setRef(Side.PRIVATE, MAIN, Optional.of(a));
        assertThat(world.reachable(
                        Side.PRIVATE, List.of(world.branch(Side.PRIVATE, "main").orElseThrow())))
                .containsExactly(a);
    }

    @Test
    void aPushByTheEngineIsSeenAtOnce() {
        CommitId a = world.commitOn(Side.PRIVATE, "main", "a", "Ada");
        assertThat(world.refs(Side.PUBLIC)).isEmpty();
        world.backend().fetch(pair.privateRepo(), List.of(MAIN));

        PushResult pushed = world.backend().push(pair.publicRepo(), RefUpdate.create(MAIN, a));

        assertThat(pushed.status()).isEqualTo(PushResult.Status.OK);
        assertThat(world.branch(Side.PUBLIC, "main")).contains(a);
    }

    @Test
    void theSameStepsMakeTheSameCommitIdsInAnotherWorld() {
        CommitId first = world.commitOn(Side.PRIVATE, "main", "a", "Ada");
        try (GitSyncWorld other = GitSyncWorld.overFiles(temp.resolve("other"))) {
            other.createPair("oracle", List.of("main"), Optional.empty(), Optional.empty());
            assertThat(other.commitOn(Side.PRIVATE, "main", "a", "Ada")).isEqualTo(first);
        }
    }
}
