package dev.mirrorsync.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.CommitInfo;
import dev.mirrorsync.core.CommitList;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.spi.GitBackend;
import dev.mirrorsync.core.spi.MergeRequest;
import dev.mirrorsync.core.spi.MergeResult;
import dev.mirrorsync.core.spi.PushResult;
import dev.mirrorsync.core.spi.RefUpdate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link GitBackend} must do, as tests. An adapter's test class extends this and supplies a
 * backend and a way to make remote repositories and commits that does not go through the backend
 * ({@link Remotes}), so that the backend is checked against an independent view of the remotes.
 */
public abstract class GitBackendContract {

    /** Makes and inspects remote repositories behind the backend's back. */
    protected interface Remotes {
        /** A new, empty repository. */
        RepoLocation create(String name);

        /** A location where no repository exists. */
        RepoLocation missing();

        /**
         * A new commit on {@code branch} (a root commit when the branch does not exist), changing the given files
         * ({@code null} content deletes), made as another client would, directly on the remote.
         */
        CommitId commit(RepoLocation repo, String branch, String message, Map<String, String> files);

        /** The branch's value as the remote has it now. */
        Optional<CommitId> branch(RepoLocation repo, String branch);
    }

    private static final String MAIN = "refs/heads/main";

    private GitBackend backend;
    private Remotes remotes;

    /** A fresh backend with an empty cache. */
    protected abstract GitBackend newBackend() throws Exception;

    protected abstract Remotes remotes() throws Exception;

    /** Whether the backend implements {@link GitBackend#merge}. */
    protected boolean supportsMerge() {
        return true;
    }

    @BeforeEach
    void setUpContract() throws Exception {
        backend = newBackend();
        remotes = remotes();
    }

    private CommitId commit(RepoLocation repo, String message) {
        return remotes.commit(repo, "main", message, Map.of(message.replace(' ', '-') + ".txt", message + "\n"));
    }

    @Test
    void anEmptyRepositoryListsNoRefs() {
        RepoLocation repo = remotes.create("empty");
        assertThat(backend.listRefs(repo, List.of(MAIN))).isEmpty();
    }

    @Test
    void listsOnlyTheRefsThatExist() {
        RepoLocation repo = remotes.create("one");
        CommitId tip = commit(repo, "first");
        assertThat(backend.listRefs(repo, List.of(MAIN, "refs/heads/missing"))).containsExactly(Map.entry(MAIN, tip));
    }

    @Test
    void aMissingRepositoryIsNotFound() {
        assertThatThrownBy(() -> backend.listRefs(remotes.missing(), List.of(MAIN)))
                .isInstanceOfSatisfying(
                        MirrorSyncException.class,
                        e -> assertThat(e.reason()).isEqualTo(MirrorSyncException.Reason.NOT_FOUND));
    }

    /*
     * a - b - c   main
     */
    @Test
    void answersAncestryAfterFetching() {
        RepoLocation repo = remotes.create("line");
        CommitId a = commit(repo, "a");
        CommitId b = commit(repo, "b");
        CommitId c = commit(repo, "c");
        backend.fetch(repo, List.of(MAIN));
        assertThat(backend.isAncestor(a, c)).isTrue();
        assertThat(backend.isAncestor(b, c)).isTrue();
        assertThat(backend.isAncestor(c, c)).isTrue();
        assertThat(backend.isAncestor(c, a)).isFalse();
        assertThat(backend.mergeBase(a, c)).contains(a);
    }

    /*
     * a - b      main when listed
     *       \
     *        c   lands after the listing
     */
    @Test
    void fetchesTheRefsAListingGave() {
        RepoLocation repo = remotes.create("listed");
        RepoLocation other = remotes.create("listed-other");
        CommitId a = commit(repo, "a");
        CommitId b = commit(repo, "b");
        Map<String, CommitId> listed = backend.listRefs(repo, List.of(MAIN, "refs/heads/absent"));
        assertThat(listed).containsExactly(Map.entry(MAIN, b));
        commit(repo, "c");

        backend.fetchListed(repo, listed);

        assertThat(backend.isAncestor(a, b)).isTrue();
        assertThat(backend.commitsOnlyIn(b, List.of(a), 10).total()).isEqualTo(1);
        assertThat(backend.push(other, RefUpdate.create(MAIN, b)).status()).isEqualTo(PushResult.Status.OK);
        assertThat(remotes.branch(other, "main")).contains(b);
    }

