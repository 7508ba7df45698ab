package dev.mirrorsync.core;

/**
 * Checks branch names the way {@code git check-ref-format --branch} does, and a little stricter: a name
 * that could be read as an option, or that would escape {@code refs/heads/}, is refused.
 */
public final class BranchNames {
    private static final String HEADS = "refs/heads/";

    private BranchNames() {}

    /**
     * Returns the short branch name ({@code refs/heads/} removed if given).
     *
     * @throws IllegalArgumentException naming what is wrong with {@code name}; the message quotes the name
     *     with control characters escaped so that it cannot forge output
     */
    public static String check(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a branch name is empty");
        }
        String shortName = name.startsWith(HEADS) ? name.substring(HEADS.length()) : name;
        String problem = problem(shortName);
        if (problem != null) {
            throw new IllegalArgumentException("branch name '" + PrintableText.of(name) + "' is not valid: " + problem);
        }
        return shortName;
    }

    /** The full ref name of a branch: {@code refs/heads/<name>}. */
    public static String ref(String branch) {
        return HEADS + branch;
    }

    private static String problem(String name) {
        if (name.isEmpty()) {
            return "it is empty";
        }
        if (name.startsWith("-")) {
            return "it starts with '-' and could be read as an option";
        }
        if (name.equals("@") || name.equals("HEAD")) {
            return "'" + name + "' is not a branch";
        }
        if (name.startsWith("refs/")) {
            return "give the branch's name, not a ref under refs/ other than refs/heads/";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "it contains a control character";
            }
            if (" ~^:?*[\\".indexOf(c) >= 0) {
                return "it contains '" + c + "'";
            }
        }
        if (name.contains("..")) {
            return "it contains '..'";
        }
        if (name.contains("@{")) {
            return "it contains '@{'";
        }
        if (name.contains("//") || name.startsWith("/") || name.endsWith("/")) {
            return "it has an empty path component";
        }
        if (name.endsWith(".")) {
            return "it ends with '.'";
        }
        for (String component : name.split("/")) {
            if (component.startsWith(".")) {
                return "a path component starts with '.'";
            }
            if (component.endsWith(".lock")) {
                return "a path component ends with '.lock'";
            }
        }
        return null;
    }
}
