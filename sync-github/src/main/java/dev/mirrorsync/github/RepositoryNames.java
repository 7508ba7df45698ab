package dev.mirrorsync.github;

import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.MirrorSyncException.Reason;
import java.util.regex.Pattern;

/**
 * Checks {@code OWNER/REPO}. The value ends up in API paths, so {@code .} and {@code ..} are refused as well:
 * {@code owner/..} would otherwise walk out of {@code /repos/owner/}.
 */
final class RepositoryNames {
    private static final Pattern OWNER_REPO = Pattern.compile("[A-Za-z0-9._-]{1,100}/[A-Za-z0-9._-]{1,100}");

    private RepositoryNames() {}

    static String check(String value, String what) {
        if (value == null || !OWNER_REPO.matcher(value).matches()) {
            throw new MirrorSyncException(Reason.INVALID_INPUT, what + " must be OWNER/REPO (letters, digits, '.', '_', '-'), got "
                    + (value == null ? "nothing" : "'" + printable(value) + "'"));
        }
        for (String part : value.split("/")) {
            if (part.chars().allMatch(c -> c == '.')) {
                throw new MirrorSyncException(Reason.INVALID_INPUT,
                        what + " must be OWNER/REPO, and '" + part + "' is neither an owner nor a repository: got '" + value + "'");
            }
        }
        return value;
    }

    /** Escapes control characters and caps the length, so that a hostile value cannot forge output. */
    static String printable(String text) {
        return printable(text, 120);
    }

    static String printable(String text, int maxCodePoints) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(maxCodePoints).forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || cp == 0x2028 || cp == 0x2029) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return text.codePointCount(0, text.length()) > maxCodePoints ? out + "…" : out.toString();
    }
}
