package dev.mirrorsync.jgit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.CommitInfo;
import dev.mirrorsync.core.CommitList;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.RepoLocation;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ancestry questions on histories made with JGit, fetched over file:// into the cache. */
class HistoryTest {
    @TempDir
    Path temp;

    Repository remote;
    RepoLocation location;
    JGitBackend backend;

    @BeforeEach
    void setUp() {
        remote = JGitRepos.initBare(temp.resolve("remote.git"));
        location = RepoLocation.of(temp.resolve("remote.git").toUri().toString());
        backend = JGitBackend.builder().cacheDirectory(temp.resolve("cache")).build();
    }

    @AfterEach
    void tearDown() {
        backend.close();
        remote.close();
    }

    ObjectId commit(String message, ObjectId... parents) throws IOException {
        return JGitRepos.commit(remote, message, Map.of("f.txt", message), parents);
    }

    /** Publishes the commits as branches b0, b1, … and fetches them all into the cache. */
    void fetch(ObjectId... tips) throws IOException {
        String[] refs = new String[tips.length];
        for (int i = 0; i < tips.length; i++) {
            refs[i] = "refs/heads/b" + i;
            JGitRepos.setRef(remote, refs[i], tips[i]);
        }
        backend.fetch(location, List.of(refs));
    }

    static CommitId id(ObjectId id) {
        return CommitId.of(id.name());
    }

    static List<CommitId> ids(CommitList list) {
        return list.listed().stream().map(CommitInfo::id).toList();
    }

    /*
     *   A - B - M1 - D ---- M2
     *    \     /           /
     *     C1 - C2 ------- E
     */
    @Test
    void ancestryAndOnlyInOnAMergeHeavyHistory() throws IOException {
        ObjectId a = commit("A");
        ObjectId b = commit("B", a);
        ObjectId c1 = commit("C1", a);
        ObjectId c2 = commit("C2", c1);
        ObjectId m1 = commit("M1", b, c2);
        ObjectId d = commit("D", m1);
        ObjectId e = commit("E", c2);
        ObjectId m2 = commit("M2", d, e);
        fetch(m2);

        assertThat(backend.isAncestor(id(c1), id(m2))).isTrue();
        assertThat(backend.isAncestor(id(m2), id(m2))).isTrue();
        assertThat(backend.isAncestor(id(e), id(d))).isFalse();
        assertThat(backend.isAncestor(id(m2), id(a))).isFalse();
        assertThat(backend.mergeBase(id(d), id(e))).contains(id(c2));

        CommitList notInB = backend.commitsOnlyIn(id(m2), List.of(id(b)), 50);
        assertThat(notInB.total()).isEqualTo(6);
        assertThat(ids(notInB)).containsExactly(id(m2), id(e), id(d), id(m1), id(c2), id(c1));

        CommitList notInE = backend.commitsOnlyIn(id(m2), List.of(id(e)), 50);
        assertThat(ids(notInE)).containsExactly(id(m2), id(d), id(m1), id(b));

        CommitList notInEOrB = backend.commitsOnlyIn(id(m2), List.of(id(e), id(b)), 2);
        assertThat(notInEOrB.total()).isEqualTo(3);
        assertThat(ids(notInEOrB)).containsExactly(id(m2), id(d));
        assertThat(notInEOrB.isTruncated()).isTrue();
    }

    /*
     *   A - B - X1 (merges B and C)
     *    \    X
     *     C - X2 (merges C and B)
     */
    @Test
    void aCrissCrossMergeHasAMergeBaseOfEitherSide() throws IOException {
        ObjectId a = commit("A");
        ObjectId b = commit("B", a);
        ObjectId c = commit("C", a);
        ObjectId x1 = commit("X1", b, c);
        ObjectId x2 = commit("X2", c, b);
        fetch(x1, x2);
        assertThat(backend.mergeBase(id(x1), id(x2)))
                .hasValueSatisfying(base -> assertThat(base).isIn(id(b), id(c)));
    }

