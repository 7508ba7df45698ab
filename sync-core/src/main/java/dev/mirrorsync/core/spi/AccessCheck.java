package dev.mirrorsync.core.spi;

import org.immutables.value.Value;

/**
 * The answer to one read-only pre-flight question ({@code mirror-sync sync --check}): may the tracker open issues,
 * may a push to this branch go through. A check that fails says what to fix in {@link #detail()}; one the adapter
 * cannot answer is {@link Status#NOT_CHECKED}, never a pass. The detail never contains a credential.
 */
@Value.Immutable
public abstract class AccessCheck {
    /** How the check came out. */
    public enum Status {
        PASSED,
        FAILED,
        NOT_CHECKED
    }

    AccessCheck() {}

    /** What was checked, in a few words: {@code issues}, {@code labels}, {@code branch protection of main}. */
    @Value.Parameter
    public abstract String what();

    @Value.Parameter
    public abstract Status status();

    /** What was found, and for a failure the fix. */
    @Value.Parameter
    public abstract String detail();

    public static AccessCheck passed(String what, String detail) {
        return ImmutableAccessCheck.of(what, Status.PASSED, detail);
    }

    public static AccessCheck failed(String what, String fix) {
        return ImmutableAccessCheck.of(what, Status.FAILED, fix);
    }

    public static AccessCheck notChecked(String what, String why) {
        return ImmutableAccessCheck.of(what, Status.NOT_CHECKED, why);
    }
}
