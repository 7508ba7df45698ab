package dev.mirrorsync.core;

import java.util.List;
import java.util.Optional;

/**
 * The one-sentence message of a {@link BranchReport}: what was found, what was done, what to do next, the next step
 * in the caller's {@link Spelling}.
 */
final class Explanations {
    private static final List<ResolveStrategy> PREFER_A_SIDE =
            List.of(ResolveStrategy.PREFER_PRIVATE, ResolveStrategy.PREFER_PUBLIC);

    private final Spelling spelling;

    Explanations(Spelling spelling) {
        this.spelling = spelling;
    }

    String of(BranchReport r) {
        if (r.state().isEmpty()) {
            return r.message();
        }
        String lfs = "";
        if (r.lfsObjects().orElse(0) > 0) {
            String target = r.action().target().map(Side::label).orElse("the other side");
            lfs = "; the carried commits point to " + r.lfsObjects().getAsLong() + " Git LFS object"
                    + (r.lfsObjects().getAsLong() == 1 ? "" : "s") + ", which mirror-sync does not copy yet: " + target
                    + " lacks them until they are sent with git lfs push";
        }
        return state(r) + lfs;
    }

    private String state(BranchReport r) {
        String b = r.branch();
        return switch (r.state().get()) {
            case BOTH_MISSING -> "branch '" + b + "' exists on neither side; check its name" + spelling.branchesHint();
            case IN_SYNC -> "both sides at " + abbrev(r.privateBefore());
            case PRIVATE_MISSING, PUBLIC_MISSING, PRIVATE_AHEAD, PUBLIC_AHEAD -> move(r);
            case DIVERGED ->
                r.onlyOnPrivate().totalText() + " only on private, "
                        + r.onlyOnPublic().totalText()
                        + " only on public (merge base " + abbrev(r.mergeBase()) + "); "
                        + (r.action().overwrites() ? move(r) : leftForHuman(List.of(ResolveStrategy.values()), false));
            case UNRELATED -> "no common history; " + leftForHuman(PREFER_A_SIDE, true);
            case PRIVATE_REWRITTEN -> rewritten(r, Side.PRIVATE);
            case PUBLIC_REWRITTEN -> rewritten(r, Side.PUBLIC);
        };
    }

    static String rejected(String branch, Plan plan, String rejection) {
        // A lock the remote could not take, with the ref unmoved, is most often a lock file that a crashed git
        // process (on a local-path remote, possibly a killed mirror-sync) left behind in the remote repository.
        String advice = rejection.contains("lock")
                ? "the remote could not lock " + BranchNames.ref(branch)
                        + ": if no other git process is working on that" + " repository, a crashed one left "
                        + BranchNames.ref(branch) + ".lock behind there; remove it"
                : "check the token's write permission and branch protection";
        return branch + ": the push for " + plan.action() + " was refused and nothing had moved (" + rejection + "); "
                + advice;
    }

    private String rewritten(BranchReport r, Side side) {
        Optional<CommitId> tip = side == Side.PRIVATE ? r.privateBefore() : r.publicBefore();
        String what = tip.isEmpty()
                ? "was deleted"
                : "no longer contains " + abbrev(r.watermark())
                        + ", the last commit both sides agreed on (moved backwards or force-pushed)";
        return side.label() + " " + what + "; its removed commits are not pushed again. "
                + leftForHuman(PREFER_A_SIDE, true);
    }

    private String leftForHuman(List<ResolveStrategy> strategies, boolean acceptRewrite) {
        return "no branch moved; resolve with: " + spelling.resolveWith(strategies, acceptRewrite);
    }

    private String move(BranchReport r) {
        Side target = r.action().target().orElseThrow();
        Optional<CommitId> to = target == Side.PUBLIC ? r.privateBefore() : r.publicBefore();
        boolean create = r.action() == SyncAction.CREATE_PUBLIC || r.action() == SyncAction.CREATE_PRIVATE;
        String verb = create ? "create" : r.action().overwrites() ? "overwrite" : "fast-forward";
        String done = create ? "created" : r.action().overwrites() ? "overwrote" : "fast-forwarded";
        String phrase = target.label() + " " + r.branch() + (create ? " at " : " to ") + abbrev(to);
        return switch (r.outcome()) {
            case SYNCED ->
                done + " " + phrase
                        + r.backupRef()
                                .map(ref -> ", keeping its old tip at " + ref)
                                .orElse("");
            case WOULD_SYNC ->
                "would " + verb + " " + phrase
                        + (r.action().overwrites() ? " after writing a backup ref of its tip" : "");
            case PENDING ->
                "needs to " + verb + " " + phrase + "; pending a run that may update " + target.label()
                        + spelling.directionHint(target);
            case FAILED -> "could not " + verb + " " + phrase;
            case UP_TO_DATE, NEEDS_HUMAN -> "nothing to do";
        };
    }

    /** The one-sentence message of a {@link TagReport}. */
    static String of(TagReport r) {
        if (r.state().isEmpty()) {
            return r.message();
        }
        String t = "tag " + r.tag();
        return switch (r.state().get()) {
            case IN_SYNC ->
                r.privateBefore().isEmpty()
                        ? t + " is gone from both sides; no longer remembered"
                        : t + " at " + abbrev(r.privateBefore()) + " on both sides";
            case PRIVATE_MISSING, PUBLIC_MISSING -> createTag(r);
            case CONFLICTING, PRIVATE_MOVED, PUBLIC_MOVED, PRIVATE_DELETED, PUBLIC_DELETED ->
                t + " "
                        + r.state().get().phrase() + " (private " + abbrev(r.privateBefore()) + ", public "
                        + abbrev(r.publicBefore()) + ", synced " + abbrev(r.synced())
                        + "); mirror-sync never moves or deletes"
                        + " a tag: make both sides agree by hand (or delete it on both), and the next run records it";
        };
    }

    private static String createTag(TagReport r) {
        Side target = r.action().target().orElseThrow();
        String phrase = "tag " + r.tag() + " on " + target.label() + " at "
                + abbrev(target == Side.PUBLIC ? r.privateBefore() : r.publicBefore());
        return switch (r.outcome()) {
            case SYNCED -> "created " + phrase;
            case WOULD_SYNC -> "would create " + phrase;
            case PENDING -> "needs to create " + phrase + "; pending a run that may update " + target.label();
            case FAILED -> "could not create " + phrase;
            case UP_TO_DATE, NEEDS_HUMAN -> "nothing to do";
        };
    }

    static String abbrev(Optional<CommitId> id) {
        return id.map(CommitId::abbreviated).orElse("(none)");
    }
}
