package dev.mirrorsync.core;

import dev.mirrorsync.core.spi.IssueDraft;
import dev.mirrorsync.core.spi.IssueProtocol;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a branch that needs a human into the text of its one issue: title, labels, the hidden dedup
 * marker, the tips and merge base, the commits only on each side (capped, with totals) and recovery
 * commands for the real remotes and branch. The body is the Markdown template {@code issue-body.md} beside this
 * class, rendered with those values. The body holds no timestamps, so an unchanged situation gives
 * an identical body and the tracker is not written to.
 */
final class IssueReports {
    private static final Template BODY = Template.load(IssueReports.class, "issue-body.md");
    private static final Template TAG_BODY = Template.load(IssueReports.class, "tag-issue-body.md");

    private IssueReports() {}

    /** One key per (pair, branch): the problem, whatever state it is in. */
    static String key(MirrorPair pair, String branch) {
        return pair.issueKey(branch);
    }

    /**
     * @param spelling writes the command that resolves the branch, and the next steps, in the caller's words
     */
    static IssueDraft problem(MirrorPair pair, BranchReport r, boolean publicTracker, Spelling spelling) {
        String key = key(pair, r.branch());
        SyncState state = r.state().orElseThrow();
        String priv = publicTracker
                ? "\"$" + Spelling.PRIVATE_REPOSITORY_VARIABLE + "\""
                : ShellWords.quote(pair.privateRepo().url());
        Map<String, String> values = new HashMap<>();
        values.put("marker", IssueProtocol.marker(key));
        values.put("branch", r.branch());
        values.put("pair", pair.name());
        values.put("state", describe(state));
        values.put("explanation", new Explanations(spelling).of(r));
        values.put("privateTip", cell(r.privateBefore()));
        values.put("publicTip", cell(r.publicBefore()));
        values.put("mergeBase", cell(r.mergeBase()));
        values.put("watermark", cell(r.watermark()));
        values.put("privateTotal", r.onlyOnPrivate().totalText());
        values.put("privateCommits", commits(r.onlyOnPrivate(), publicTracker));
        values.put("publicTotal", r.onlyOnPublic().totalText());
        values.put("publicCommits", commits(r.onlyOnPublic(), false));
        values.put("conflicts", conflicts(r, spelling));
        values.put(
                "backup",
                r.backupRef()
                        .map(ref -> "The overwritten tip is kept at `" + ref + "`.")
                        .orElse(""));
        values.put("resolveCommand", resolveCommand(pair, r, priv, publicTracker, spelling));
        values.put("privateRemote", priv);
        values.put("publicRemote", ShellWords.quote(pair.publicRepo().url()));
        values.put("byHand", byHand(r));
        return IssueDraft.builder()
                .key(key)
                .title("mirror-sync: " + r.branch() + " " + describe(state) + " (" + pair.name() + ")")
                .body(BODY.render(values))
                .labels(IssueProtocol.LABELS)
                .build();
    }

    /** One key per (pair, tag), apart from every branch's: no branch name contains ':'. */
    static String tagKey(MirrorPair pair, String tag) {
        return pair.issueKey("tag:" + tag);
    }

    /** A tag's problem. Tag values are ids only, so nothing private is in the body. */
    static IssueDraft tagProblem(MirrorPair pair, TagReport r, boolean publicTracker) {
        String key = tagKey(pair, r.tag());
        TagState state = r.state().orElseThrow();
        Map<String, String> values = new HashMap<>();
        values.put("marker", IssueProtocol.marker(key));
        values.put("tag", r.tag());
        values.put("pair", pair.name());
        values.put("state", state.phrase());
        values.put("explanation", Explanations.of(r));
        values.put("privateValue", cell(r.privateBefore()));
        values.put("publicValue", cell(r.publicBefore()));
        values.put("syncedValue", cell(r.synced()));
        values.put(
                "privateRemote",
                publicTracker
                        ? "\"$" + Spelling.PRIVATE_REPOSITORY_VARIABLE + "\""
                        : ShellWords.quote(pair.privateRepo().url()));
        values.put("publicRemote", ShellWords.quote(pair.publicRepo().url()));
        values.put("publicLease", r.publicBefore().map(CommitId::hex).orElse(""));
        return IssueDraft.builder()
                .key(key)
                .title("mirror-sync: tag " + r.tag() + " " + state.phrase() + " (" + pair.name() + ")")
                .body(TAG_BODY.render(values))
                .labels(IssueProtocol.LABELS)
                .build();
    }

    static String tagUpdateComment(TagReport r) {
        return "The situation changed: the tag " + r.state().orElseThrow().phrase() + ", private `"
                + Explanations.abbrev(r.privateBefore()) + "`, public `" + Explanations.abbrev(r.publicBefore()) + "`.";
    }

    static String tagCloseComment(TagReport r) {
        return r.privateAfter().isEmpty() && r.publicAfter().isEmpty()
                ? "The tag `" + r.tag() + "` is gone from both sides. Closed by mirror-sync."
                : "Back in sync: tag `" + r.tag() + "` is at `" + Explanations.abbrev(r.privateAfter())
                        + "` on both sides. Closed by mirror-sync.";
    }