    @Test
    void anUnknownAncestorIsNoAncestor() {
        RepoLocation repo = remotes.create("unknown");
        CommitId a = commit(repo, "a");
        backend.fetch(repo, List.of(MAIN));
        RepoLocation other = remotes.create("other");
        CommitId elsewhere = commit(other, "elsewhere");
        assertThat(backend.isAncestor(elsewhere, a)).isFalse();
    }

    /*
     *        x - y     private main
     *       /
     * a - b
     *       \
     *        z         public main
     */
    @Test
    void findsTheMergeBaseAndTheCommitsOnlyOnEachSide() {
        RepoLocation priv = remotes.create("private");
        RepoLocation pub = remotes.create("public");
        commit(priv, "a");
        CommitId b = commit(priv, "b");
        backend.fetch(priv, List.of(MAIN));
        assertThat(backend.push(pub, RefUpdate.create(MAIN, b)).status()).isEqualTo(PushResult.Status.OK);
        CommitId x = commit(priv, "x");
        CommitId y = commit(priv, "y");
        CommitId z = commit(pub, "z");
        backend.fetch(priv, List.of(MAIN));
        backend.fetch(pub, List.of(MAIN));

        assertThat(backend.mergeBase(y, z)).contains(b);
        assertThat(backend.isAncestor(z, y)).isFalse();
        CommitList onlyPrivate = backend.commitsOnlyIn(y, List.of(z), 10);
        assertThat(onlyPrivate.total()).isEqualTo(2);
        assertThat(onlyPrivate.listed()).extracting(CommitInfo::id).containsExactly(y, x);
        assertThat(onlyPrivate.listed().get(0).subject()).isEqualTo("y");
        CommitList onlyPublic = backend.commitsOnlyIn(z, List.of(y), 10);
        assertThat(onlyPublic.listed()).extracting(CommitInfo::id).containsExactly(z);
    }

    @Test
    void capsTheListedCommitsButCountsThemAll() {
        RepoLocation repo = remotes.create("deep");
        CommitId tip = null;
        for (int i = 0; i < 30; i++) {
            tip = commit(repo, "c" + i);
        }
        backend.fetch(repo, List.of(MAIN));
        CommitList list = backend.commitsOnlyIn(tip, List.of(), 5);
        assertThat(list.total()).isEqualTo(30);
        assertThat(list.listed()).hasSize(5).first().extracting(CommitInfo::id).isEqualTo(tip);
        assertThat(list.isTruncated()).isTrue();
    }

    /**
     * Counting stops at a cap: 30 commits capped at 12 say "12+"; at 30 or more the count is exact. The newest commits
     * are still listed.
     */
    @Test
    void countsOnlyUpToACapAndSaysSo() {
        RepoLocation repo = remotes.create("deeper");
        CommitId tip = null;
        CommitId tenth = null;
        for (int i = 0; i < 30; i++) {
            tip = commit(repo, "c" + i);
            if (i == 19) {
                tenth = tip;
            }
        }
        backend.fetch(repo, List.of(MAIN));

        CommitList capped = backend.commitsOnlyIn(tip, List.of(), 5, 12);
        assertThat(capped.total()).isEqualTo(12);
        assertThat(capped.totalIsLowerBound()).isTrue();
        assertThat(capped.totalText()).isEqualTo("12+");
        assertThat(capped.listed())
                .hasSize(5)
                .first()
                .extracting(CommitInfo::id)
                .isEqualTo(tip);

        CommitList exactAtTheCap = backend.commitsOnlyIn(tip, List.of(), 5, 30);
        assertThat(exactAtTheCap.total()).isEqualTo(30);
        assertThat(exactAtTheCap.totalIsLowerBound()).isFalse();
        assertThat(exactAtTheCap.totalText()).isEqualTo("30");

        CommitList excluded = backend.commitsOnlyIn(tip, List.of(tenth), 5, 12);
        assertThat(excluded.total()).isEqualTo(10);
        assertThat(excluded.totalIsLowerBound()).isFalse();
    }

    @Test
    void unrelatedHistoriesHaveNoMergeBase() {
        RepoLocation one = remotes.create("one");
        RepoLocation two = remotes.create("two");
        CommitId a = commit(one, "a");
        CommitId b = commit(two, "b");
        backend.fetch(one, List.of(MAIN));
        backend.fetch(two, List.of(MAIN));
        assertThat(backend.mergeBase(a, b)).isEmpty();
    }

