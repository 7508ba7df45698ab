package dev.mirrorsync.github.actions;

/** Output hygiene for values that came from outside (an event payload, a command line). */
final class Text {
    private Text() {}

    /** One line, control characters escaped, at most 120 code points: safe to print. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(120).forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) || cp == 0x2028 || cp == 0x2029) {
                out.append(String.format("\\u%04x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return text.codePointCount(0, text.length()) > 120 ? out + "…" : out.toString();
    }
}
