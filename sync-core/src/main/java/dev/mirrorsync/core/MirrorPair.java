package dev.mirrorsync.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.immutables.value.Value;

/**
 * A named (private, public) couple of repositories and the branches kept in sync between them.
 * The name keys the watermark and the one issue per branch, so it must stay stable across runs.
 */
@Value.Immutable
public abstract class MirrorPair {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,99}");

    MirrorPair() {}

    /** A stable name: letters, digits, {@code . _ / -}; at most 100 characters. */
    public abstract String name();

    public abstract RepoLocation privateRepo();

    public abstract RepoLocation publicRepo();

    /** The branches named to sync, short names, no duplicates; at least one, unless {@link #branchPatterns()} has one. */
    public abstract List<String> branches();

    /**
     * More branches, by pattern: each run syncs every branch on either side whose name matches one of these (and
     * none of {@link #excludedBranches()}), so a branch that appears is picked up by the next run.
     */
    public abstract List<BranchPattern> branchPatterns();

    /** Patterns of branches that {@link #branchPatterns()} leaves out. A branch named in {@link #branches()} cannot be excluded. */
    public abstract List<BranchPattern> excludedBranches();

    /**
     * The branches a run syncs, given the branch names seen on either side: the named ones in their order, then those
     * seen that a pattern selects and no exclude removes, sorted.
     */
    public List<String> selectBranches(Collection<String> seen) {
        List<String> selected = new ArrayList<>(branches());
        new TreeSet<>(seen)
                .stream()
                        .filter(b -> !selected.contains(b))
                        .filter(b -> branchPatterns().stream().anyMatch(p -> p.matches(b)))
                        .filter(b -> excludedBranches().stream().noneMatch(p -> p.matches(b)))
                        .forEach(selected::add);
        return selected;
    }

    /**
     * Whether runs also sync tags: a tag on one side only is created on the other (lease: must not exist); one that
     * points elsewhere, or was moved or deleted after it was synced, is reported and never moved or deleted.
     */
    @Value.Default
    public boolean syncTags() {
        return false;
    }

    public RepoLocation repo(Side side) {
        return side == Side.PRIVATE ? privateRepo() : publicRepo();
    }

    /**
     * The key of the one issue for {@code branch} of this pair: {@code mirror-sync:<pair>:<branch>}. Characters that
     * could end the hidden HTML comment the key is written into ({@code >}, and a dash that would make {@code --})
     * are percent-encoded, so that no branch name can forge or break the marker.
     */
    public String issueKey(String branch) {
        StringBuilder key = new StringBuilder("mirror-sync:").append(name()).append(':');
        for (int i = 0; i < branch.length(); i++) {
            char c = branch.charAt(i);
            boolean dashAfterDash = c == '-' && key.charAt(key.length() - 1) == '-';
            if (c == '>' || c == '<' || c == '%' || dashAfterDash) {
                key.append('%').append(String.format("%02X", (int) c));
            } else {
                key.append(c);
            }
        }
        return key.toString();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link MirrorPair}; {@code build()} throws {@link IllegalArgumentException} on bad input. */
    public static final class Builder extends ImmutableMirrorPair.Builder {}

    @Value.Check
    MirrorPair normalize() {
        if (!NAME.matcher(name()).matches()) {
            throw new IllegalArgumentException(
                    "pair name '" + PrintableText.of(name())
                            + "' is not valid: use letters, digits, '.', '_', '/' or '-' (at most 100), starting with a letter or digit");
        }
        if (branches().isEmpty() && branchPatterns().isEmpty()) {
            throw new IllegalArgumentException("a pair needs at least one branch or branch pattern");
        }
        List<String> checked = branches().stream().map(BranchNames::check).toList();
        for (String branch : checked) {
            excludedBranches().stream()
                    .filter(p -> p.matches(branch))
                    .findFirst()
                    .ifPresent(p -> {
                        throw new IllegalArgumentException(
                                "branch '" + PrintableText.of(branch) + "' is named and also excluded by '"
                                        + PrintableText.of(p.text()) + "': drop one of the two");
                    });
        }
        if (new HashSet<>(checked).size() != checked.size()) {
            throw new IllegalArgumentException("a branch is named twice in " + checked);
        }
        if (privateRepo().url().equals(publicRepo().url())) {
            throw new IllegalArgumentException("the private and the public repository are the same: "
                    + privateRepo().url());
        }
        if (checked.equals(branches())) {
            return this;
        }
        return builder().from(this).branches(checked).build();
    }
}
