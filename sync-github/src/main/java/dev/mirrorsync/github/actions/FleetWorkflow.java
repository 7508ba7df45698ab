package dev.mirrorsync.github.actions;

import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.MirrorSyncException.Reason;
import dev.mirrorsync.core.Side;
import dev.mirrorsync.core.Template;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.immutables.value.Value;

/**
 * One GitHub Actions workflow that runs a whole fleet ({@code mirror-sync sync --config}) as a matrix: one job per
 * pair, at most {@link #maxParallel()} at a time, each running mirror-sync's action for its pair with its own cache
 * (the action keys it by the pair's name) and its own token secrets, daily and by hand. A fleet of hundreds of pairs
 * then runs on GitHub's runners, not on one machine. Rendered from {@code workflow-fleet.yml}; written by
 * {@link WorkflowWriter} to {@code .github/workflows/sync-fleet.yml} of the repository that runs the fleet.
 *
 * <p>Every value ends up in YAML: names, URLs, branches and secret names are checked against strict patterns, so none
 * can add structure or an expression; {@code build()} throws {@link MirrorSyncException} ({@code INVALID_INPUT})
 * otherwise.
 */
@Value.Immutable
public abstract class FleetWorkflow {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,99}");
    private static final Pattern URL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._~/:@+-]{0,299}");
    private static final Pattern BRANCH = Pattern.compile("[A-Za-z0-9._/*?-]{1,200}");
    private static final Pattern SECRET = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,99}");
    private static final Template FLEET = Template.load(FleetWorkflow.class, "workflow-fleet.yml");

    FleetWorkflow() {}

    public abstract List<FleetPair> pairs();

    /** How many pairs' jobs run at once ({@code max-parallel}); default 4. */
    @Value.Default
    public int maxParallel() {
        return 4;
    }

    /** The release that writes the workflow (as {@link SyncWorkflows#mirrorSyncVersion()}). */
    @Value.Default
    public String mirrorSyncVersion() {
        return SyncWorkflows.buildProperty("version");
    }

    @Value.Default
    public String actionRepository() {
        return SyncWorkflows.buildProperty("action.repository");
    }

    @Value.Default
    public String actionRef() {
        return "v" + mirrorSyncVersion();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link FleetWorkflow}; {@code build()} throws {@link MirrorSyncException} on a value it refuses. */
    public static final class Builder extends ImmutableFleetWorkflow.Builder {}

    @Value.Check
    void check() {
        if (pairs().isEmpty()) {
            throw invalid("a fleet workflow needs at least one pair");
        }
        if (maxParallel() < 1 || maxParallel() > 256) {
            throw invalid("max-parallel must be between 1 and 256, not " + maxParallel());
        }
        Set<String> names = new HashSet<>();
        for (FleetPair pair : pairs()) {
            checked(NAME, pair.name(), "pair name");
            if (!names.add(pair.name())) {
                throw invalid("the pair name '" + pair.name() + "' is used twice");
            }
            checked(URL, pair.privateRepository(), "private repository of " + pair.name());
            checked(URL, pair.publicRepository(), "public repository of " + pair.name());
            pair.branches().forEach(b -> checked(BRANCH, b, "branch of " + pair.name()));
            pair.exclude().forEach(b -> checked(BRANCH, b, "excluded branch of " + pair.name()));
            checked(SECRET, pair.privateTokenSecret(), "private token secret of " + pair.name());
            checked(SECRET, pair.publicTokenSecret(), "public token secret of " + pair.name());
        }
    }

    /** The workflow, for the repository that runs the fleet. */
    public WorkflowFile file(String repository) {
        StringBuilder matrix = new StringBuilder();
        for (FleetPair pair : pairs()) {
            List<String> branches = pair.branches().isEmpty() ? List.of("main") : pair.branches();
            matrix.append("          - pair: '")
                    .append(pair.name())
                    .append("'\n")
                    .append("            private: '")
                    .append(pair.privateRepository())
                    .append("'\n")
                    .append("            public: '")
                    .append(pair.publicRepository())
                    .append("'\n")
                    .append("            branches: '")
                    .append(String.join(" ", branches))
                    .append("'\n")
                    .append("            args: '")
                    .append(args(pair))
                    .append("'\n")
                    .append("            private-secret: ")
                    .append(pair.privateTokenSecret())
                    .append('\n')
                    .append("            public-secret: ")
                    .append(pair.publicTokenSecret())
                    .append('\n');
        }
        String content = FLEET.render(Map.of(
                "version", mirrorSyncVersion(),
                "count", Integer.toString(pairs().size()),
                "max-parallel", Integer.toString(maxParallel()),
                "matrix", matrix.toString().stripTrailing(),
                "action", actionRepository() + "@" + actionRef()));
        return new WorkflowFile.Builder()
                .side(Side.PRIVATE)
                .repository(repository)
                .path(".github/workflows/sync-fleet.yml")
                .content(content)
                .build();
    }

    /** Writes {@link #file} under {@code outDir}: see {@link WorkflowWriter#write(Path, List, boolean)}. */
    public Path writeTo(Path outDir, boolean overwrite) {
        return WorkflowWriter.write(outDir, List.of(file("the fleet's repository")), overwrite)
                .get(0);
    }

    /** The CLI options the action's inputs do not carry. */
    private static String args(FleetPair pair) {
        StringBuilder args = new StringBuilder(pair.tags() ? "--tags" : "");
        pair.exclude()
                .forEach(e -> args.append(args.length() == 0 ? "" : " ")
                        .append("--exclude ")
                        .append(e));
        return args.toString();
    }

    private static void checked(Pattern pattern, String value, String what) {
        if (!pattern.matcher(value).matches() || value.contains("${{")) {
            throw invalid(
                    what + " '" + Text.printable(value) + "' cannot go into a workflow: use letters, digits and . _ / -"
                            + (pattern == URL ? " : @ + ~" : "") + (pattern == BRANCH ? " * ?" : ""));
        }
    }

    private static MirrorSyncException invalid(String message) {
        return new MirrorSyncException(Reason.INVALID_INPUT, message);
    }
}
