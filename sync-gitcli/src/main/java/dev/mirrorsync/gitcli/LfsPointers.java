package dev.mirrorsync.gitcli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts the Git LFS objects that commits carried to the other side point to, with git's own commands and the same
 * rule as the JGit backend: files that each commit adds or changes (against its first parent), under a
 * {@code filter=lfs} attribute of the commit's own root {@code .gitattributes}, whose content is an LFS pointer;
 * distinct objects, by their {@code oid sha256:}. A history with no root {@code .gitattributes} that mentions
 * {@code lfs} costs two commands.
 */
final class LfsPointers {
    /** An LFS pointer is small: the spec caps it at 1024 bytes. */
    private static final long MAX_POINTER = 1024;

    private static final Pattern OID = Pattern.compile("(?m)^oid sha256:([0-9a-f]{64})$");
    private static final String VERSION = "version https://git-lfs.github.com/spec/v1";
    private static final Set<String> FILE_MODES = Set.of("100644", "100755");

    private final GitProcess git;

    LfsPointers(GitProcess git) {
        this.git = git;
    }

    /** {@code revisions}: the tip and {@code ^excluded} ids, as {@code rev-list} takes them. */
    long count(List<String> revisions) {
        Map<String, String> attributesOf = rootAttributes(revisions);
        Map<String, String> attributeTexts = contents(new LinkedHashSet<>(attributesOf.values()));
        Set<String> lfsAttributes = new HashSet<>();
        attributeTexts.forEach((blob, text) -> {
            if (text.contains("lfs")) {
                lfsAttributes.add(blob);
            }
        });
        if (lfsAttributes.isEmpty()) {
            return 0;
        }
        // attributes blob -> (path -> the blobs it had, in the commits that used those attributes)
        Map<String, Map<String, Set<String>>> candidates = new LinkedHashMap<>();
        changedFiles(revisions).forEach(change -> {
            String attributes = attributesOf.get(change.commit());
            if (attributes != null && lfsAttributes.contains(attributes)) {
                candidates
                        .computeIfAbsent(attributes, a -> new LinkedHashMap<>())
                        .computeIfAbsent(change.path(), p -> new LinkedHashSet<>())
                        .add(change.blob());
            }
        });
        Set<String> pointerBlobs = new LinkedHashSet<>();
        candidates.forEach((attributes, paths) -> {
            for (String path : lfsPaths(attributeTexts.get(attributes), paths.keySet())) {
                pointerBlobs.addAll(paths.get(path));
            }
        });
        Set<String> oids = new HashSet<>();
        for (String text : contents(small(pointerBlobs)).values()) {
            if (text.startsWith(VERSION)) {
                Matcher oid = OID.matcher(text);
                if (oid.find()) {
                    oids.add(oid.group(1));
                }
            }
        }
        return oids.size();
    }

    /** Each commit's root {@code .gitattributes} blob, for the commits that have one. */
    private Map<String, String> rootAttributes(List<String> revisions) {
        GitProcess.Result listed =
                git.run(GitProcess.command("rev-list").args(revisions).args("--"));
        require(listed, "listing the commits to look for Git LFS pointers in");
        List<String> commits =
                listed.out().lines().filter(line -> !line.isBlank()).toList();
        Map<String, String> attributes = new HashMap<>();
        if (commits.isEmpty()) {
            return attributes;
        }
        StringBuilder input = new StringBuilder();
        commits.forEach(commit -> input.append(commit).append(":.gitattributes\n"));
        GitProcess.Result checked = git.run(GitProcess.command("cat-file", "--batch-check=%(objectname) %(objecttype)")
                .input(input.toString()));
        require(checked, "looking for .gitattributes files");
        List<String> answers = checked.out().lines().toList();
        for (int i = 0; i < commits.size() && i < answers.size(); i++) {
            String[] answer = answers.get(i).split(" ");
            if (answer.length == 2 && answer[1].equals("blob")) {
                attributes.put(commits.get(i), answer[0]);
            }
        }
        return attributes;
    }

    private record Change(String commit, String path, String blob) {}

