package dev.mirrorsync.core;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A pattern over short branch (or tag) names, as {@code --branch 'release/*'} and {@code --exclude} take it: {@code *}
 * matches within one path component (no {@code /}), {@code **} matches anything, {@code /} included, and {@code ?}
 * one character other than {@code /}. Every other character matches itself. {@code **} alone selects every branch.
 *
 * <p>A value: immutable, thread-safe, equal when the texts are.
 */
public final class BranchPattern {
    private final String text;
    private final Pattern regex;

    private BranchPattern(String text) {
        this.text = text;
        this.regex = Pattern.compile(toRegex(text));
    }

    /** Whether {@code name} is a pattern rather than a plain name: it contains {@code *} or {@code ?}. */
    public static boolean isPattern(String name) {
        return name.indexOf('*') >= 0 || name.indexOf('?') >= 0;
    }

    /**
     * Parses a pattern.
     *
     * @throws IllegalArgumentException naming what is wrong: empty, starting with '-', or with a character git
     *     refuses in a branch name (other than the wildcards)
     */
    public static BranchPattern of(String text) {
        Objects.requireNonNull(text, "pattern");
        if (text.isEmpty()) {
            throw new IllegalArgumentException("a branch pattern is empty");
        }
        // Checked as a name with each wildcard replaced by a letter: what is left must be a valid branch name.
        String asName = text.replace("**", "x").replace('*', 'x').replace('?', 'x');
        try {
            BranchNames.check(asName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("branch pattern '" + PrintableText.of(text) + "' is not valid: "
                    + e.getMessage().replaceFirst("^branch name '[^']*' is not valid: ", ""));
        }
        return new BranchPattern(text);
    }

    public boolean matches(String name) {
        return regex.matcher(name).matches();
    }

    public String text() {
        return text;
    }

    private static String toRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                regex.append(".*");
                i++;
            } else if (c == '*') {
                regex.append("[^/]*");
            } else if (c == '?') {
                regex.append("[^/]");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BranchPattern p && p.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
