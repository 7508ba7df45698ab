package dev.mirrorsync.core;

/**
 * Quotes values for a POSIX shell command line: the one place that makes a branch name, a path or a URL safe to
 * paste into a shell, for the commands written into issues (mirror-sync's own and git's).
 */
public final class ShellWords {
    private ShellWords() {}

    /**
     * Returns {@code value} as one shell word: unchanged when it holds only characters no shell treats specially,
     * otherwise in single quotes (a single quote inside written as {@code '"'"'}).
     */
    public static String quote(String value) {
        if (value.matches("[A-Za-z0-9@%+=:,./_-]+")) {
            return value;
        }
        return "'" + value.replace("'", "'\"'\"'") + "'";
    }
}
