package dev.mirrorsync.core;

import dev.mirrorsync.core.spi.IssueDraft;
import dev.mirrorsync.core.spi.IssueProtocol;
import java.util.Optional;

/**
 * Turns a branch that needs a human into the text of its one issue: title, labels, the hidden dedup
 * marker, the tips and merge base, the commits only on each side (capped, with totals) and recovery
 * commands for the real remotes and branch. The body holds no timestamps, so an unchanged situation gives
 * an identical body and the tracker is not written to.
 */
final class IssueReports {
    private IssueReports() {}

    /** One key per (pair, branch): the problem, whatever state it is in. */
    static String key(MirrorPair pair, String branch) {
        return pair.issueKey(branch);
    }

    static IssueDraft problem(MirrorPair pair, BranchReport r, boolean publicTracker) {
        String key = key(pair, r.branch());
        StringBuilder body = new StringBuilder();
        body.append(IssueProtocol.marker(key)).append("\n\n");
        body.append("mirror-sync could not keep `").append(r.branch()).append("` of pair `").append(pair.name())
                .append("` in sync: **").append(describe(r.state().orElseThrow())).append("**.\n\n");
        body.append(Explanations.of(r)).append(".\n\n");
        tips(body, r);
        commits(body, "Only on private", r.onlyOnPrivate(), publicTracker);
        commits(body, "Only on public", r.onlyOnPublic(), false);
        if (!r.conflictingPaths().isEmpty()) {
            body.append("### Merge conflicts (").append(r.conflictingPaths().size()).append(")\n\n")
                    .append("`mirror-sync resolve --strategy merge` stopped: these paths changed differently on both sides.\n\n");
            r.conflictingPaths().stream().limit(BranchObserver.LISTED_COMMITS)
                    .forEach(path -> body.append("- ").append(MarkdownText.inert(path)).append('\n'));
            body.append('\n');
        }
        r.backupRef().ifPresent(ref -> body.append("The overwritten tip is kept at `").append(ref).append("`.\n\n"));
        recovery(body, pair, r, publicTracker);
        return IssueDraft.builder()
                .key(key)
                .title("mirror-sync: " + r.branch() + " " + describe(r.state().orElseThrow()) + " (" + pair.name() + ")")
                .body(body.toString())
                .labels(IssueProtocol.LABELS)
                .build();
    }

    /** The comment that goes with an update: what changed, in one line. */
    static String updateComment(BranchReport r) {
        return "The situation changed: now " + describe(r.state().orElseThrow()) + ", private `" + Explanations.abbrev(r.privateBefore())
                + "`, public `" + Explanations.abbrev(r.publicBefore()) + "`, " + r.onlyOnPrivate().total()
                + " only on private, " + r.onlyOnPublic().total() + " only on public.";
    }

    static String closeComment(BranchReport r) {
        String shared = Explanations.abbrev(r.privateAfter());
        String backup = r.backupRef().map(ref -> " The overwritten tip is kept at `" + ref + "`.").orElse("");
        return "Back in sync: both sides of `" + r.branch() + "` are at `" + shared + "`." + backup
                + " Closed by mirror-sync.";
    }

    private static String describe(SyncState state) {
        return switch (state) {
            case DIVERGED -> "diverged";
            case UNRELATED -> "unrelated histories";
            case PRIVATE_REWRITTEN -> "private side rewritten";
            case PUBLIC_REWRITTEN -> "public side rewritten";
            case BOTH_MISSING -> "missing on both sides";
            case IN_SYNC -> "in sync";
            case PRIVATE_MISSING -> "missing on private";
            case PUBLIC_MISSING -> "missing on public";
            case PRIVATE_AHEAD -> "private ahead";
            case PUBLIC_AHEAD -> "public ahead";
        };
    }

    private static void tips(StringBuilder body, BranchReport r) {
        body.append("| | commit |\n|---|---|\n");
        row(body, "private `" + r.branch() + "`", r.privateBefore());
        row(body, "public `" + r.branch() + "`", r.publicBefore());
        row(body, "merge base", r.mergeBase());
        row(body, "last agreed (watermark)", r.watermark());
        body.append('\n');
    }

