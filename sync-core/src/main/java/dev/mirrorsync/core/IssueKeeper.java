package dev.mirrorsync.core;

import dev.mirrorsync.core.spi.IssueDraft;
import dev.mirrorsync.core.spi.IssueRef;
import dev.mirrorsync.core.spi.IssueTracker;
import dev.mirrorsync.core.spi.TrackedIssue;
import java.util.Optional;

/**
 * Keeps the one issue per (pair, branch) true to a branch report: opens it when a branch needs a human,
 * updates it only when the situation changed, and closes it with a comment once the branch is in sync.
 * A dry run reads the tracker and writes nothing.
 */
final class IssueKeeper {
    private final IssueTracker tracker;
    private final Retrier retrier;
    private final Spelling spelling;

    IssueKeeper(IssueTracker tracker, Retrier retrier, Spelling spelling) {
        this.tracker = tracker;
        this.retrier = retrier;
        this.spelling = spelling;
    }

    BranchReport apply(MirrorPair pair, BranchReport report, boolean dryRun) {
        try {
            return switch (report.outcome()) {
                case NEEDS_HUMAN -> file(pair, report, dryRun);
                case UP_TO_DATE, SYNCED -> close(pair, report, dryRun);
                case PENDING -> report.pullRequest().isPresent() && !dryRun ? link(pair, report) : report;
                case WOULD_SYNC, FAILED -> report;
            };
        } catch (MirrorSyncException e) {
            return BranchReport.builder()
                    .from(report)
                    .failure(e.reason())
                    .message(report.message() + "; the issue tracker " + tracker.describe() + " failed: "
                            + e.getMessage())
                    .build();
        }
    }

    private BranchReport file(MirrorPair pair, BranchReport report, boolean dryRun) {
        Filed filed = file(
                IssueReports.problem(pair, report, publiclyVisible(), spelling),
                dryRun,
                IssueReports.updateComment(report));
        return with(report, filed.action(), filed.ref());
    }

    /** What filing did: opened, updated, or nothing (the open issue already says it, or a dry run), and the issue. */
    private record Filed(IssueAction action, Optional<IssueRef> ref) {}

    /** Opens the draft's issue, or updates the open one when it says something else; a dry run only looks. */
    private Filed file(IssueDraft draft, boolean dryRun, String updateComment) {
        Optional<TrackedIssue> open = findOpen(draft.key());
        if (dryRun) {
            return new Filed(IssueAction.NONE, open.map(TrackedIssue::ref));
        }
        if (open.isEmpty()) {
            return new Filed(IssueAction.OPENED, Optional.of(openOnce(draft)));
        }
        TrackedIssue issue = open.get();
        if (issue.body().equals(draft.body()) && issue.title().equals(draft.title())) {
            return new Filed(IssueAction.NONE, Optional.of(issue.ref()));
        }
        retrier.run("updating issue " + issue.ref(), () -> tracker.update(issue.ref(), draft, updateComment));
        return new Filed(IssueAction.UPDATED, Optional.of(issue.ref()));
    }

    /**
     * Closes the open issue of a branch that is in sync. An overwrite by a preferring policy is recorded first
     * (in the open issue, or in a new one), so that what it set aside and where the backup is stays on file.
     */
    private BranchReport close(MirrorPair pair, BranchReport report, boolean dryRun) {
        String key = IssueReports.key(pair, report.branch());
        Optional<TrackedIssue> open = findOpen(key);
        if (dryRun) {
            return with(report, IssueAction.NONE, open.map(TrackedIssue::ref));
        }
        Optional<IssueRef> ref = open.map(TrackedIssue::ref);
        if (report.action().overwrites()) {
            IssueDraft record = IssueReports.problem(pair, report, publiclyVisible(), spelling);
            if (ref.isPresent()) {
                IssueRef existing = ref.get();
                retrier.run(
                        "updating issue " + existing,
                        () -> tracker.update(existing, record, IssueReports.updateComment(report)));
            } else {
                ref = Optional.of(openOnce(record));
            }
        }
        if (ref.isEmpty()) {
            return report;
        }
        IssueRef closing = ref.get();
        retrier.run("closing issue " + closing, () -> tracker.close(closing, IssueReports.closeComment(report)));
        return with(report, IssueAction.CLOSED, ref);
    }

