package dev.mirrorsync.jgit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.core.MirrorSyncException.Reason;
import java.util.Optional;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.Test;

/**
 * What JGit throws when the network breaks at an unlucky moment, as {@link NetworkFaultTest} found it, is classified as
 * a retryable failure, not as a configuration or credential problem that stops the run.
 */
class JGitErrorsFaultTest {
    private static final String URL = "http://127.0.0.1:1/git/private.git";

    /* A reset while the request with credentials was under way: JGit drops Basic auth and ends with this text. */
    @Test
    void authenticationNotSupportedAfterABrokenRequestIsANetworkFailure() throws Exception {
        TransportException e = new TransportException(new URIish(URL), URL + ": authentication not supported");
        assertThat(JGitErrors.classify(e, -1)).isEqualTo(Reason.NETWORK);
        // JGit's last answer then was the 401 to its retry without credentials (seen: NetworkFaultTest seed 20260003).
        assertThat(JGitErrors.classify(e, 401)).isEqualTo(Reason.NETWORK);
        assertThat(JGitErrors.remote("listing refs of", URL, e, Redactor.of(Optional.empty()), -1)
                        .isRetryable())
                .isTrue();
    }

    /* An advertisement truncated inside its headers reaches JGit without a content type: not a dumb server, not the URL. */
    @Test
    void aPushAdvertisementWithoutItsContentTypeIsAServerError() {
        NotSupportedException e = new NotSupportedException("remote does not support smart HTTP push");
        assertThat(JGitErrors.classify(e, -1)).isEqualTo(Reason.SERVER_ERROR);
    }

    @Test
    void anUnsupportedUrlIsStillInvalidInput() {
        assertThat(JGitErrors.classify(new NotSupportedException("URI not supported: gopher://x/y"), -1))
                .isEqualTo(Reason.INVALID_INPUT);
    }

    @Test
    void aRealCredentialRefusalIsStillAuthentication() throws Exception {
        assertThat(JGitErrors.classify(new TransportException(new URIish(URL), URL + ": not authorized"), -1))
                .isEqualTo(Reason.AUTHENTICATION);
    }
}
