package dev.mirrorsync.jgit;

import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.MirrorSyncException.Reason;
import dev.mirrorsync.core.RepoLocation;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.JGitKeyCache;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;
import org.eclipse.jgit.util.FS;

/**
 * Opens JGit transports to remotes: credentials for HTTPS from the {@link RepoLocation}'s token (never from
 * the URL), SSH through Apache MINA with the keys of {@code ~/.ssh} or the agent, and one timeout for all.
 * Names the local tracking refs each remote's refs are fetched into.
 */
final class Remotes implements AutoCloseable {
    /** The user name GitHub and most forges take with a token as the password. */
    static final String TOKEN_USER = "x-access-token";
    /** Local refs only: where fetched refs are kept, one folder per remote URL. */
    static final String TRACKING_PREFIX = "refs/mirror-sync/cache/";

    private final Repository local;
    private final int timeoutSeconds;
    private final ScheduledThreadPoolExecutor watchdog = DeadlineHttpConnections.newWatchdog();
    private final LocalReceivePack localReceivePack;
    private DeadlineHttpConnections lastHttp;
    private SshdSessionFactory ssh;

    Remotes(Repository local, Duration timeout, LocalReceivePack localReceivePack) {
        this.local = local;
        this.timeoutSeconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
        this.localReceivePack = localReceivePack;
    }

    /** The connect, read and write timeout, in whole seconds. */
    int timeoutSeconds() {
        return timeoutSeconds;
    }

    /**
     * The HTTP status of the latest answer the most recently opened transport got ({@code -1}: none, or not HTTP).
     * The backend's calls are serialised, so this is the answer of the call that just failed.
     */
    synchronized int lastHttpStatus() {
        return lastHttp == null ? -1 : lastHttp.lastStatus();
    }

    /** The remote's URL as it may be shown: credential-free (the {@link RepoLocation} refuses any other). */
    static String display(RepoLocation repo) {
        return repo.url();
    }

    /**
     * Parses the URL with JGit's own parser and refuses embedded credentials a second time (RepoLocation already
     * does, but JGit may read a URL differently than a regular expression).
     */
    static URIish uri(RepoLocation repo) {
        URIish uri;
        try {
            uri = new URIish(repo.url());
        } catch (URISyntaxException e) {
            throw new MirrorSyncException(
                    Reason.INVALID_INPUT,
                    "repository URL " + repo.url()
                            + " cannot be parsed: use https://, ssh://, git://, file:// or a local path",
                    e);
        }
        boolean http = isHttp(uri);
        if (uri.getPass() != null || (http && uri.getUser() != null)) {
            String host = uri.getHost() == null ? "" : " for host '" + uri.getHost() + "'";
            throw new MirrorSyncException(
                    Reason.INVALID_INPUT,
                    "a repository URL" + host
                            + " embeds credentials; remove them from the URL and pass a token (HTTPS) or use an SSH key");
        }
        return uri;
    }

    static boolean isHttp(URIish uri) {
        String scheme = uri.getScheme();
        return "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
    }

    /** The local tracking ref that {@code refName} of {@code repo} is fetched into. */
    static String trackingRef(RepoLocation repo, String refName) {
        return TRACKING_PREFIX + remoteKey(repo) + "/" + refName.substring("refs/".length());
    }

    /** A short, stable, filesystem-safe key for a remote URL (its SHA-256, abbreviated). */
    static String remoteKey(RepoLocation repo) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(repo.url().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Makes the HTTP connections of {@code transport}, opened here before, the ones a failure's status is read from. */
    synchronized void resume(Transport transport) {
        lastHttp = transport instanceof TransportHttp http
                        && http.getHttpConnectionFactory() instanceof DeadlineHttpConnections connections
                ? connections
                : null;
    }

    /** Opens a transport to {@code repo}; the caller closes it. */
    Transport open(RepoLocation repo) throws NotSupportedException, TransportException {
        URIish uri = uri(repo);
        Transport transport = Transport.open(local, uri);
        transport.setTimeout(timeoutSeconds);
        synchronized (this) {
            lastHttp = null;
            if (transport instanceof TransportHttp http) {
                lastHttp = new DeadlineHttpConnections(watchdog, timeoutSeconds * 1000);
                http.setHttpConnectionFactory(lastHttp);
            }
        }
        if (isLocal(uri)) {
            localReceivePack.configure(transport);
        }
        if (isHttp(uri) && repo.token().isPresent()) {
            // A new provider per transport: JGit clears a provider's password after a rejected attempt.
            transport.setCredentialsProvider(new UsernamePasswordCredentialsProvider(
                    TOKEN_USER, repo.token().get()));
        }
        if (transport instanceof SshTransport sshTransport) {
            sshTransport.setSshSessionFactory(ssh());
        }
        return transport;
    }

    private synchronized SshdSessionFactory ssh() {
        if (ssh == null) {
            File home = FS.DETECTED.userHome();
            ssh = new SshdSessionFactoryBuilder()
                    .setHomeDirectory(home)
                    .setSshDirectory(new File(home, ".ssh"))
                    .withDefaultConnectorFactory()
                    .build(new JGitKeyCache());
        }
        return ssh;
    }

    /** A {@code file://} URL or a path: JGit's local transport, which serves both sides of the protocol itself. */
    static boolean isLocal(URIish uri) {
        return uri.getScheme() == null ? uri.getHost() == null : "file".equalsIgnoreCase(uri.getScheme());
    }

    @Override
    public synchronized void close() {
        watchdog.shutdownNow();
        if (ssh != null) {
            ssh.close();
            ssh = null;
        }
    }
}
