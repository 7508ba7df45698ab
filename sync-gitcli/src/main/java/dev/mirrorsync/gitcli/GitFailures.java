package dev.mirrorsync.gitcli;

import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.MirrorSyncException.Reason;
import dev.mirrorsync.core.PrintableText;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a failed remote command's error output into a {@link MirrorSyncException} with the right {@link Reason}.
 * git's own words are stable under {@code LC_ALL=C}; curl's HTTP status appears as "The requested URL returned error:
 * NNN", which is read first because it is the most precise. The text that goes into a message is git's last
 * {@code fatal:}/{@code error:} lines, with every secret removed.
 */
final class GitFailures {
    private static final Pattern HTTP_STATUS = Pattern.compile("returned error: (\\d{3})");
    private static final List<String> AUTHENTICATION = List.of(
            "could not read username",
            "could not read password",
            "authentication failed",
            "invalid username or password",
            "terminal prompts disabled");
    private static final List<String> NOT_FOUND = List.of(
            "does not appear to be a git repository",
            "not found",
            "no such file or directory",
            "not a git repository",
            "could not read from remote repository");
    private static final List<String> PERMISSION = List.of("permission denied", "write access", "not allowed");
    private static final List<String> NETWORK = List.of(
            "could not resolve host",
            "connection refused",
            "failed to connect",
            "timed out",
            "connection reset",
            "early eof",
            "the remote end hung up",
            "rpc failed",
            "operation too slow",
            "empty reply from server",
            "recv failure",
            "send failure",
            "ssl");

    private GitFailures() {}

    /** A remote command failed: why, in our words, followed by git's. */
    static MirrorSyncException remote(String doing, String url, GitProcess.Result result, Secrets secrets) {
        String err = result.err();
        String lower = err.toLowerCase(Locale.ROOT);
        Reason reason = classify(lower);
        String advice = switch (reason) {
            case AUTHENTICATION -> "check the token (it may be missing, wrong or expired)";
            case PERMISSION -> "the token or key lacks access to this repository";
            case NOT_FOUND -> "check the URL (or the token's access to a private repository)";
            case NETWORK, SERVER_ERROR, RATE_LIMITED -> "try again later";
            case CONCURRENT_UPDATE, INVALID_INPUT, CACHE, UNSUPPORTED, INTERNAL -> "run with --verbose for details";
        };
        return new MirrorSyncException(
                reason,
                doing + " " + url + " failed (" + reason.name().toLowerCase(Locale.ROOT) + "): " + advice
                        + ". git said: " + gist(err, secrets));
    }

    static Reason classify(String lowerErr) {
        Matcher status = HTTP_STATUS.matcher(lowerErr);
        if (status.find()) {
            int code = Integer.parseInt(status.group(1));
            if (code == 401) {
                return Reason.AUTHENTICATION;
            }
            if (code == 403) {
                return Reason.PERMISSION;
            }
            if (code == 404 || code == 410) {
                return Reason.NOT_FOUND;
            }
            if (code == 429) {
                return Reason.RATE_LIMITED;
            }
            if (code >= 500) {
                return Reason.SERVER_ERROR;
            }
            return Reason.INVALID_INPUT;
        }
        if (AUTHENTICATION.stream().anyMatch(lowerErr::contains)) {
            return Reason.AUTHENTICATION;
        }
        if (NETWORK.stream().anyMatch(lowerErr::contains)) {
            return Reason.NETWORK;
        }
        if (PERMISSION.stream().anyMatch(lowerErr::contains)) {
            return Reason.PERMISSION;
        }
        if (NOT_FOUND.stream().anyMatch(lowerErr::contains)) {
            return Reason.NOT_FOUND;
        }
        return Reason.SERVER_ERROR;
    }

    /** A local command on the cache failed. */
    static MirrorSyncException cache(String doing, GitProcess.Result result) {
        return new MirrorSyncException(
                Reason.CACHE,
                doing + " in the cache failed (exit " + result.exit() + "): " + gist(result.err(), Secrets.NONE)
                        + "; delete the cache directory if this persists");
    }

    /** git's fatal and error lines (or its last line), printable and without secrets, at most 400 characters. */
    static String gist(String err, Secrets secrets) {
        List<String> lines =
                err.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        List<String> chosen = lines.stream()
                .filter(l -> l.startsWith("fatal:") || l.startsWith("error:") || l.startsWith("remote:"))
                .toList();
        String text = String.join(
                " | ", chosen.isEmpty() ? lines.subList(Math.max(0, lines.size() - 1), lines.size()) : chosen);
        return PrintableText.of(secrets.redact(text), 400);
    }
}
