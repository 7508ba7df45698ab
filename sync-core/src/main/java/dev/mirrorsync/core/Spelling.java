package dev.mirrorsync.core;

import java.util.List;
import java.util.stream.Collectors;

/**
 * How the caller names the library's choices in the messages and issues a human reads: the library says what was
 * found and what would help (merge, or prefer a side; accept a rewrite; a run that may update public), and the caller
 * says how that is asked for. The CLI spells them as its command line ({@code mirror-sync resolve --strategy merge});
 * the default, {@link #api()}, in the words of this library's API ({@code MirrorSync.resolve},
 * {@code ResolveStrategy.MERGE}). The library itself names no command-line option. Only {@link #resolveCommand} must be
 * written; the other methods default to the API's words and grow only as default methods.
 *
 * <p>Implementations must be pure functions of their arguments (an issue is updated only when its text changes) and
 * safe to call from any thread.
 */
public interface Spelling {
    /**
     * The shell variable that names the private repository in an issue of a publicly visible tracker, where its URL
     * is left out: the issue says to set it, and {@code privateRepository} is {@code "$PRIVATE_REPO_URL"}.
     */
    String PRIVATE_REPOSITORY_VARIABLE = "PRIVATE_REPO_URL";

    /**
     * The command, written into a branch's issue, that resolves the branch and closes the issue.
     *
     * @param pair the pair the issue is about
     * @param branch the one branch to resolve
     * @param resolution what resolves it: its strategy and {@link ResolveRequest#acceptRewrite()} (never a dry run)
     * @param privateRepository the private repository as the command must name it, already one shell word: its URL
     *     quoted with {@link ShellWords#quote}, or {@code "$PRIVATE_REPO_URL"} when the tracker is public
     * @return one or more lines of POSIX shell, every word quoted with {@link ShellWords#quote}
     */
    String resolveCommand(MirrorPair pair, String branch, ResolveRequest resolution, String privateRepository);

    /** A strategy, as the caller asks for it ({@code prefer-private}); default: its name. */
    default String strategy(ResolveStrategy strategy) {
        return strategy.name();
    }

    /** Asking to act on an unrelated or rewritten branch ({@link ResolveRequest#acceptRewrite()}). */
    default String acceptRewrite() {
        return "acceptRewrite";
    }

    /** Asking for the merge to be proposed as a pull request ({@link ResolveRequest#viaPullRequest()}). */
    default String viaPullRequest() {
        return "viaPullRequest";
    }

    /** How to resolve with one of {@code strategies}, as the tail of a sentence ({@code resolve with: ...}). */
    default String resolveWith(List<ResolveStrategy> strategies, boolean acceptRewrite) {
        return "MirrorSync.resolve with ResolveStrategy "
                + strategies.stream().map(this::strategy).collect(Collectors.joining(" or "))
                + (acceptRewrite ? " and " + acceptRewrite() : "");
    }

    /** Where the caller names the branches, appended to "check its name" (may be empty). */
    default String branchesHint() {
        return " among the pair's branches";
    }

    /** The run direction that may update {@code target}, appended to "pending a run that may update public" (may be empty). */
    default String directionHint(Side target) {
        return " (Direction " + (target == Side.PUBLIC ? Direction.TO_PUBLIC : Direction.TO_PRIVATE).name()
                + " or BOTH)";
    }

    /**
     * The library's own words: its API's names (the defaults of the other methods), and the {@link MirrorSync#resolve}
     * call as a shell comment.
     */
    static Spelling api() {
        return (pair, branch, resolution, privateRepository) ->
                "# MirrorSync.resolve(pair " + ShellWords.quote(pair.name())
                        + " with only branch " + ShellWords.quote(branch)
                        + ", ResolveRequest.builder().strategy(ResolveStrategy."
                        + resolution.strategy().name() + ")"
                        + (resolution.acceptRewrite() ? ".acceptRewrite(true)" : "") + ".build())";
    }
}
