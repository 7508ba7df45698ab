package dev.mirrorsync.gitcli;

import dev.mirrorsync.core.PrintableText;
import dev.mirrorsync.core.spi.PushResult;
import java.util.Optional;

/**
 * Reads {@code git push --porcelain}'s line for one ref: {@code <flag> TAB <from>:<to> TAB <summary>}, the flag being
 * {@code ' '} (fast-forward), {@code '+'} (forced), {@code '*'} (new), {@code '-'} (deleted), {@code '='} (up to date) or
 * {@code '!'} (rejected, the summary saying why: {@code [rejected] (stale info)} is a failed lease, {@code (non-fast-forward)}
 * or {@code (fetch first)} a missing fast-forward, {@code [remote rejected] (...)} the server's own refusal).
 */
final class PorcelainPush {
    private PorcelainPush() {}

    /** The result for {@code refName}, or empty when git printed no line for it (the push failed before it began). */
    static Optional<PushResult> parse(String out, String refName, Secrets secrets) {
        for (String line : out.lines().toList()) {
            String[] parts = line.split("\t", 3);
            if (parts.length < 3 || parts[0].length() != 1 || !parts[1].endsWith(":" + refName)) {
                continue;
            }
            char flag = parts[0].charAt(0);
            String summary = PrintableText.of(secrets.redact(parts[2].strip()), 300);
            return Optional.of(
                    switch (flag) {
                        case ' ', '+', '*', '-' -> PushResult.of(PushResult.Status.OK);
                        case '=' -> PushResult.of(PushResult.Status.UP_TO_DATE);
                        default -> rejection(summary);
                    });
        }
        return Optional.empty();
    }

    private static PushResult rejection(String summary) {
        if (summary.contains("(stale info)")) {
            return PushResult.of(
                    PushResult.Status.REJECTED_STALE_LEASE,
                    "stale lease: the ref is no longer at the expected" + " value (" + summary + ")");
        }
        if (summary.contains("non-fast-forward") || summary.contains("fetch first")) {
            return PushResult.of(PushResult.Status.REJECTED_NON_FAST_FORWARD, summary);
        }
        return PushResult.of(PushResult.Status.REJECTED_OTHER, summary);
    }
}
