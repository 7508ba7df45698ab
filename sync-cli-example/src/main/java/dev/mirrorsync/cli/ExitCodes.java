package dev.mirrorsync.cli;

import dev.mirrorsync.core.BranchReport;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.Outcome;
import dev.mirrorsync.core.SyncReport;
import dev.mirrorsync.core.SyncState;
import dev.mirrorsync.core.TagReport;
import java.util.Optional;

/** The CLI contract's exit codes, decided in one place. */
final class ExitCodes {
    /** Every branch is in sync or was synced (or, in a dry run, nothing needs a human). */
    static final int OK = 0;
    /** A failure: authentication, permission, protection, network after retries, the tracker. */
    static final int FAILURE = 1;
    /** Usage or configuration: an option, a URL, a branch name, a cache or tracker directory. */
    static final int USAGE = 2;
    /** At least one branch needs a human: diverged, unrelated, rewritten. */
    static final int NEEDS_HUMAN = 3;

    // The lines each command's --help lists under "Exit codes:", so that a command shows only the codes it can return.
    static final String OK_SYNCED = "0:every branch is in sync or was synced (with --dry-run: nothing needs a human)";
    static final String OK_PLANNED = "0:nothing needs a human (every branch is in sync or a sync would fix it)";
    static final String OK_RESOLVED = "0:every branch is in sync, was resolved (or, with --dry-run, would be)";
    static final String OK_CHECKED = "0:(with --check) every check passed";
    static final String FAILED = "1:a failure (authentication, permission, protection, network after retries, tracker)";
    static final String FAILED_CHECK = "1:(with --check) something would fail";
    static final String BAD_USAGE =
            "2:a usage or configuration error (an option, a URL or path, a branch name, the tracker)";
    static final String HUMAN =
            "3:at least one branch needs a human (diverged, unrelated, rewritten), or a tag (conflicting, moved, deleted)";
    static final String HUMAN_UNRESOLVED =
            "3:a branch still needs a human (a merge conflicts, or a rewrite needs --accept-rewrite)";

    private ExitCodes() {}

    /** Configuration problems outrank failures, which outrank branches that need a human. */
    static int of(SyncReport report) {
        int code = OK;
        for (BranchReport branch : report.branches()) {
            code = worse(code, of(branch));
        }
        for (TagReport tag : report.tags()) {
            int tagCode =
                    tag.failure().map(ExitCodes::of).orElse(tag.outcome() == Outcome.NEEDS_HUMAN ? NEEDS_HUMAN : OK);
            code = worse(code, tagCode);
        }
        return code;
    }

    private static int of(BranchReport branch) {
        if (branch.state().equals(Optional.of(SyncState.BOTH_MISSING))) {
            return USAGE;
        }
        if (branch.failure().isPresent()) {
            return of(branch.failure().get());
        }
        return branch.outcome() == Outcome.NEEDS_HUMAN ? NEEDS_HUMAN : OK;
    }

    static int of(MirrorSyncException.Reason reason) {
        return switch (reason) {
            case INVALID_INPUT, CACHE -> USAGE;
            case AUTHENTICATION,
                    PERMISSION,
                    NOT_FOUND,
                    NETWORK,
                    RATE_LIMITED,
                    SERVER_ERROR,
                    CONCURRENT_UPDATE,
                    UNSUPPORTED,
                    INTERNAL -> FAILURE;
        };
    }

    /** The worse of two exit codes: 2, then 1, then 3, then 0. */
    static int worse(int a, int b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(int code) {
        return switch (code) {
            case USAGE -> 3;
            case FAILURE -> 2;
            case NEEDS_HUMAN -> 1;
            default -> 0;
        };
    }
}
