package dev.mirrorsync.testing;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.RepoLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * Random tag histories for property tests: what people do to tags between runs on the two sides of a pair (create one,
 * move one, delete one, on either side), drawn from a seeded {@link Random} so that a failure replays from its seed.
 * Tags point at commits of a small shared history, so that every row of the tag state table is reachable.
 */
public final class TagScenarioGenerator {
    /** One thing someone did to a tag on one side; {@code to} empty deletes it. */
    public record TagChange(String url, String tag, Optional<CommitId> to) {
        @Override
        public String toString() {
            return url.replaceAll("^.*/([^/]+)/[^/]+$", "$1") + ": " + tag + " -> "
                    + to.map(CommitId::abbreviated).orElse("(deleted)");
        }
    }

    private final List<String> tags;
    private final List<CommitId> commits;
    private final List<String> urls;

    /** {@code commits}: the objects tags may point at; {@code urls}: the two sides. */
    public TagScenarioGenerator(List<String> tags, List<CommitId> commits, List<String> urls) {
        this.tags = List.copyOf(tags);
        this.commits = List.copyOf(commits);
        this.urls = List.copyOf(urls);
    }

    /** The tags of a new pair: each tag on neither, one or both sides, at random commits. */
    public List<TagChange> initial(Random random) {
        List<TagChange> changes = new ArrayList<>();
        for (String tag : tags) {
            for (String url : urls) {
                if (random.nextInt(3) > 0) {
                    changes.add(new TagChange(url, tag, Optional.of(commits.get(random.nextInt(commits.size())))));
                }
            }
        }
        return changes;
    }

    /** Zero to two changes by people between two runs: a create, a move or a delete. */
    public List<TagChange> between(Random random) {
        List<TagChange> changes = new ArrayList<>();
        int count = random.nextInt(3);
        for (int i = 0; i < count; i++) {
            String url = urls.get(random.nextInt(urls.size()));
            String tag = tags.get(random.nextInt(tags.size()));
            Optional<CommitId> to = random.nextInt(4) == 0
                    ? Optional.empty()
                    : Optional.of(commits.get(random.nextInt(commits.size())));
            changes.add(new TagChange(url, tag, to));
        }
        return changes;
    }

    /** Applies changes to in-memory remotes. */
    public static void apply(InMemoryGitBackend git, List<TagChange> changes) {
        for (TagChange change : changes) {
            git.setRef(change.url(), "refs/tags/" + change.tag(), change.to());
        }
    }

    /** Every tag of a remote, short name to object. */
    public static Map<String, CommitId> tagsOf(InMemoryGitBackend git, String url) {
        Map<String, CommitId> tags = new TreeMap<>();
        git.refs(RepoLocation.of(url)).forEach((ref, id) -> {
            if (ref.startsWith("refs/tags/")) {
                tags.put(ref.substring("refs/tags/".length()), id);
            }
        });
        return tags;
    }
}