    @Test
    void createsARefOnlyWhenItDoesNotExist() {
        RepoLocation from = remotes.create("from");
        RepoLocation to = remotes.create("to");
        CommitId a = commit(from, "a");
        backend.fetch(from, List.of(MAIN));
        assertThat(backend.push(to, RefUpdate.create(MAIN, a)).status()).isEqualTo(PushResult.Status.OK);
        assertThat(remotes.branch(to, "main")).contains(a);

        CommitId other = commit(to, "someone else");
        PushResult second = backend.push(to, RefUpdate.create(MAIN, a));
        assertThat(second.isSuccess()).isFalse();
        assertThat(remotes.branch(to, "main")).contains(other);
    }

    @Test
    void fastForwardsWithAValidLease() {
        RepoLocation from = remotes.create("from");
        RepoLocation to = remotes.create("to");
        CommitId a = commit(from, "a");
        backend.fetch(from, List.of(MAIN));
        backend.push(to, RefUpdate.create(MAIN, a));
        CommitId b = commit(from, "b");
        backend.fetch(from, List.of(MAIN));
        assertThat(backend.push(to, RefUpdate.fastForward(MAIN, a, b)).status()).isEqualTo(PushResult.Status.OK);
        assertThat(remotes.branch(to, "main")).contains(b);
    }

    /*
     * a - b        ours, pushed with the lease "a"
     *   \
     *    c         pushed by someone else first
     */
    @Test
    void aStaleLeaseIsRejectedAndTheOtherCommitSurvives() {
        RepoLocation from = remotes.create("from");
        RepoLocation to = remotes.create("to");
        CommitId a = commit(from, "a");
        backend.fetch(from, List.of(MAIN));
        backend.push(to, RefUpdate.create(MAIN, a));
        CommitId b = commit(from, "b");
        backend.fetch(from, List.of(MAIN));
        CommitId c = commit(to, "c");

        PushResult result = backend.push(to, RefUpdate.overwrite(MAIN, a, b));
        assertThat(result.status()).isEqualTo(PushResult.Status.REJECTED_STALE_LEASE);
        assertThat(remotes.branch(to, "main")).contains(c);
    }

    @Test
    void refusesANonFastForwardWhenOneIsRequired() {
        RepoLocation from = remotes.create("from");
        RepoLocation to = remotes.create("to");
        CommitId a = commit(from, "a");
        backend.fetch(from, List.of(MAIN));
        backend.push(to, RefUpdate.create(MAIN, a));
        CommitId c = commit(to, "c");
        backend.fetch(to, List.of(MAIN));
        CommitId b = commit(from, "b");
        backend.fetch(from, List.of(MAIN));

        PushResult refused = backend.push(to, RefUpdate.fastForward(MAIN, c, b));
        assertThat(refused.status()).isEqualTo(PushResult.Status.REJECTED_NON_FAST_FORWARD);
        assertThat(remotes.branch(to, "main")).contains(c);

        PushResult overwritten = backend.push(to, RefUpdate.overwrite(MAIN, c, b));
        assertThat(overwritten.status()).isEqualTo(PushResult.Status.OK);
        assertThat(remotes.branch(to, "main")).contains(b);
    }

    /*
     * to: main = c (someone else's)        one push: create one = a, main a -> b (stale lease), create two = b
     */
    @Test
    void onePushOfSeveralRefsGivesEachItsOwnResult() {
        RepoLocation from = remotes.create("from");
        RepoLocation to = remotes.create("to");
        CommitId a = commit(from, "a");
        CommitId b = commit(from, "b");
        backend.fetch(from, List.of(MAIN));
        CommitId c = commit(to, "c");

        List<PushResult> results = backend.push(
                to,
                List.of(
                        RefUpdate.create("refs/heads/one", a),
                        RefUpdate.overwrite(MAIN, a, b),
                        RefUpdate.create("refs/heads/two", b)));

        assertThat(results)
                .extracting(PushResult::status)
                .containsExactly(PushResult.Status.OK, PushResult.Status.REJECTED_STALE_LEASE, PushResult.Status.OK);
        assertThat(remotes.branch(to, "one")).contains(a);
        assertThat(remotes.branch(to, "main")).contains(c);
        assertThat(remotes.branch(to, "two")).contains(b);
    }

