package dev.mirrorsync.github.actions;

import dev.mirrorsync.core.PrintableText;

/** Output hygiene for values that came from outside (an event payload, a command line): {@link PrintableText}'s. */
final class Text {
    private Text() {}

    /** One line, control characters escaped, at most 120 code points: safe to print. */
    static String printable(String text) {
        return PrintableText.of(text);
    }
}
