package dev.mirrorsync.core;

import java.util.Locale;
import java.util.regex.Pattern;
import org.immutables.value.Value;

/** The full object id of a commit: 40 (SHA-1) or 64 (SHA-256) lower-case hex digits. */
@Value.Immutable
public abstract class CommitId implements Comparable<CommitId> {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    CommitId() {}

    @Value.Parameter
    public abstract String hex();

    /**
     * Parses a full commit id.
     *
     * @throws IllegalArgumentException when {@code hex} is not 40 or 64 hex digits
     */
    public static CommitId of(String hex) {
        return ImmutableCommitId.of(hex.toLowerCase(Locale.ROOT));
    }

    /** The first twelve digits, as people quote them. */
    public String abbreviated() {
        return hex().substring(0, 12);
    }

    @Value.Check
    void check() {
        if (!HEX.matcher(hex()).matches()) {
            throw new IllegalArgumentException("not a full commit id (40 or 64 hex digits): '" + hex() + "'");
        }
    }

    @Override
    public int compareTo(CommitId other) {
        return hex().compareTo(other.hex());
    }

    @Override
    public String toString() {
        return hex();
    }
}
