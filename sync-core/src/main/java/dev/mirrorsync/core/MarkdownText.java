package dev.mirrorsync.core;

/**
 * Renders text that came from a commit (a subject, an author's name) inert in an issue body: no HTML, no
 * Markdown structure, no mentions, no links, one line, bounded length.
 */
final class MarkdownText {
    private static final int MAX_LENGTH = 120;

    private MarkdownText() {}

    static String inert(String text) {
        String oneLine = text.replaceAll("[\\r\\n\\t\\x00-\\x1f\\x7f\\u0080-\\u009f\\u2028\\u2029]+", " ")
                .strip();
        if (oneLine.codePointCount(0, oneLine.length()) > MAX_LENGTH) {
            oneLine = oneLine.substring(0, oneLine.offsetByCodePoints(0, MAX_LENGTH)) + "…";
        }
        StringBuilder out = new StringBuilder(oneLine.length() + 16);
        for (int i = 0; i < oneLine.length(); i++) {
            char c = oneLine.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '@' -> out.append("&#64;");
                case '#' -> out.append("&#35;");
                case ':' -> out.append("&#58;");
                case '\\', '`', '*', '_', '[', ']', '(', ')', '{', '}', '!', '|', '~', '+', '-', '=' ->
                    out.append('\\').append(c);
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
