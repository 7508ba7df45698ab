package dev.mirrorsync.core;

import java.util.HashSet;
import java.util.List;
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

    /** The branches to sync, short names, at least one, no duplicates. */
    public abstract List<String> branches();

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
            throw new IllegalArgumentException("pair name '" + PrintableText.of(name())
                    + "' is not valid: use letters, digits, '.', '_', '/' or '-' (at most 100), starting with a letter or digit");
        }
        if (branches().isEmpty()) {
            throw new IllegalArgumentException("a pair needs at least one branch");
        }
        List<String> checked = branches().stream().map(BranchNames::check).toList();
        if (new HashSet<>(checked).size() != checked.size()) {
            throw new IllegalArgumentException("a branch is named twice in " + checked);
        }
        if (privateRepo().url().equals(publicRepo().url())) {
            throw new IllegalArgumentException("the private and the public repository are the same: " + privateRepo().url());
        }
        if (checked.equals(branches())) {
            return this;
        }
        return builder().from(this).branches(checked).build();
    }
}
