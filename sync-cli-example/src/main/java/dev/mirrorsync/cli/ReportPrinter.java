package dev.mirrorsync.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorsync.core.BranchReport;
import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.CommitInfo;
import dev.mirrorsync.core.CommitList;
import dev.mirrorsync.core.IssueAction;
import dev.mirrorsync.core.Outcome;
import dev.mirrorsync.core.SyncReport;
import dev.mirrorsync.core.SyncState;
import dev.mirrorsync.core.TagReport;
import dev.mirrorsync.core.spi.IssueRef;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Prints a {@link SyncReport}: one line per branch for people, or the contract's one JSON object. */
final class ReportPrinter {
    /** Made on first use only: Jackson's ~375 classes cost a text-output run about a tenth of its start-up. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    private ReportPrinter() {}

    static void print(SyncReport report, boolean json, PrintWriter out) {
        if (json) {
            out.println(json(report));
        } else {
            report.branches().forEach(b -> out.println(line(b)));
            report.tags().forEach(t -> out.println(line(t)));
        }
        out.flush();
    }

    /**
     * {@code main: diverged 2↔1: <what was done>; issue #4 opened; diverged since 2026-11-30T09:12:00Z}. While a side
     * still lacks commits (nothing was synced), the line ends with their lag: the author time of the oldest commit not
     * yet on the other side, or since when a diverged branch has been diverged. Times, not ages, so that {@code status}
     * and {@code sync --dry-run} print the same.
     */
    static String line(BranchReport b) {
        String state = b.state().map(s -> phrase(s, b)).orElse("failed");
        return b.branch() + ": " + state + ": " + b.message() + issue(b.issueAction(), b.issue()) + lag(b);
    }

    /** {@code "; public lacks commits since T"}, {@code "; diverged since T"} or nothing; "T or earlier" for a bound. */
    private static String lag(BranchReport b) {
        if (b.outcome() == Outcome.SYNCED || b.outcome() == Outcome.UP_TO_DATE) {
            return "";
        }
        Metrics.Lag lag = Metrics.Lag.of(b);
        if (lag.divergedSince().isPresent()) {
            return "; diverged since " + time(lag.divergedSince().get(), b.onlyOnPrivate(), b.onlyOnPublic());
        }
        StringBuilder text = new StringBuilder();
        lag.oldestMissingOnPublic()
                .ifPresent(t -> text.append("; public lacks commits since ").append(time(t, b.onlyOnPrivate())));
        lag.oldestMissingOnPrivate()
                .ifPresent(t -> text.append("; private lacks commits since ").append(time(t, b.onlyOnPublic())));
        return text.toString();
    }

    /** The time, with "or earlier" when a list stopped short of its oldest commit (so the true time is earlier). */
    private static String time(Instant time, CommitList... lists) {
        boolean bound = Arrays.stream(lists).anyMatch(list -> list.listed().size() < list.total());
        return time + (bound ? " or earlier" : "");
    }

    /** {@code tag v1.0: created on public: created tag v1.0 on public at 1a2b3c4}. */
    static String line(TagReport t) {
        String state = t.state()
                .map(s -> s.name().toLowerCase(Locale.ROOT).replace('_', ' '))
                .orElse("failed");
        return "tag " + t.tag() + ": " + state + ": " + t.message() + issue(t.issueAction(), t.issue());
    }

    /** {@code "; issue #4 opened"}, {@code "; issue #4 open"} or nothing. */
    private static String issue(IssueAction action, Optional<IssueRef> issue) {
        return switch (action) {
            case OPENED, UPDATED, CLOSED ->
                "; issue " + issue.map(IssueRef::toString).orElse("?") + " "
                        + action.name().toLowerCase(Locale.ROOT);
            case NONE -> issue.map(ref -> "; issue " + ref + " open").orElse("");
        };
    }

    private static void issue(ObjectNode node, IssueAction action, Optional<IssueRef> issue) {
        ObjectNode object = node.putObject("issue");
        object.put("action", action.name());
        object.put("ref", issue.map(IssueRef::id).orElse(null));
        issue.flatMap(IssueRef::url).ifPresent(url -> object.put("url", url));
    }

    private static String phrase(SyncState state, BranchReport b) {
        return switch (state) {
            case PRIVATE_AHEAD -> phrase(state) + " by " + b.onlyOnPrivate().totalText();
            case PUBLIC_AHEAD -> phrase(state) + " by " + b.onlyOnPublic().totalText();
            case DIVERGED ->
                phrase(state) + " " + b.onlyOnPrivate().totalText() + "↔"
                        + b.onlyOnPublic().totalText();
            // the other side's whole branch: counted only up to a cap, so a deep history reads "10000+ commits"
            case PUBLIC_MISSING -> phrase(state) + " (" + b.onlyOnPrivate().totalText() + " commits)";
            case PRIVATE_MISSING -> phrase(state) + " (" + b.onlyOnPublic().totalText() + " commits)";
            case BOTH_MISSING, IN_SYNC, UNRELATED, PRIVATE_REWRITTEN, PUBLIC_REWRITTEN -> phrase(state);
        };
    }

