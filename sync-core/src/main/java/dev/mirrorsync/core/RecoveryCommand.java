package dev.mirrorsync.core;

/**
 * Writes the command that resolves a branch, for the issue filed about it: the caller's own command line (the
 * CLI builds it from the options the sync was run with, so that running it resolves the branch and closes the
 * issue), or a description of the {@link MirrorSync#resolve} call when none is given. The library decides what
 * resolves the branch (the strategy, and whether a rewrite must be accepted); the caller decides how that is
 * spelled. Implementations must be pure functions of their arguments: an issue is updated only when its text changes.
 */
@FunctionalInterface
public interface RecoveryCommand {
    /**
     * The shell variable that names the private repository in an issue of a publicly visible tracker, where its URL
     * is left out: the issue says to set it, and {@code privateRepository} is {@code "$PRIVATE_REPO_URL"}.
     */
    String PRIVATE_REPOSITORY_VARIABLE = "PRIVATE_REPO_URL";

    /**
     * @param pair the pair the issue is about
     * @param branch the one branch to resolve
     * @param resolution what resolves it: its strategy and {@link ResolveRequest#acceptRewrite()} (never a dry run)
     * @param privateRepository the private repository as the command must name it, already one shell word: its URL
     *     quoted with {@link ShellWords#quote}, or {@code "$PRIVATE_REPO_URL"} when the tracker is public
     * @return one or more lines of POSIX shell; the public repository and the branch quoted with {@link ShellWords#quote}
     */
    String command(MirrorPair pair, String branch, ResolveRequest resolution, String privateRepository);

    /** What an embedder's issues say when it gives no command of its own: the {@link MirrorSync#resolve} call, as a comment. */
    static RecoveryCommand api() {
        return (pair, branch, resolution, privateRepository) -> "# MirrorSync.resolve(pair " + ShellWords.quote(pair.name())
                + " with only branch " + ShellWords.quote(branch) + ", ResolveRequest.builder().strategy(ResolveStrategy."
                + resolution.strategy().name() + ")" + (resolution.acceptRewrite() ? ".acceptRewrite(true)" : "") + ".build())";
    }
}
