package dev.mirrorsync.testing;

import dev.mirrorsync.core.BranchNames;
import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.Side;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A commit graph for one branch, by name: nodes in creation order (parents before children), which node
 * each side's branch points at, and the watermark. Built into any {@link SyncWorld} through a
 * {@link SyncHarness}, so a generated graph means the same thing in memory and in real repositories.
 *
 * @param description a short readable summary for test names and failure messages
 * @param nodes every commit, parents first
 * @param privateTip the node private's branch points at; empty: the branch does not exist there
 * @param publicTip the same for public
 * @param watermark the node the watermark points at; empty: no watermark
 */
public record CommitGraph(
        String description,
        List<Node> nodes,
        Optional<String> privateTip,
        Optional<String> publicTip,
        Optional<String> watermark) {

    /** One commit: its name, its parents' names, and the side it is made on. */
    public record Node(String name, List<String> parents, Side origin) {
        public Node {
            parents = List.copyOf(parents);
        }
    }

    public CommitGraph {
        nodes = List.copyOf(nodes);
        Set<String> seen = new HashSet<>();
        for (Node node : nodes) {
            for (String parent : node.parents()) {
                if (!seen.contains(parent)) {
                    throw new IllegalArgumentException(
                            "node " + node.name() + " names parent " + parent + " before it exists");
                }
            }
            if (!seen.add(node.name())) {
                throw new IllegalArgumentException("node " + node.name() + " twice");
            }
        }
        for (Optional<String> ref : List.of(privateTip, publicTip, watermark)) {
            ref.ifPresent(r -> {
                if (!seen.contains(r)) {
                    throw new IllegalArgumentException("no node " + r);
                }
            });
        }
    }

    /** Makes the commits and sets the branch on both sides and the watermark; returns each node's id. */
    public Map<String, CommitId> build(SyncHarness harness, String branch) {
        Map<String, CommitId> ids = new LinkedHashMap<>();
        for (Node node : nodes) {
            List<CommitId> parents = node.parents().stream()
                    .map(ids::get)
                    .map(Objects::requireNonNull)
                    .toList();
            ids.put(node.name(), harness.commit(node.origin(), parents));
        }
        SyncWorld world = harness.world();
        world.setRef(Side.PRIVATE, BranchNames.ref(branch), privateTip.map(ids::get));
        world.setRef(Side.PUBLIC, BranchNames.ref(branch), publicTip.map(ids::get));
        harness.setWatermark(branch, watermark.map(ids::get));
        return ids;
    }

    /** The graph as text: one line per node with its parents, then the refs. */
    public String draw() {
        List<String> lines = new ArrayList<>();
        for (Node node : nodes) {
            lines.add(node.name() + (node.parents().isEmpty() ? " (root)" : " <- " + String.join(", ", node.parents()))
                    + " [" + node.origin().label() + "]");
        }
        lines.add("private=" + privateTip.orElse("(none)") + " public=" + publicTip.orElse("(none)") + " watermark="
                + watermark.orElse("(none)"));
        return String.join("\n", lines);
    }
}