    private static void row(StringBuilder body, String what, Optional<CommitId> id) {
        body.append("| ").append(what).append(" | ").append(id.map(c -> "`" + c.hex() + "`").orElse("(none)")).append(" |\n");
    }

    private static void commits(StringBuilder body, String heading, CommitList commits, boolean idsOnly) {
        body.append("### ").append(heading).append(" (").append(commits.total()).append(")\n\n");
        if (commits.total() == 0) {
            body.append("None.\n\n");
            return;
        }
        if (idsOnly) {
            body.append("This tracker is public: private commits are listed by id only.\n\n");
        }
        for (CommitInfo c : commits.listed()) {
            body.append("- `").append(c.id().abbreviated()).append('`');
            if (!idsOnly) {
                body.append(' ').append(MarkdownText.inert(c.subject()))
                        .append(" (").append(MarkdownText.inert(c.authorName())).append(')');
            }
            body.append('\n');
        }
        if (commits.isTruncated()) {
            body.append("- … and ").append(commits.total() - commits.listed().size()).append(" more\n");
        }
        body.append('\n');
    }

    /** In a public tracker the private repository's URL is a private detail too: the commands read it from a variable. */
    private static void recovery(StringBuilder body, MirrorPair pair, BranchReport r, boolean publicTracker) {
        String b = r.branch();
        String ref = BranchNames.ref(b);
        String priv = publicTracker ? "\"$PRIVATE_REPO_URL\"" : MarkdownText.shellQuote(pair.privateRepo().url());
        String pub = MarkdownText.shellQuote(pair.publicRepo().url());
        String p = r.privateBefore().map(CommitId::hex).orElse("");
        String q = r.publicBefore().map(CommitId::hex).orElse("");
        body.append("### Recovery\n\nLet mirror-sync do it (it writes a backup ref before it overwrites anything):\n\n```sh\n");
        if (publicTracker) {
            body.append("PRIVATE_REPO_URL=...   # the private repository's URL, left out of this public issue\n");
        }
        String flags = r.state().orElseThrow() == SyncState.DIVERGED ? "" : " --accept-rewrite";
        String strategies = r.state().orElseThrow() == SyncState.PUBLIC_REWRITTEN ? "prefer-public"
                : r.state().orElseThrow() == SyncState.DIVERGED ? "merge" : "prefer-private";
        body.append("mirror-sync resolve --private ").append(priv).append(" --public ").append(pub)
                .append(" --branch ").append(b).append(" --name ").append(pair.name())
                .append(" --strategy ").append(strategies).append(flags).append(" --dry-run\n```\n\n");
        body.append("Or by hand with git; every push carries a lease, so a concurrent change is never overwritten:\n\n```sh\n");
        body.append("git init mirror-sync-recovery && cd mirror-sync-recovery\n");
        body.append("git remote add private ").append(priv).append('\n');
        body.append("git remote add public ").append(pub).append('\n');
        body.append("git fetch private && git fetch public\n");
        if (!p.isEmpty() && !q.isEmpty()) {
            body.append("git log --oneline public/").append(b).append("..private/").append(b).append("   # only on private\n");
            body.append("git log --oneline private/").append(b).append("..public/").append(b).append("   # only on public\n");
            body.append("git checkout -b resolve-").append(b).append(" private/").append(b).append('\n');
            body.append("git merge").append(r.state().orElseThrow() == SyncState.UNRELATED ? " --allow-unrelated-histories" : "")
                    .append(" public/").append(b).append("   # resolve conflicts, then commit\n");
            body.append("git push --force-with-lease=").append(ref).append(':').append(p)
                    .append(" private HEAD:").append(ref).append('\n');
            body.append("git push --force-with-lease=").append(ref).append(':').append(q)
                    .append(" public HEAD:").append(ref).append('\n');
        } else {
            Side present = p.isEmpty() ? Side.PUBLIC : Side.PRIVATE;
            Side missing = present.other();
            body.append("# ").append(missing.label()).append(" `").append(b).append("` was deleted. To restore it from ")
                    .append(present.label()).append(":\n");
            body.append("git push --force-with-lease=").append(ref).append(": ").append(missing.label()).append(' ')
                    .append(present.label()).append('/').append(b).append(':').append(ref).append('\n');
        }
        body.append("```\n");
    }
}