    /*
     *   A - B      X - Y      (no common root)
     */
    @Test
    void unrelatedHistoriesHaveNoMergeBase() throws IOException {
        ObjectId b = commit("B", commit("A"));
        ObjectId y = commit("Y", commit("X"));
        fetch(b, y);
        assertThat(backend.mergeBase(id(b), id(y))).isEmpty();
        assertThat(backend.isAncestor(id(b), id(y))).isFalse();
        assertThat(backend.isAncestor(id(y), id(b))).isFalse();
        assertThat(backend.commitsOnlyIn(id(y), List.of(id(b)), 10).total()).isEqualTo(2);
    }

    @Test
    void anAncestorThatIsNotLocalIsNoAncestorButAMissingDescendantIsAnError() throws IOException {
        ObjectId a = commit("A");
        fetch(a);
        CommitId unknown = CommitId.of("0123456789abcdef0123456789abcdef01234567");
        assertThat(backend.isAncestor(unknown, id(a))).isFalse();
        assertThatThrownBy(() -> backend.isAncestor(id(a), unknown))
                .isInstanceOfSatisfying(MirrorSyncException.class, e -> {
                    assertThat(e.reason()).isEqualTo(MirrorSyncException.Reason.CACHE);
                    assertThat(e.getMessage()).contains(unknown.abbreviated()).contains("not in the local cache");
                });
        assertThatThrownBy(() -> backend.mergeBase(id(a), unknown)).isInstanceOf(MirrorSyncException.class);
        assertThat(backend.commitsOnlyIn(id(a), List.of(unknown), 5).total()).isEqualTo(1);
    }

    @Test
    void listedCommitsCarryTheFirstLineTheAuthorAndTheAuthorTime() throws IOException {
        ObjectId a = JGitRepos.commit(
                remote, "Fix the parser\r\n\nA longer body\nover lines", "Grace Hopper", Map.of("p.txt", "p"));
        fetch(a);
        CommitInfo info = backend.commitsOnlyIn(id(a), List.of(), 5).listed().get(0);
        assertThat(info.subject()).isEqualTo("Fix the parser");
        assertThat(info.authorName()).isEqualTo("Grace Hopper");
        try (RevWalk walk = new RevWalk(remote)) {
            assertThat(info.authorTime())
                    .isEqualTo(walk.parseCommit(a).getAuthorIdent().getWhenAsInstant());
        }
    }

    @Test
    void aDeepHistoryIsCountedExactlyWhileListingOnlyTheLimit() throws IOException {
        int depth = 2000;
        ObjectId tip = chain(depth);
        fetch(tip);
        CommitList list = backend.commitsOnlyIn(id(tip), List.of(), 10);
        assertThat(list.total()).isEqualTo(depth);
        assertThat(list.listed()).hasSize(10);
        assertThat(list.listed().get(0).id()).isEqualTo(id(tip));
        assertThat(list.listed().get(0).subject()).isEqualTo("commit " + (depth - 1));
        assertThat(backend.commitsOnlyIn(id(tip), List.of(), 0).total()).isEqualTo(depth);
        assertThat(backend.commitsOnlyIn(id(tip), List.of(), 0).listed()).isEmpty();
    }

    private ObjectId chain(int depth) throws IOException {
        try (ObjectInserter inserter = remote.newObjectInserter()) {
            ObjectId tree = inserter.insert(Constants.OBJ_TREE, new byte[0]);
            ObjectId parent = null;
            for (int i = 0; i < depth; i++) {
                PersonIdent who = new PersonIdent(
                        "Deep", "deep@mirror-sync.invalid", Instant.ofEpochSecond(1_000_000L + i), ZoneOffset.UTC);
                CommitBuilder commit = new CommitBuilder();
                commit.setTreeId(tree);
                if (parent != null) {
                    commit.setParentId(parent);
                }
                commit.setAuthor(who);
                commit.setCommitter(who);
                commit.setMessage("commit " + i);
                parent = inserter.insert(commit);
            }
            inserter.flush();
            return parent;
        }
    }
}
