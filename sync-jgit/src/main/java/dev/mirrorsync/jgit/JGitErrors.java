package dev.mirrorsync.jgit;

import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.MirrorSyncException.Reason;
import java.io.EOFException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.errors.LockFailedException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.PackProtocolException;
import org.eclipse.jgit.errors.TransportException;

/**
 * Translates what JGit throws while talking to a remote into a {@link MirrorSyncException} whose {@link Reason}
 * decides retrying and the CLI's exit code, and whose message names the remote by its credential-free URL and
 * says what to do. JGit's own text is kept (redacted) after the explanation, for the expert reader.
 */
final class JGitErrors {
    private JGitErrors() {}

    /**
     * @param doing what we were doing, for example {@code listing refs of}
     * @param remote the credential-free URL of the remote
     */
    static MirrorSyncException remote(String doing, String remote, Exception e, Redactor redactor, Remotes remotes) {
        return remote(doing, remote, e, redactor, remotes.lastHttpStatus(), remotes.timeoutSeconds() * 1000L);
    }

    /** @param status the HTTP status of the failing request's answer, -1 for none */
    static MirrorSyncException remote(String doing, String remote, Exception e, Redactor redactor, int status) {
        return remote(doing, remote, e, redactor, status, -1);
    }

    /** @param timeoutMillis the connection's read timeout, or -1 when not known */
    private static MirrorSyncException remote(
            String doing, String remote, Exception e, Redactor redactor, int status, long timeoutMillis) {
        String detail = redactor.apply(whatHappened(e) + truthfulTimeouts(chainText(e), e, timeoutMillis))
                + (status >= 400 ? " [HTTP " + status + "]" : "");
        Reason reason = classify(e, status);
        String advice = switch (reason) {
            case AUTHENTICATION ->
                "the remote did not accept the credentials (HTTP 401 or an SSH key refused): check that"
                        + " the token for this repository is set, valid and not expired (HTTPS), or that an SSH key is"
                        + " loaded in ssh-agent or ~/.ssh";
            case PERMISSION ->
                "the credentials were accepted but are not allowed to do this (HTTP 403): give the token"
                        + " read access to fetch and write access (contents) to push";
            case NOT_FOUND ->
                "the repository does not exist, or the credentials may not see it: check the URL, and"
                        + " for a private repository that the token has access to it";
            case NETWORK ->
                "the remote could not be reached or the connection broke (refused, reset, timed out or"
                        + " unknown host); this is retried: check the network and the host name if it persists";
            case SERVER_ERROR ->
                "the server answered with an error (5xx) or broke the protocol; this is retried:"
                        + " try again later if it persists";
            case INVALID_INPUT -> "the URL cannot be used: use https://, ssh://, git://, file:// or a local path";
            case CACHE ->
                "the local cache could not be written (a lock file in it could not be taken, or it is"
                        + " damaged); this is not retried: the next run removes stale lock files and rebuilds a damaged"
                        + " cache, or delete the cache directory";
            case RATE_LIMITED -> "the server asks to slow down (HTTP 429): try again later";
            case UNSUPPORTED ->
                "the server refused the request as it was sent (an HTTP status such as 411 or 413: a"
                        + " proxy or server that does not take chunked or large requests); this is not retried: check"
                        + " the server's or proxy's request limits";
            case CONCURRENT_UPDATE, INTERNAL -> "see the detail";
        };
        return new MirrorSyncException(reason, doing + " " + remote + " failed: " + advice + " (" + detail + ")", e);
    }

    /** A failure of the local cache repository while doing something local. */
    static MirrorSyncException cache(String doing, Path cache, Exception e) {
        return new MirrorSyncException(
                Reason.CACHE,
                doing + " failed in the cache " + cache
                        + ": the cache repository is damaged or unwritable; close every mirror-sync run using it and delete"
                        + " the directory, or point at another (" + chainText(e) + ")",
                e);
    }

