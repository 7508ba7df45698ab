package dev.mirrorsync.jgit;

import static dev.mirrorsync.jgit.GitCli.commitOn;
import static dev.mirrorsync.jgit.GitCli.git;
import static dev.mirrorsync.jgit.GitCli.revParse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.spi.PushResult;
import dev.mirrorsync.core.spi.RefUpdate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every transport must do the same way: listing, fetching and leased pushing against bare repositories made
 * by C git. Subclasses say where the repositories are served from (a file URL, a path, an HTTP server).
 */
abstract class AbstractRemoteTest {
    private static final AtomicInteger NAMES = new AtomicInteger();
    static final String MAIN = "refs/heads/main";

    @TempDir
    Path cacheDir;

    JGitBackend backend;

    /** The folder the transport serves repositories from. */
    abstract Path root();

    /** The location of the repository {@code name} under {@link #root()}, with working credentials. */
    abstract RepoLocation location(String name);

    @BeforeEach
    void openBackend() {
        backend =
                JGitBackend.builder().cacheDirectory(cacheDir.resolve("cache")).build();
    }

    @AfterEach
    void closeBackend() {
        backend.close();
    }

    /** A new bare repository made by {@code git init --bare -b main}, and its name. */
    String newRepo() {
        String name = "repo" + NAMES.incrementAndGet() + ".git";
        GitCli.initBare(root().resolve(name));
        return name;
    }

    Path bare(String name) {
        return root().resolve(name);
    }

    static CommitId id(String hex) {
        return CommitId.of(hex);
    }

    @Test
    void listRefsReportsBranchesThatExistAndOmitsMissingOnes() {
        String name = newRepo();
        String tip = commitOn(bare(name), "main", "one");
        Map<String, CommitId> refs = backend.listRefs(location(name), List.of(MAIN, "refs/heads/no-such-branch"));
        assertThat(refs).containsExactly(Map.entry(MAIN, id(tip)));
    }

    @Test
    void anEmptyRepositoryHasNoRefs() {
        String name = newRepo();
        assertThat(backend.listRefs(location(name), List.of(MAIN))).isEmpty();
    }

    @Test
    void listingRefsFetchesNoObjects() throws IOException {
        String name = newRepo();
        String tip = commitOn(bare(name), "main", "one");
        long before = objectFiles();
        backend.listRefs(location(name), List.of(MAIN));
        assertThat(objectFiles()).isEqualTo(before);
        assertThatThrownBy(() -> backend.isAncestor(id(tip), id(tip)))
                .isInstanceOf(MirrorSyncException.class)
                .hasMessageContaining("not in the local cache");
    }

