package dev.mirrorsync.jgit;

import dev.mirrorsync.core.CommitId;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.attributes.Attribute;
import org.eclipse.jgit.attributes.AttributesNode;
import org.eclipse.jgit.attributes.AttributesRule;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * Counts the Git LFS objects that commits carried to the other side point to: files that each commit adds or changes
 * (against its first parent), under a {@code filter=lfs} attribute of the commit's own {@code .gitattributes}, whose
 * content is an LFS pointer. Distinct objects, by their {@code oid sha256:}.
 */
final class LfsPointers {
    /** An LFS pointer is small: the spec caps it at 1024 bytes. */
    private static final int MAX_POINTER = 1024;

    private static final Pattern OID = Pattern.compile("(?m)^oid sha256:([0-9a-f]{64})$");
    private static final String VERSION = "version https://git-lfs.github.com/spec/v1";
    /** How a line of {@code .gitattributes} defines a macro attribute. */
    private static final String MACRO = "[attr]";

    private LfsPointers() {}

    static long count(Repository repo, CommitId tip, Collection<CommitId> excluded) throws IOException {
        Set<String> oids = new HashSet<>();
        try (RevWalk walk = new RevWalk(repo)) {
            walk.markStart(History.local(walk, tip));
            ObjectReader reader = walk.getObjectReader();
            for (CommitId other : excluded) {
                if (reader.has(History.id(other))) {
                    walk.markUninteresting(History.local(walk, other));
                }
            }
            for (RevCommit commit = walk.next(); commit != null; commit = walk.next()) {
                List<AttributesRule> rules = rootAttributes(reader, commit);
                if (rules.isEmpty()) {
                    continue;
                }
                try (TreeWalk tree = new TreeWalk(repo, reader)) {
                    tree.setRecursive(true);
                    if (commit.getParentCount() > 0) {
                        tree.addTree(walk.parseCommit(commit.getParent(0)).getTree());
                        tree.addTree(commit.getTree());
                        tree.setFilter(TreeFilter.ANY_DIFF);
                    } else {
                        tree.addTree(commit.getTree());
                    }
                    int mine = tree.getTreeCount() - 1;
                    while (tree.next()) {
                        if (tree.getFileMode(mine) != FileMode.REGULAR_FILE
                                && tree.getFileMode(mine) != FileMode.EXECUTABLE_FILE) {
                            continue;
                        }
                        if (lfs(rules, tree.getPathString())) {
                            pointerOid(reader, tree.getObjectId(mine)).ifPresent(oids::add);
                        }
                    }
                }
            }
        }
        return oids.size();
    }

    /** The rules of the commit's root {@code .gitattributes} that set {@code filter=lfs} or unset a filter. */
    private static List<AttributesRule> rootAttributes(ObjectReader reader, RevCommit commit) throws IOException {
        try (TreeWalk attributes = TreeWalk.forPath(reader, Constants.DOT_GIT_ATTRIBUTES, commit.getTree())) {
            if (attributes == null) {
                return List.of();
            }
            AttributesNode node = new AttributesNode();
            try (InputStream in = reader.open(attributes.getObjectId(0)).openStream()) {
                node.parse(in);
            }
            return node.getRules();
        }
    }

    /**
     * Whether the last rule that says anything about {@code filter} for the path says {@code lfs}, with macros
     * ({@code [attr]name ...} lines of the same file) expanded where a rule sets them, as git does.
     */
    private static boolean lfs(List<AttributesRule> rules, String path) {
        Map<String, List<Attribute>> macros = new HashMap<>();
        for (AttributesRule rule : rules) {
            if (rule.getPattern().startsWith(MACRO)) {
                macros.put(rule.getPattern().substring(MACRO.length()), rule.getAttributes());
            }
        }
        Optional<Boolean> lfs = Optional.empty();
        for (AttributesRule rule : rules) {
            if (rule.getPattern().startsWith(MACRO) || !rule.isMatch(path, false)) {
                continue;
            }
            for (Attribute attribute : rule.getAttributes()) {
                Optional<Boolean> said = filterIsLfs(attribute, macros, 0);
                if (said.isPresent()) {
                    lfs = said;
                }
            }
        }
        return lfs.orElse(false);
    }

    /** What {@code attribute} says about {@code filter = lfs}, if anything; a set macro says what its expansion says. */
    private static Optional<Boolean> filterIsLfs(Attribute attribute, Map<String, List<Attribute>> macros, int depth) {
        if (attribute.getKey().equals("filter")) {
            return Optional.of(attribute.getState() == Attribute.State.CUSTOM && "lfs".equals(attribute.getValue()));
        }
        List<Attribute> expansion = macros.get(attribute.getKey());
        if (expansion == null || attribute.getState() != Attribute.State.SET || depth > 8) {
            return Optional.empty();
        }
        Optional<Boolean> said = Optional.empty();
        for (Attribute inner : expansion) {
            Optional<Boolean> innerSaid = filterIsLfs(inner, macros, depth + 1);
            if (innerSaid.isPresent()) {
                said = innerSaid;
            }
        }
        return said;
    }

    private static Optional<String> pointerOid(ObjectReader reader, ObjectId blob) throws IOException {
        ObjectLoader loader = reader.open(blob);
        if (loader.getSize() > MAX_POINTER) {
            return Optional.empty();
        }
        String text = new String(loader.getBytes(), StandardCharsets.UTF_8);
        if (!text.startsWith(VERSION)) {
            return Optional.empty();
        }
        Matcher oid = OID.matcher(text);
        return oid.find() ? Optional.of(oid.group(1)) : Optional.empty();
    }
}