    /**
     * Why {@code e} happened. {@code status} is the HTTP status of the last answer the failing request got ({@code -1}
     * when there was none, or the transport is not HTTP): numbers are taken from there, never from the text of a
     * message, where a pack id or a URL can hold any digits. A problem of the local cache (a lock that cannot be
     * taken) is {@link Reason#CACHE}, whatever transport it happened under: retrying it as a network fault cannot help.
     */
    static Reason classify(Throwable e, int status) {
        if (hasCause(e, LockFailedException.class)) {
            return Reason.CACHE;
        }
        String all = chainText(e).toLowerCase(Locale.ROOT);
        if (all.contains("authentication not supported")) {
            // JGit's HTTP transport says this when a request that carried credentials broke with an I/O error (a reset
            // or a truncated answer): it drops Basic auth, asks again without it, and then finds no method left to try.
            // mirror-sync sends only Basic, which every git host offers, so this is a connection that broke.
            // The status JGit saw last is then the 401 of that credential-less retry, not a refusal of the token.
            return Reason.NETWORK;
        }
        if (status >= 400) {
            return switch (status) {
                case 401 -> Reason.AUTHENTICATION;
                case 403 -> Reason.PERMISSION;
                case 404, 410 -> Reason.NOT_FOUND;
                case 408 -> Reason.NETWORK;
                case 429 -> Reason.RATE_LIMITED;
                default -> status >= 500 ? Reason.SERVER_ERROR : Reason.UNSUPPORTED;
            };
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NoRemoteRepositoryException) {
                return Reason.NOT_FOUND;
            }
            if (t instanceof UnknownHostException
                    || t instanceof UnresolvedAddressException
                    || t instanceof ConnectException
                    || t instanceof NoRouteToHostException
                    || t instanceof InterruptedIOException
                    || t instanceof SSLException) {
                return Reason.NETWORK;
            }
            if (t instanceof MissingObjectException || t instanceof CorruptObjectException) {
                // Objects a remote failed to send, or a pack that broke on the way.
                return all.contains("pack") ? Reason.SERVER_ERROR : Reason.CACHE;
            }
        }
        // JGit's own words for a refusal by SSH, a local repository or an HTTP answer it already interpreted.
        if (all.contains("not authorized")
                || all.contains("authentication is required")
                || all.contains("auth fail")
                || all.contains("authentication failed")
                || all.contains("no more authentication methods")) {
            return Reason.AUTHENTICATION;
        }
        if (all.contains("not permitted") || all.contains("forbidden")) {
            return Reason.PERMISSION;
        }
        if (all.contains("repository not found")
                || all.contains("not found")
                || all.contains("does not appear to be a git repository")
                || all.contains("not a git repository")) {
            return Reason.NOT_FOUND;
        }
        if (hasCause(e, PackProtocolException.class)) {
            return Reason.SERVER_ERROR;
        }
        if (e instanceof NotSupportedException) {
            // "does not support smart HTTP push": the advertisement came back without its content type, which is what a
            // truncated answer looks like (the JDK then reads it as headerless HTTP/0.9); anything else is the URL.
            return all.contains("smart http") ? Reason.SERVER_ERROR : Reason.INVALID_INPUT;
        }
        if (hasCause(e, SocketException.class)
                || hasCause(e, EOFException.class)
                || all.contains("connection failed")
                || all.contains("hung up")
                || all.contains("timed out")
                || all.contains("time out")
                || all.contains("connection reset")) {
            return Reason.NETWORK;
        }
        if (e instanceof TransportException) {
            // A transport failure we cannot name more precisely: most are connections that broke.
            return Reason.NETWORK;
        }
        return Reason.INTERNAL;
    }

    /** JGit's words for its own read timer: "Read timed out after 10,000 ms" (the number in the JVM's locale). */
    private static final Pattern JGIT_READ_TIMER = Pattern.compile("Read timed out after [\\d.,'\u00a0\u202f]+ ms");

    /**
     * JGit rewords any timeout under its read timer as that timer's own ("Read timed out after N ms"), and while it waits
     * for the verdict on a pushed pack that timer is set to ten times the timeout. When something else ended the read
     * (our write deadline, or the socket's read timeout, which is the timeout) the number is false: it is replaced by
     * what did happen, so that a message never names a wait that did not take place.
     */
    static String truthfulTimeouts(String text, Throwable e, long timeoutMillis) {
        if (hasCause(e, DeadlineHttpConnections.Expired.class)) {
            return JGIT_READ_TIMER.matcher(text).replaceAll("stopped by the write deadline");
        }
        if (timeoutMillis > 0 && hasCause(e, SocketTimeoutException.class)) {
            return JGIT_READ_TIMER
                    .matcher(text)
                    .replaceAll("no answer for " + timeoutMillis + " ms (the read timeout)");
        }
        return text;
    }

    /** Our write deadline's own account first, when it ended the call: JGit's wrapping words name other timers. */
    private static String whatHappened(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof DeadlineHttpConnections.Expired) {
                return t.getMessage() + "; JGit: ";
            }
        }
        return "";
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The messages of an exception and its causes, without repeats. */
    static String chainText(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (text.indexOf(message) < 0) {
                if (text.length() > 0) {
                    text.append("; ");
                }
                text.append(message);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return text.toString();
    }
}