    /** Links the pull request that proposes a resolution from the branch's open issue. */
    private BranchReport link(MirrorPair pair, BranchReport report) {
        Optional<TrackedIssue> open = findOpen(IssueReports.key(pair, report.branch()));
        if (open.isEmpty()) {
            return report;
        }
        IssueRef issue = open.get().ref();
        String pr = report.pullRequest()
                .map(ref -> ref + ref.url().map(url -> " (" + url + ")").orElse(""))
                .orElseThrow();
        retrier.run(
                "commenting on issue " + issue,
                () -> tracker.comment(
                        issue,
                        "Pull request " + pr
                                + " proposes the merge that resolves this. Once it is merged, the next sync closes this issue."));
        return with(report, IssueAction.UPDATED, Optional.of(issue));
    }

    /** As for a branch: one issue per (pair, tag), opened when it needs a human, closed once it is in sync. */
    TagReport apply(MirrorPair pair, TagReport report, boolean dryRun) {
        try {
            return switch (report.outcome()) {
                case NEEDS_HUMAN -> fileTag(pair, report, dryRun);
                case UP_TO_DATE, SYNCED -> closeTag(pair, report, dryRun);
                case PENDING, WOULD_SYNC, FAILED -> report;
            };
        } catch (MirrorSyncException e) {
            return TagReport.builder()
                    .from(report)
                    .failure(e.reason())
                    .message(report.message() + "; the issue tracker " + tracker.describe() + " failed: "
                            + e.getMessage())
                    .build();
        }
    }

    private TagReport fileTag(MirrorPair pair, TagReport report, boolean dryRun) {
        Filed filed = file(
                IssueReports.tagProblem(pair, report, publiclyVisible()),
                dryRun,
                IssueReports.tagUpdateComment(report));
        return with(report, filed.action(), filed.ref());
    }

    private TagReport closeTag(MirrorPair pair, TagReport report, boolean dryRun) {
        Optional<TrackedIssue> open = findOpen(IssueReports.tagKey(pair, report.tag()));
        if (open.isEmpty() || dryRun) {
            return with(report, IssueAction.NONE, open.map(TrackedIssue::ref));
        }
        IssueRef closing = open.get().ref();
        retrier.run("closing issue " + closing, () -> tracker.close(closing, IssueReports.tagCloseComment(report)));
        return with(report, IssueAction.CLOSED, Optional.of(closing));
    }

    private static TagReport with(TagReport report, IssueAction action, Optional<IssueRef> ref) {
        return TagReport.builder().from(report).issueAction(action).issue(ref).build();
    }

    /**
     * Opens the draft's issue, retrying like any call; but a retry first looks for the issue again, because the
     * attempt that failed may have been carried out by the tracker with only its answer lost on the way back (a
     * connection reset after the request arrived). Retrying the open blindly would file the problem twice.
     */
    private IssueRef openOnce(IssueDraft draft) {
        boolean[] attempted = {false};
        return retrier.call("opening an issue", () -> {
            if (attempted[0]) {
                Optional<TrackedIssue> filed = tracker.findOpen(draft.key());
                if (filed.isPresent()) {
                    return filed.get().ref();
                }
            }
            attempted[0] = true;
            return tracker.open(draft);
        });
    }

    /** Asking may be the tracker's first request (GitHub reads the repository), so it is retried like any other. */
    private boolean publiclyVisible() {
        return retrier.call("reading the tracker's visibility", tracker::isPubliclyVisible);
    }

    private Optional<TrackedIssue> findOpen(String key) {
        return retrier.call("finding the open issue", () -> tracker.findOpen(key));
    }

    private static BranchReport with(BranchReport report, IssueAction action, Optional<IssueRef> ref) {
        return BranchReport.builder()
                .from(report)
                .issueAction(action)
                .issue(ref)
                .build();
    }
}
