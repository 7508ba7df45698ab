package dev.mirrorsync.jgit;

import static dev.mirrorsync.jgit.GitCli.commitOn;
import static dev.mirrorsync.jgit.GitCli.revParse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.spi.PushResult;
import dev.mirrorsync.core.spi.RefUpdate;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Smart HTTP with token basic auth: what the file transports cannot show (credentials, server-side races). */
abstract class AbstractHttpRemoteTest extends AbstractRemoteTest {
    static final String TOKEN = "tok-3f9a1c77e2b54d0a-SECRET";

    abstract String url(String name);

    /**
     * Makes the server run {@code git <args>} on {@code bare} once, inside the next push, before it updates refs;
     * when that git command fails, the server declines the push.
     */
    abstract void duringNextPush(Path bare, String... gitArgs) throws Exception;

    @Override
    RepoLocation location(String name) {
        return RepoLocation.of(url(name), Optional.of(TOKEN));
    }

    @Test
    void aWrongTokenIsAnAuthenticationFailureThatNamesTheRemoteButNotTheToken() {
        String name = newRepo();
        commitOn(bare(name), "main", "one");
        RepoLocation wrong = RepoLocation.of(url(name), Optional.of("wrong-" + TOKEN));
        assertThatThrownBy(() -> backend.listRefs(wrong, List.of(MAIN)))
                .isInstanceOfSatisfying(MirrorSyncException.class, e -> {
                    assertThat(e.reason()).isEqualTo(MirrorSyncException.Reason.AUTHENTICATION);
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.getMessage())
                            .contains(url(name))
                            .contains("token")
                            .doesNotContain(TOKEN);
                });
    }

    @Test
    void noTokenIsAnAuthenticationFailure() {
        String name = newRepo();
        assertThatThrownBy(() -> backend.fetch(RepoLocation.of(url(name)), List.of(MAIN)))
                .isInstanceOfSatisfying(
                        MirrorSyncException.class,
                        e -> assertThat(e.reason()).isEqualTo(MirrorSyncException.Reason.AUTHENTICATION));
    }

    @Test
    void aMissingRepositoryIsNotFoundEvenWithAGoodToken() {
        assertThatThrownBy(() -> backend.fetch(location("never-created.git"), List.of(MAIN)))
                .isInstanceOfSatisfying(
                        MirrorSyncException.class,
                        e -> assertThat(e.reason()).isEqualTo(MirrorSyncException.Reason.NOT_FOUND));
    }

    /*
     *   observed and advertised:  A
     *   during our push:          A - C   another client's push lands after the advertisement
     *   ours (leased on A):       A - B   the server's compare-and-swap fails; C survives
     */
    @Test
    void aPushThatLandsAfterTheAdvertisementWinsAndOursIsAStaleLease() throws Exception {
        String name = newRepo();
        String a = commitOn(bare(name), "main", "A");
        String b = GitCli.commit(bare(name), "B", Map.of("b.txt", "ours"), a);
        String c = GitCli.commit(bare(name), "C", Map.of("c.txt", "theirs"), a);
        GitCli.git(bare(name), "update-ref", "refs/heads/carrier", b);
        backend.fetch(location(name), List.of(MAIN, "refs/heads/carrier"));
        GitCli.git(bare(name), "update-ref", "-d", "refs/heads/carrier");
        duringNextPush(bare(name), "update-ref", MAIN, c, a);

        PushResult result = backend.push(location(name), RefUpdate.fastForward(MAIN, CommitId.of(a), CommitId.of(b)));

        assertThat(result.status()).isEqualTo(PushResult.Status.REJECTED_STALE_LEASE);
        assertThat(result.message()).hasValueSatisfying(m -> assertThat(m).contains("moved"));
        assertThat(revParse(bare(name), MAIN)).isEqualTo(c);
    }

    /* The same race on a ref that must not exist yet: the other client creates it first. */
    @Test
    void aCreationRacedByAnotherCreationIsAStaleLease() throws Exception {
        String name = newRepo();
        String a = commitOn(bare(name), "seed", "A");
        String theirs = GitCli.commit(bare(name), "theirs", Map.of("t.txt", "t"), a);
        backend.fetch(location(name), List.of("refs/heads/seed"));
        duringNextPush(bare(name), "update-ref", "refs/heads/new", theirs, "");

        PushResult result = backend.push(location(name), RefUpdate.create("refs/heads/new", CommitId.of(a)));

        assertThat(result.status()).isEqualTo(PushResult.Status.REJECTED_STALE_LEASE);
        assertThat(revParse(bare(name), "refs/heads/new")).isEqualTo(theirs);
    }

    /* A server that declines (a hook, a protection rule) while the ref stays put: not mistaken for a stale lease. */
    @Test
    void aRefusalWhileTheRefStaysWhereItWasIsRejectedOther() throws Exception {
        String name = newRepo();
        String a = commitOn(bare(name), "main", "A");
        String b = GitCli.commit(bare(name), "B", Map.of("b.txt", "ours"), a);
        GitCli.git(bare(name), "update-ref", "refs/heads/carrier", b);
        backend.fetch(location(name), List.of(MAIN, "refs/heads/carrier"));
        duringNextPush(bare(name), "rev-parse", "-q", "--verify", "refs/heads/no-such-ref");

        PushResult result = backend.push(location(name), RefUpdate.fastForward(MAIN, CommitId.of(a), CommitId.of(b)));

        assertThat(result.status()).isEqualTo(PushResult.Status.REJECTED_OTHER);
        assertThat(result.message())
                .hasValueSatisfying(m -> assertThat(m).isNotBlank().doesNotContain("moved"));
        assertThat(revParse(bare(name), MAIN)).isEqualTo(a);
    }
}