    @Test
    void aMissingRepositoryIsNotFound() {
        RepoLocation missing = location("no-such-repo.git");
        assertThatThrownBy(() -> backend.listRefs(missing, List.of(MAIN)))
                .isInstanceOfSatisfying(MirrorSyncException.class, e -> {
                    assertThat(e.reason()).isEqualTo(MirrorSyncException.Reason.NOT_FOUND);
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.getMessage()).contains(missing.url()).contains("check the URL");
                });
    }

    @Test
    void fetchBringsOnlyTheNamedRefsAndSkipsMissingOnes() {
        String name = newRepo();
        String main = commitOn(bare(name), "main", "on main");
        String other = commitOn(bare(name), "other", "on other");
        backend.fetch(location(name), List.of(MAIN, "refs/heads/missing"));
        assertThat(backend.isAncestor(id(main), id(main))).isTrue();
        assertThatThrownBy(() -> backend.isAncestor(id(main), id(other)))
                .isInstanceOfSatisfying(
                        MirrorSyncException.class,
                        e -> assertThat(e.reason()).isEqualTo(MirrorSyncException.Reason.CACHE));
    }

    @Test
    void fetchingWhatIsAlreadyLocalTransfersNothing() throws IOException {
        String name = newRepo();
        commitOn(bare(name), "main", "one");
        String tip = commitOn(bare(name), "main", "two");
        long empty = objectFiles();
        backend.fetch(location(name), List.of(MAIN));
        long afterFirst = objectFiles();
        assertThat(afterFirst).isGreaterThan(empty);
        backend.fetch(location(name), List.of(MAIN));
        assertThat(objectFiles()).isEqualTo(afterFirst);
        assertThat(backend.isAncestor(id(tip), id(tip))).isTrue();
    }

    @Test
    void fetchAfterNewCommitsBringsOnlyTheNewOnesAndAnswersAncestry() {
        String name = newRepo();
        String first = commitOn(bare(name), "main", "one");
        backend.fetch(location(name), List.of(MAIN));
        String second = commitOn(bare(name), "main", "two");
        backend.fetch(location(name), List.of(MAIN));
        assertThat(backend.isAncestor(id(first), id(second))).isTrue();
        assertThat(backend.isAncestor(id(second), id(first))).isFalse();
    }

    @Test
    void pushCreatesAndFastForwardsWithLeases() {
        String source = newRepo();
        String target = newRepo();
        String first = commitOn(bare(source), "main", "one");
        String second = commitOn(bare(source), "main", "two");
        backend.fetch(location(source), List.of(MAIN));

        PushResult created = backend.push(location(target), RefUpdate.create(MAIN, id(first)));
        assertThat(created.status()).isEqualTo(PushResult.Status.OK);
        assertThat(revParse(bare(target), MAIN)).isEqualTo(first);

        PushResult forwarded = backend.push(location(target), RefUpdate.fastForward(MAIN, id(first), id(second)));
        assertThat(forwarded.status()).isEqualTo(PushResult.Status.OK);
        assertThat(revParse(bare(target), MAIN)).isEqualTo(second);

        PushResult again = backend.push(location(target), RefUpdate.fastForward(MAIN, id(first), id(second)));
        assertThat(again.status()).isEqualTo(PushResult.Status.UP_TO_DATE);
    }

    @Test
    void creatingARefThatAlreadyExistsIsAStaleLease() {
        String name = newRepo();
        String theirs = commitOn(bare(name), "main", "theirs");
        String source = newRepo();
        String ours = commitOn(bare(source), "main", "ours");
        backend.fetch(location(source), List.of(MAIN));

        PushResult result = backend.push(location(name), RefUpdate.create(MAIN, id(ours)));

        assertThat(result.status()).isEqualTo(PushResult.Status.REJECTED_STALE_LEASE);
        assertThat(revParse(bare(name), MAIN)).isEqualTo(theirs);
    }

    /*
     *   observed:  A          we observe main = A, plan A -> B
     *   meanwhile: A - C      another client pushes C before our push connects
     *   ours:      A - B      our push, leased on A, must fail and C must survive
     */
    @Test
    void aStaleLeaseIsRejectedAndTheOtherClientsCommitSurvives() {
        String name = newRepo();
        String a = commitOn(bare(name), "main", "A");
        Map<String, CommitId> observed = backend.listRefs(location(name), List.of(MAIN));
        backend.fetch(location(name), List.of(MAIN));
        String b = GitCli.commit(bare(name), "B", Map.of("b.txt", "b"), a);
        backend.fetch(location(name), List.of(MAIN));
        // Our commit B must be local: fetch it through a temporary ref, then drop the ref on the remote.
        git(bare(name), "update-ref", "refs/heads/carrier", b);
        backend.fetch(location(name), List.of("refs/heads/carrier"));
        git(bare(name), "update-ref", "-d", "refs/heads/carrier");
        String c = commitOn(bare(name), "main", "C by another client");

        PushResult result = backend.push(location(name), RefUpdate.fastForward(MAIN, observed.get(MAIN), id(b)));

        assertThat(result.status()).isEqualTo(PushResult.Status.REJECTED_STALE_LEASE);
        assertThat(revParse(bare(name), MAIN)).isEqualTo(c);
    }

    @Test
    void aNonFastForwardIsRejectedUnlessTheUpdateIsAnOverwrite() {
        String name = newRepo();
        String base = commitOn(bare(name), "main", "base");
        String left = GitCli.commit(bare(name), "left", Map.of("l.txt", "l"), base);
        String right = GitCli.commit(bare(name), "right", Map.of("r.txt", "r"), base);
        git(bare(name), "update-ref", MAIN, left);
        git(bare(name), "update-ref", "refs/heads/right", right);
        backend.fetch(location(name), List.of(MAIN, "refs/heads/right"));

        PushResult rejected = backend.push(location(name), RefUpdate.fastForward(MAIN, id(left), id(right)));
        assertThat(rejected.status()).isEqualTo(PushResult.Status.REJECTED_NON_FAST_FORWARD);
        assertThat(revParse(bare(name), MAIN)).isEqualTo(left);

        PushResult overwritten = backend.push(location(name), RefUpdate.overwrite(MAIN, id(left), id(right)));
        assertThat(overwritten.status()).isEqualTo(PushResult.Status.OK);
        assertThat(revParse(bare(name), MAIN)).isEqualTo(right);
    }

    /** Files under the cache's objects folder: a transfer always adds some. */
    long objectFiles() throws IOException {
        try (Stream<Path> files = Files.walk(cacheDir.resolve("cache").resolve("objects"))) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
