package dev.mirrorsync.bench;

/** A way of doing one sync run, timed side by side with the others. */
enum Approach {
    /** What the seed's GitHub Actions jobs do: a full clone (fetch-depth 0), fetch the other side, git push. */
    SEED("seed jobs (clone + fetch + push)", true),
    /** Plain git at its best: a warm bare mirror, git fetch of both sides, one git push of exactly the delta. */
    GIT_BEST("plain git, warm mirror", true),
    /** mirror-sync in-process, a new empty cache, the default watermark store (a ref on private). */
    MS_COLD("mirror-sync, cold cache", false),
    /** mirror-sync in-process, the cache of the previous run, the default watermark store (a ref on private). */
    MS_WARM_REF("mirror-sync, warm, ref store", false),
    /** mirror-sync in-process, the cache of the previous run, {@code SyncStateStores.file(...)}. */
    MS_WARM_FILE("mirror-sync, warm, file store", false),
    /** The CLI as a process ({@code java -jar}, JVM start included), warm cache, default store. Once per scenario. */
    MS_CLI("mirror-sync CLI (java -jar), warm", true),
    /** The CLI as a process with {@code --backend jgit}, the cache of the previous run (shell mode). */
    MS_CLI_JGIT("mirror-sync CLI --backend jgit, warm", true),
    /** The CLI as a process with {@code --backend git}, the cache of the previous run (shell mode). */
    MS_CLI_GIT("mirror-sync CLI --backend git, warm", true),
    /** The CLI as a process with {@code --backend jgit} and an empty cache, as on a fresh CI runner (shell mode). */
    MS_CLI_COLD_JGIT("mirror-sync CLI --backend jgit, cold", true),
    /** The CLI as a process with {@code --backend git} and an empty cache, as on a fresh CI runner (shell mode). */
    MS_CLI_COLD_GIT("mirror-sync CLI --backend git, cold", true),
    /** The floor for "nothing changed": two {@code git ls-remote} processes. */
    GIT_LS_REMOTE_X2("2 × git ls-remote", true),
    /** Two ref advertisements in-process through JGit (JGitBackend.listRefs), backend open and close included. */
    JGIT_LS_REMOTE_X2("2 × JGit listRefs in-process", false);

    final String label;
    /** Whether its memory is a process's peak RSS ({@code /usr/bin/time}) rather than the JVM's peak heap. */
    final boolean process;

    Approach(String label, boolean process) {
        this.label = label;
        this.process = process;
    }

    boolean isMirrorSync() {
        return this == MS_COLD || this == MS_WARM_REF || this == MS_WARM_FILE || this == MS_CLI || isCliRun();
    }

    /** The shell mode's CLI runs: a {@code java -jar} process with an explicit backend. */
    boolean isCliRun() {
        return this == MS_CLI_JGIT || this == MS_CLI_GIT || this == MS_CLI_COLD_JGIT || this == MS_CLI_COLD_GIT;
    }

    /** Whether every run moves the whole history (a clone or an empty cache): fewer repetitions of these. */
    boolean isHeavy() {
        return this == SEED || this == MS_COLD || this == MS_CLI_COLD_JGIT || this == MS_CLI_COLD_GIT;
    }

    /** The {@code --backend} a shell-mode CLI run passes. */
    String backend() {
        return this == MS_CLI_GIT || this == MS_CLI_COLD_GIT ? "git" : "jgit";
    }
}
