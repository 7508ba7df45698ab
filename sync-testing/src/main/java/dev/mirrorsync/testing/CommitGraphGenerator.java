package dev.mirrorsync.testing;

import dev.mirrorsync.core.Side;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Random {@link CommitGraph}s from a seeded {@link Random}: a shared linear base (sometimes with a side
 * branch merged back), then a run of commits on each side (sometimes with their own merges, sometimes one
 * side merging a commit of the other), or unrelated roots; a side's branch may be missing; the watermark
 * absent, on any node, or on a commit neither side contains. Same seed, same graph.
 */
public final class CommitGraphGenerator {
    private final Random random;
    private final List<CommitGraph.Node> nodes = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    private CommitGraphGenerator(Random random) {
        this.random = random;
    }

    public static CommitGraph generate(Random random) {
        return new CommitGraphGenerator(random).build();
    }

    private CommitGraph build() {
        int baseLength = random.nextInt(5);
        boolean unrelated = baseLength == 0 || random.nextInt(10) == 0;
        Optional<String> base = Optional.empty();
        for (int i = 1; i <= baseLength; i++) {
            base = Optional.of(add("b" + i, base.map(List::of).orElse(List.of()), Side.PRIVATE));
        }
        if (baseLength >= 2 && random.nextInt(3) == 0) {
            String fork = "b" + (1 + random.nextInt(baseLength - 1));
            String side = add("s1", List.of(fork), Side.PRIVATE);
            base = Optional.of(add("bm", List.of(base.orElseThrow(), side), Side.PRIVATE));
            notes.add("base merges a side branch");
        }
        Optional<String> shared = base;
        List<String> privateRun = run("p", shared, Side.PRIVATE, random.nextInt(4));
        Optional<String> publicStart = unrelated ? Optional.empty() : shared;
        int publicLength = random.nextInt(4) + (unrelated && publicStart.isEmpty() ? 1 : 0);
        List<String> publicRun = run("q", publicStart, Side.PUBLIC, publicLength);
        if (!privateRun.isEmpty() && !publicRun.isEmpty() && !unrelated && random.nextInt(5) == 0) {
            String merged = privateRun.get(random.nextInt(privateRun.size()));
            publicRun.add(add("qx", List.of(publicRun.get(publicRun.size() - 1), merged), Side.PUBLIC));
            notes.add("public merged " + merged);
        }
        Optional<String> p = last(privateRun).or(() -> shared);
        Optional<String> q = last(publicRun).or(() -> publicStart);
        if (p.isEmpty() && q.isEmpty()) {
            p = Optional.of(add("p0", List.of(), Side.PRIVATE));
        }
        if (random.nextInt(10) == 0) {
            p = Optional.empty();
            notes.add("private branch missing");
        } else if (random.nextInt(10) == 0) {
            q = Optional.empty();
            notes.add("public branch missing");
        }
        Optional<String> w = Optional.empty();
        int pick = random.nextInt(10);
        if (pick >= 4 && pick < 9) {
            w = Optional.of(nodes.get(random.nextInt(nodes.size())).name());
        } else if (pick == 9) {
            w = Optional.of(add("stale", List.of(), Side.PRIVATE));
        }
        String description =
                "base " + baseLength + (unrelated ? ", unrelated public root" : "") + ", private +" + privateRun.size()
                        + ", public +" + publicRun.size() + (notes.isEmpty() ? "" : ", " + String.join(", ", notes))
                        + ", W " + w.orElse("absent");
        return new CommitGraph(description, nodes, p, q, w);
    }

    /** {@code length} commits on top of {@code start} (a new root when empty), sometimes with a merged side branch. */
    private List<String> run(String prefix, Optional<String> start, Side origin, int length) {
        List<String> names = new ArrayList<>();
        Optional<String> tip = start;
        for (int i = 1; i <= length; i++) {
            if (tip.isPresent() && random.nextInt(6) == 0) {
                String side = add(prefix + i + "s", List.of(tip.get()), origin);
                String other = add(prefix + i + "t", List.of(tip.get()), origin);
                tip = Optional.of(add(prefix + i, List.of(other, side), origin));
                notes.add(origin.label() + " merge at " + prefix + i);
            } else {
                tip = Optional.of(add(prefix + i, tip.map(List::of).orElse(List.of()), origin));
            }
            names.add(tip.get());
        }
        return names;
    }

    private static Optional<String> last(List<String> names) {
        return names.isEmpty() ? Optional.empty() : Optional.of(names.get(names.size() - 1));
    }

    private String add(String name, List<String> parents, Side origin) {
        nodes.add(new CommitGraph.Node(name, parents, origin));
        return name;
    }
}