    /** The CLI's words for a state, the one place they are spelled (without the counts a report line adds). */
    static String phrase(SyncState state) {
        return switch (state) {
            case BOTH_MISSING -> "missing on both sides";
            case IN_SYNC -> "in sync";
            case PRIVATE_MISSING -> "missing on private";
            case PUBLIC_MISSING -> "missing on public";
            case PRIVATE_AHEAD -> "private ahead";
            case PUBLIC_AHEAD -> "public ahead";
            case DIVERGED -> "diverged";
            case UNRELATED -> "unrelated";
            case PRIVATE_REWRITTEN -> "rewritten (private)";
            case PUBLIC_REWRITTEN -> "rewritten (public)";
        };
    }

    static String json(SyncReport report) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("pair", report.pair());
        root.put("dryRun", report.dryRun());
        ArrayNode branches = root.putArray("branches");
        for (BranchReport b : report.branches()) {
            ObjectNode node = branches.addObject();
            node.put("branch", b.branch());
            node.put("state", b.state().map(Enum::name).orElse(null));
            node.put("action", b.action().name());
            node.put("outcome", b.outcome().name());
            tips(node.putObject("private"), b.privateBefore(), b.privateAfter());
            tips(node.putObject("public"), b.publicBefore(), b.publicAfter());
            node.put("onlyOnPrivate", b.onlyOnPrivate().total());
            node.put("onlyOnPublic", b.onlyOnPublic().total());
            // true when counting stopped at a cap: the number is a lower bound ("10000+" in text)
            node.put("onlyOnPrivateAtLeast", b.onlyOnPrivate().totalIsLowerBound());
            node.put("onlyOnPublicAtLeast", b.onlyOnPublic().totalIsLowerBound());
            issue(node, b.issueAction(), b.issue());
            b.pullRequest().ifPresent(pr -> node.put("pullRequest", pr.url().orElse(pr.id())));
            node.put("message", b.message());
            node.put("mergeBase", b.mergeBase().map(CommitId::hex).orElse(null));
            node.put("watermark", b.watermark().map(CommitId::hex).orElse(null));
            node.put("backupRef", b.backupRef().orElse(null));
            b.lfsObjects().ifPresent(count -> node.put("lfsObjects", count));
            commits(node.putObject("commits"), "onlyOnPrivate", b.onlyOnPrivate());
            commits(node.withObject("commits"), "onlyOnPublic", b.onlyOnPublic());
            ArrayNode conflicts = node.putArray("conflicts");
            b.conflictingPaths().forEach(conflicts::add);
            node.put("failure", b.failure().map(Enum::name).orElse(null));
            Metrics.Lag lag = Metrics.Lag.of(b);
            ObjectNode lagNode = node.putObject("lag");
            lag(lagNode.putObject("public"), lag.missingOnPublic(), lag.oldestMissingOnPublic());
            lag(lagNode.putObject("private"), lag.missingOnPrivate(), lag.oldestMissingOnPrivate());
            lagNode.put(
                    "divergedSince", lag.divergedSince().map(Instant::toString).orElse(null));
        }
        if (!report.tags().isEmpty()) {
            ArrayNode tags = root.putArray("tags");
            for (TagReport t : report.tags()) {
                ObjectNode node = tags.addObject();
                node.put("tag", t.tag());
                node.put("state", t.state().map(Enum::name).orElse(null));
                node.put("action", t.action().name());
                node.put("outcome", t.outcome().name());
                tips(node.putObject("private"), t.privateBefore(), t.privateAfter());
                tips(node.putObject("public"), t.publicBefore(), t.publicAfter());
                node.put("synced", t.synced().map(CommitId::hex).orElse(null));
                issue(node, t.issueAction(), t.issue());
                node.put("message", t.message());
                node.put("failure", t.failure().map(Enum::name).orElse(null));
            }
        }
        try {
            return Json.MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What one side lacks: how many commits, and the author time of the oldest of them. */
    private static void lag(ObjectNode node, long missing, Optional<Instant> oldest) {
        node.put("missingCommits", missing);
        node.put("oldestMissing", oldest.map(Instant::toString).orElse(null));
    }

    private static void tips(ObjectNode node, Optional<CommitId> before, Optional<CommitId> after) {
        node.put("before", before.map(CommitId::hex).orElse(null));
        node.put("after", after.map(CommitId::hex).orElse(null));
    }

    /** Ids only: JSON goes into CI logs, which may be public. */
    private static void commits(ObjectNode node, String field, CommitList list) {
        ArrayNode ids = node.putArray(field);
        list.listed().stream().map(CommitInfo::id).map(CommitId::hex).forEach(ids::add);
    }
}
