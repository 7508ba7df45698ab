package dev.mirrorsync.testing;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.MirrorPair;
import dev.mirrorsync.core.Side;
import dev.mirrorsync.core.SyncReport;
import dev.mirrorsync.core.SyncRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything observed around one {@code MirrorSync.sync} call, for {@link Invariants}: the world and the
 * tracker before and after, the report (or what was thrown), the pushes the engine made, and the scripted
 * disturbances that actually happened.
 *
 * @param concurrentCommits commits another client made inside the engine's pushes (races that ran)
 * @param trackerFaulted whether a tracker fault was scripted for this run (issue checks are relaxed)
 * @param undisturbed no race ran, no permanent fault or refusal happened, no transient fault exhausted its
 *     retries: the run must reach what the state table says
 * @param secrets tokens that must not appear in any output
 * @param commits subject and author of every commit the harness made, for the public-tracker check
 */
public record SyncRun(
        MirrorPair pair,
        SyncRequest request,
        WorldSnapshot before,
        WorldSnapshot after,
        Optional<SyncReport> report,
        Optional<RuntimeException> thrown,
        List<ScriptedGitBackend.Push> pushes,
        List<ConcurrentCommit> concurrentCommits,
        List<RecordingIssueTracker.Issue> issuesBefore,
        List<RecordingIssueTracker.Issue> issuesAfter,
        int trackerWritesBefore,
        int trackerWritesAfter,
        boolean trackerPublic,
        boolean trackerFaulted,
        boolean undisturbed,
        Set<String> secrets,
        Map<CommitId, CommitMeta> commits) {

    /** A commit another client made on {@code branch} of {@code side} while the engine was pushing. */
    public record ConcurrentCommit(Side side, String branch, CommitId commit) {}

    /** Who wrote a commit and its subject, as the harness made it. */
    public record CommitMeta(Side origin, String subject, String author) {}

    /** Whether the run finished with a report in which nothing failed. */
    public boolean succeeded() {
        return thrown.isEmpty() && report.isPresent() && !report.get().hasFailures();
    }
}
