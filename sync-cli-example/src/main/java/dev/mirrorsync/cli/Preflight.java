package dev.mirrorsync.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorsync.core.BranchNames;
import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.Direction;
import dev.mirrorsync.core.MirrorPair;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.Side;
import dev.mirrorsync.core.spi.AccessCheck;
import dev.mirrorsync.core.spi.CodeHost;
import dev.mirrorsync.core.spi.GitBackend;
import dev.mirrorsync.core.spi.IssueTracker;
import dev.mirrorsync.jgit.JGitBackend;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * {@code mirror-sync sync --check}: answers, changing nothing, whether a sync with these options could do its work:
 * each side readable, each side that the run may push to accepting a push from its token, the branches not
 * protected against that push (GitHub, when the tracker's repository is that side), and the tracker able to file
 * issues. A temporary cache is used and deleted; nothing is fetched or pushed, nothing is filed.
 */
final class Preflight {
    /** One line of the answer; a failure carries the reason that decides the exit code. */
    record Line(String what, AccessCheck.Status status, String detail, Optional<MirrorSyncException.Reason> reason) {}

    private final List<Line> lines = new ArrayList<>();
    private final BiFunction<MirrorSyncException.Reason, String, String> advice;

    private Preflight(BiFunction<MirrorSyncException.Reason, String, String> advice) {
        this.advice = advice;
    }

    /**
     * @param tracker makes the tracker; a configuration error there (a missing token) is one failed check, after
     *     which every other check still runs
     * @param advice adds the CLI's advice (which variable to set) to a failure's message
     */
    static int run(
            MirrorPair pair,
            Supplier<Optional<IssueTracker>> tracker,
            Direction direction,
            boolean watermarkOnPrivate,
            boolean json,
            PrintWriter out,
            BiFunction<MirrorSyncException.Reason, String, String> advice) {
        Preflight check = new Preflight(advice);
        try (JGitBackend backend = JGitBackend.builder().build()) {
            check.sides(backend, pair, direction, watermarkOnPrivate);
        }
        Optional<IssueTracker> made;
        try {
            made = tracker.get();
        } catch (MirrorSyncException e) {
            check.fail("tracker", e);
            check.skip("branch protection", "not checked: the tracker could not be made");
            check.print(pair, json, out);
            return check.exitCode();
        }
        check.tracker(pair, made, direction, watermarkOnPrivate);
        check.print(pair, json, out);
        return check.exitCode();
    }

    private void sides(GitBackend backend, MirrorPair pair, Direction direction, boolean watermarkOnPrivate) {
        List<String> refs = pair.branches().stream().map(BranchNames::ref).toList();
        for (Side side : Side.values()) {
            RepoLocation repo = pair.repo(side);
            String name = side.label();
            try {
                Map<String, CommitId> tips = backend.listRefs(repo, refs);
                List<String> found = new ArrayList<>();
                for (String branch : pair.branches()) {
                    CommitId tip = tips.get(BranchNames.ref(branch));
                    found.add(branch + (tip == null ? " missing" : " at " + tip.abbreviated()));
                }
                pass(name + " read", repo.url() + " (" + String.join(", ", found) + ")");
            } catch (MirrorSyncException e) {
                fail(name + " read", e);
                continue;
            }
            if (!pushes(side, direction, watermarkOnPrivate)) {
                skip(name + " push", "this run never pushes to " + name + " (--direction " + label(direction) + ")");
                continue;
            }
            try {
                backend.checkPushAccess(repo);
                pass(name + " push", "a push connection to " + repo.url() + " was accepted (nothing was sent)");
            } catch (MirrorSyncException e) {
                if (e.reason() == MirrorSyncException.Reason.UNSUPPORTED) {
                    skip(name + " push", e.getMessage());
                } else {
                    fail(name + " push", e);
                }
            }
        }
    }

    private void tracker(
            MirrorPair pair, Optional<IssueTracker> tracker, Direction direction, boolean watermarkOnPrivate) {
        if (tracker.isEmpty()) {
            skip("tracker", "no tracker (--tracker none): problems that need a human are only printed");
            skip("branch protection", "not checked: no GitHub tracker whose repository is one side of the pair");
            return;
        }
        IssueTracker t = tracker.get();
        try {
            for (AccessCheck answer : t.checkAccess()) {
                add("tracker " + answer.what(), answer);
            }
        } catch (MirrorSyncException e) {
            fail("tracker " + t.describe(), e);
        }
        Optional<CodeHost> host = t.codeHost();
        Optional<Side> side = host.flatMap(h -> trackerSide(pair, h));
        if (side.isEmpty()) {
            skip(
                    "branch protection",
                    "not checked: the tracker " + t.describe() + " is not the repository of either side");
            return;
        }
        if (!pushes(side.get(), direction, watermarkOnPrivate)) {
            skip(
                    "branch protection",
                    "not needed: this run never pushes to " + side.get().label());
            return;
        }
        for (String branch : pair.branches()) {
            try {
                AccessCheck answer = host.get().checkBranchProtection(branch);
                add(side.get().label() + " " + answer.what(), answer);
            } catch (MirrorSyncException e) {
                fail(side.get().label() + " branch protection of " + branch, e);
            }
        }
    }

    /** The side whose repository is the code host's, if any (private first). */
    static Optional<Side> trackerSide(MirrorPair pair, CodeHost host) {
        for (Side side : Side.values()) {
            if (host.hosts(pair.repo(side))) {
                return Optional.of(side);
            }
        }
        return Optional.empty();
    }

    private static boolean pushes(Side side, Direction direction, boolean watermarkOnPrivate) {
        if (side == Side.PRIVATE && watermarkOnPrivate) {
            return true;
        }
        return switch (direction) {
            case BOTH -> true;
            case TO_PUBLIC -> side == Side.PUBLIC;
            case TO_PRIVATE -> side == Side.PRIVATE;
        };
    }

    private static String label(Direction direction) {
        return direction.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private void add(String what, AccessCheck answer) {
        Optional<MirrorSyncException.Reason> reason = answer.status() == AccessCheck.Status.FAILED
                ? Optional.of(MirrorSyncException.Reason.PERMISSION)
                : Optional.empty();
        lines.add(new Line(what, answer.status(), answer.detail(), reason));
    }

    private void pass(String what, String detail) {
        lines.add(new Line(what, AccessCheck.Status.PASSED, detail, Optional.empty()));
    }

    private void skip(String what, String why) {
        lines.add(new Line(what, AccessCheck.Status.NOT_CHECKED, why, Optional.empty()));
    }

    private void fail(String what, MirrorSyncException e) {
        lines.add(new Line(
                what, AccessCheck.Status.FAILED, advice.apply(e.reason(), e.getMessage()), Optional.of(e.reason())));
    }

    private int exitCode() {
        int code = ExitCodes.OK;
        for (Line line : lines) {
            if (line.reason().isPresent()) {
                int c = ExitCodes.of(line.reason().get());
                code = code == ExitCodes.USAGE || c == ExitCodes.USAGE ? ExitCodes.USAGE : ExitCodes.FAILURE;
            }
        }
        return code;
    }

    private void print(MirrorPair pair, boolean json, PrintWriter out) {
        if (json) {
            ObjectNode root = new ObjectMapper().createObjectNode();
            root.put("pair", pair.name());
            root.put("passed", lines.stream().noneMatch(l -> l.status() == AccessCheck.Status.FAILED));
            ArrayNode checks = root.putArray("checks");
            for (Line line : lines) {
                ObjectNode node = checks.addObject();
                node.put("what", line.what());
                node.put("status", line.status().name());
                node.put("detail", line.detail());
                node.put("failure", line.reason().map(Enum::name).orElse(null));
            }
            out.println(root);
        } else {
            for (Line line : lines) {
                String mark = switch (line.status()) {
                    case PASSED -> "ok  ";
                    case FAILED -> "FAIL";
                    case NOT_CHECKED -> "skip";
                };
                out.println(mark + "  " + line.what() + ": " + line.detail());
            }
            long failed = lines.stream()
                    .filter(l -> l.status() == AccessCheck.Status.FAILED)
                    .count();
            out.println(
                    failed == 0
                            ? "every check passed: a sync with these options can do its work"
                            : failed + " check(s) failed: fix them before the sync runs for real");
        }
        out.flush();
    }
}