    /** The comment that goes with an update: what changed, in one line. */
    static String updateComment(BranchReport r) {
        return "The situation changed: now " + describe(r.state().orElseThrow()) + ", private `"
                + Explanations.abbrev(r.privateBefore())
                + "`, public `" + Explanations.abbrev(r.publicBefore()) + "`, "
                + r.onlyOnPrivate().totalText()
                + " only on private, " + r.onlyOnPublic().totalText() + " only on public.";
    }

    static String closeComment(BranchReport r) {
        String shared = Explanations.abbrev(r.privateAfter());
        String backup = r.backupRef()
                .map(ref -> " The overwritten tip is kept at `" + ref + "`.")
                .orElse("");
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

    private static String cell(Optional<CommitId> id) {
        return id.map(c -> "`" + c.hex() + "`").orElse("(none)");
    }

    private static String commits(CommitList commits, boolean idsOnly) {
        if (commits.total() == 0) {
            return "None.";
        }
        List<String> lines = new ArrayList<>();
        if (idsOnly) {
            lines.add("This tracker is public: private commits are listed by id only.");
            lines.add("");
        }
        for (CommitInfo c : commits.listed()) {
            lines.add("- `" + c.id().abbreviated() + "`"
                    + (idsOnly
                            ? ""
                            : " " + MarkdownText.inert(c.subject()) + " (" + MarkdownText.inert(c.authorName()) + ")"));
        }
        if (commits.isTruncated()) {
            lines.add("- … and " + (commits.total() - commits.listed().size())
                    + (commits.totalIsLowerBound() ? "+" : "") + " more");
        }
        return String.join("\n", lines);
    }

    private static String conflicts(BranchReport r, Spelling spelling) {
        if (r.conflictingPaths().isEmpty()) {
            return "";
        }
        List<String> lines = new ArrayList<>();
        lines.add("### Merge conflicts (" + r.conflictingPaths().size() + ")");
        lines.add("");
        lines.add("`" + spelling.resolveWith(List.of(ResolveStrategy.MERGE), false)
                + "` stopped: these paths changed differently on both sides.");
        lines.add("");
        r.conflictingPaths().stream()
                .limit(BranchObserver.LISTED_COMMITS)
                .forEach(path -> lines.add("- " + MarkdownText.inert(path)));
        return String.join("\n", lines);
    }

    /**
     * The command that resolves the branch and closes its issue, from the caller's hook. In a public tracker the
     * private repository's URL is a private detail too: the commands read it from a variable, set first.
     */
    private static String resolveCommand(
            MirrorPair pair, BranchReport r, String priv, boolean publicTracker, Spelling spelling) {
        String command = spelling.resolveCommand(pair, r.branch(), Resolver.resolution(r), priv);
        return (publicTracker
                        ? Spelling.PRIVATE_REPOSITORY_VARIABLE
                                + "=...   # the private repository's URL, left out of this public issue\n"
                        : "")
                + command;
    }

    /** The git commands that do by hand what resolve does: inspect, merge, push both sides with leases. */
    private static String byHand(BranchReport r) {
        String b = r.branch();
        String ref = BranchNames.ref(b);
        String p = r.privateBefore().map(CommitId::hex).orElse("");
        String q = r.publicBefore().map(CommitId::hex).orElse("");
        List<String> lines = new ArrayList<>();
        if (!p.isEmpty() && !q.isEmpty()) {
            lines.add(
                    "git log --oneline " + ShellWords.quote("public/" + b + "..private/" + b) + "   # only on private");
            lines.add(
                    "git log --oneline " + ShellWords.quote("private/" + b + "..public/" + b) + "   # only on public");
            lines.add("git checkout -b " + ShellWords.quote("resolve-" + b) + " " + ShellWords.quote("private/" + b));
            lines.add(
                    "git merge" + (r.state().orElseThrow() == SyncState.UNRELATED ? " --allow-unrelated-histories" : "")
                            + " " + ShellWords.quote("public/" + b) + "   # resolve conflicts, then commit");
            lines.add("git push " + ShellWords.quote("--force-with-lease=" + ref + ":" + p) + " private "
                    + ShellWords.quote("HEAD:" + ref));
            lines.add("git push " + ShellWords.quote("--force-with-lease=" + ref + ":" + q) + " public "
                    + ShellWords.quote("HEAD:" + ref));
        } else {
            Side present = p.isEmpty() ? Side.PUBLIC : Side.PRIVATE;
            Side missing = present.other();
            lines.add("# " + missing.label() + " `" + b + "` was deleted. To restore it from " + present.label() + ":");
            lines.add("git push " + ShellWords.quote("--force-with-lease=" + ref + ":") + " " + missing.label() + " "
                    + ShellWords.quote(present.label() + "/" + b + ":" + ref));
        }
        return String.join("\n", lines);
    }
}
