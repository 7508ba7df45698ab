package dev.mirrorsync.jgit;

/**
 * Hears about {@link JGitBackend}'s long transfers (fetches and pushes) so that a caller can show progress. It calls it from
 * the thread doing the transfer; implementations must be quick and must not throw.
 */
@FunctionalInterface
public interface ProgressListener {
    /**
     * @param repo the credential-free URL of the remote
     * @param task what git is doing, for example {@code Receiving objects}
     * @param done units done so far
     * @param total units in all, or 0 when unknown
     */
    void progress(String repo, String task, long done, long total);

    /** Hears nothing. */
    static ProgressListener none() {
        return (repo, task, done, total) -> {};
    }
}
