package dev.mirrorsync.core;

/**
 * The one way mirror-sync makes a value that came from outside (a branch name, a URL, an argument, a server's
 * message) safe to quote in a message, a log line or terminal output: one line, control characters (C0, DEL, C1,
 * the Unicode line and paragraph separators) escaped as {@code \}{@code uXXXX}, and at most {@value #MAX_LENGTH}
 * code points, so that a hostile value can neither forge output nor flood it. For adapters and the CLI alike.
 */
public final class PrintableText {
    /** The default cap, in code points; a longer value ends in {@code …}. */
    public static final int MAX_LENGTH = 120;

    private PrintableText() {}

    /** {@code text} made printable, capped at {@value #MAX_LENGTH} code points. */
    public static String of(String text) {
        return of(text, MAX_LENGTH);
    }

    /** {@code text} made printable, capped at {@code maxCodePoints} code points. */
    public static String of(String text, int maxCodePoints) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), maxCodePoints) + 8);
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