    /** Files each commit adds or changes against its first parent (every file of a root commit), regular files only. */
    private List<Change> changedFiles(List<String> revisions) {
        GitProcess.Result logged = git.run(GitProcess.command(
                        "log",
                        "-z",
                        "--no-renames",
                        "--raw",
                        "--no-abbrev",
                        "--root",
                        "--diff-merges=first-parent",
                        "--format=%x01%H")
                .args(revisions)
                .args("--"));
        require(logged, "listing the files the commits change");
        // NUL-separated tokens: "\u0001<commit>" (after a newline from the second commit on), then pairs of
        // ":old-mode new-mode old-id new-id status" and the path. A path is taken whole, whatever bytes it holds.
        List<Change> changes = new ArrayList<>();
        String[] tokens = logged.out().split("\0", -1);
        String commit = null;
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i].startsWith("\n") ? tokens[i].substring(1) : tokens[i];
            if (token.startsWith("\u0001")) {
                commit = token.substring(1);
            } else if (token.startsWith(":") && commit != null && i + 1 < tokens.length) {
                String[] meta = token.substring(1).split(" ");
                String path = tokens[++i];
                if (meta.length == 5 && FILE_MODES.contains(meta[1]) && !meta[4].startsWith("D")) {
                    changes.add(new Change(commit, path, meta[3]));
                }
            }
        }
        return changes;
    }

    /**
     * The paths whose {@code filter} attribute is {@code lfs} under the root {@code .gitattributes} text given: git's
     * own {@code check-attr}, over a scratch work tree that holds only that file.
     */
    private List<String> lfsPaths(String attributes, Set<String> paths) {
        Path tree = null;
        try {
            tree = Files.createTempDirectory("mirror-sync-lfs");
            Files.writeString(tree.resolve(".gitattributes"), attributes);
            StringBuilder input = new StringBuilder();
            paths.forEach(path -> input.append(path).append('\0'));
            // Only that file: not the user's attributes file (core.attributesFile, ~/.config/git/attributes), not
            // /etc/gitattributes, as the JGit backend reads only the commit's own.
            GitProcess.Result checked =
                    git.run(GitProcess.command("--work-tree=" + tree, "check-attr", "-z", "--stdin", "filter")
                            .config("core.attributesFile", "/dev/null")
                            .env("GIT_ATTR_NOSYSTEM", "1")
                            .input(input.toString()));
            require(checked, "reading Git LFS attributes");
            List<String> lfs = new ArrayList<>();
            String[] fields = checked.out().split("\0", -1);
            for (int i = 0; i + 2 < fields.length; i += 3) {
                if (fields[i + 2].equals("lfs")) {
                    lfs.add(fields[i]);
                }
            }
            return lfs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (tree != null) {
                try {
                    Files.deleteIfExists(tree.resolve(".gitattributes"));
                    Files.deleteIfExists(tree);
                } catch (IOException e) {
                    // a temporary directory left behind holds one copy of a public .gitattributes file
                }
            }
        }
    }

    /** Of these blobs, those no larger than a pointer can be. */
    private Set<String> small(Set<String> blobs) {
        Set<String> small = new LinkedHashSet<>();
        if (blobs.isEmpty()) {
            return small;
        }
        GitProcess.Result sized = git.run(GitProcess.command("cat-file", "--batch-check=%(objectname) %(objectsize)")
                .input(String.join("\n", blobs) + "\n"));
        require(sized, "sizing candidate Git LFS pointers");
        for (String line : sized.out().lines().toList()) {
            String[] answer = line.split(" ");
            if (answer.length == 2
                    && answer[1].chars().allMatch(Character::isDigit)
                    && Long.parseLong(answer[1]) <= MAX_POINTER) {
                small.add(answer[0]);
            }
        }
        return small;
    }

    /** The text of each blob, from one {@code cat-file --batch}. */
    private Map<String, String> contents(Set<String> blobs) {
        Map<String, String> texts = new LinkedHashMap<>();
        if (blobs.isEmpty()) {
            return texts;
        }
        GitProcess.Result read =
                git.run(GitProcess.command("cat-file", "--batch").input(String.join("\n", blobs) + "\n"));
        require(read, "reading candidate Git LFS pointers");
        // "<id> <type> <size>\n<size bytes>\n" per object, or "<id> missing\n"
        byte[] out = read.stdout();
        int at = 0;
        while (at < out.length) {
            int eol = at;
            while (eol < out.length && out[eol] != '\n') {
                eol++;
            }
            String[] header = new String(out, at, eol - at, StandardCharsets.UTF_8).split(" ");
            at = eol + 1;
            if (header.length != 3) {
                continue;
            }
            int size = Integer.parseInt(header[2]);
            texts.put(header[0], new String(out, at, Math.min(size, out.length - at), StandardCharsets.UTF_8));
            at += size + 1;
        }
        return texts;
    }

    private static void require(GitProcess.Result result, String doing) {
        if (!result.ok()) {
            throw GitFailures.cache(doing, result);
        }
    }
}