    /** Listing by prefix is optional; a backend without it says so with UNSUPPORTED, and lists by name as before. */
    @Test
    void listsEveryRefUnderAPrefixInTheSameAdvertisementAsTheNamedOnes() {
        RepoLocation repo = remotes.create("many");
        CommitId a = commit(repo, "a");
        CommitId r = remotes.commit(repo, "release/1", "r", Map.of("r.txt", "r\n"));
        remotes.commit(repo, "other", "o", Map.of("o.txt", "o\n"));
        Map<String, CommitId> listed;
        try {
            listed = backend.listRefs(repo, List.of(MAIN, "refs/heads/missing"), List.of("refs/heads/release/"));
        } catch (MirrorSyncException e) {
            assertThat(e.reason()).isEqualTo(MirrorSyncException.Reason.UNSUPPORTED);
            assertThat(e.getMessage()).contains("prefix");
            return;
        }
        assertThat(listed).containsExactlyInAnyOrderEntriesOf(Map.of(MAIN, a, "refs/heads/release/1", r));
    }

    @Test
    void pushingTheValueARefAlreadyHasIsUpToDate() {
        RepoLocation from = remotes.create("from");
        RepoLocation to = remotes.create("to");
        CommitId a = commit(from, "a");
        backend.fetch(from, List.of(MAIN));
        backend.push(to, RefUpdate.create(MAIN, a));
        assertThat(backend.push(to, RefUpdate.fastForward(MAIN, a, a)).status())
                .isEqualTo(PushResult.Status.UP_TO_DATE);
    }

    /*
     *   l (left.txt changed)
     *  /               \
     * b                 m
     *  \               /
     *   r (right.txt changed)
     */
    @Test
    void mergesCleanChangesInMemory() {
        if (!supportsMerge()) {
            assertThatThrownBy(() -> backend.merge(null, null, null)).isInstanceOf(MirrorSyncException.class);
            return;
        }
        RepoLocation left = remotes.create("left");
        RepoLocation right = remotes.create("right");
        CommitId base = remotes.commit(left, "main", "base", Map.of("left.txt", "0\n", "right.txt", "0\n"));
        backend.fetch(left, List.of(MAIN));
        backend.push(right, RefUpdate.create(MAIN, base));
        CommitId l = remotes.commit(left, "main", "left", Map.of("left.txt", "1\n"));
        CommitId r = remotes.commit(right, "main", "right", Map.of("right.txt", "1\n"));
        backend.fetch(left, List.of(MAIN));
        backend.fetch(right, List.of(MAIN));

        MergeResult result = backend.merge(l, r, mergeRequest());
        assertThat(result.isClean()).isTrue();
        CommitId merge = result.mergeCommit().orElseThrow();
        assertThat(backend.isAncestor(l, merge)).isTrue();
        assertThat(backend.isAncestor(r, merge)).isTrue();
        assertThat(backend.push(left, RefUpdate.fastForward(MAIN, l, merge)).status())
                .isEqualTo(PushResult.Status.OK);
    }

    @Test
    void reportsConflictingPaths() {
        if (!supportsMerge()) {
            return;
        }
        RepoLocation left = remotes.create("left");
        RepoLocation right = remotes.create("right");
        CommitId base = remotes.commit(left, "main", "base", Map.of("same.txt", "0\n"));
        backend.fetch(left, List.of(MAIN));
        backend.push(right, RefUpdate.create(MAIN, base));
        CommitId l = remotes.commit(left, "main", "left", Map.of("same.txt", "left\n"));
        CommitId r = remotes.commit(right, "main", "right", Map.of("same.txt", "right\n"));
        backend.fetch(left, List.of(MAIN));
        backend.fetch(right, List.of(MAIN));

        MergeResult result = backend.merge(l, r, mergeRequest());
        assertThat(result.isClean()).isFalse();
        assertThat(result.conflictingPaths()).containsExactly("same.txt");
    }

    private static MergeRequest mergeRequest() {
        return MergeRequest.builder()
                .message("Merge for the contract test")
                .authorName("mirror-sync")
                .authorEmail("mirror-sync@users.noreply.github.com")
                .time(Instant.parse("2026-01-01T00:00:00Z"))
                .build();
    }
}
