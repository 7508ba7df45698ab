package dev.mirrorsync.github.actions;

import dev.mirrorsync.core.BranchNames;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.MirrorSyncException.Reason;
import dev.mirrorsync.core.Side;
import dev.mirrorsync.core.Template;
import dev.mirrorsync.core.spi.CodeHost;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.immutables.value.Value;

/**
 * The three GitHub Actions workflows that run mirror-sync for one pair of repositories, replacing the seed's
 * hand-written shell jobs, and the set-up steps that go with them:
 *
 * <ol>
 *   <li>{@code sync-safety-net.yml} in the private repository: daily at 08:00 UTC and by hand, both directions,
 *       the safety net for missed runs (safe: fast-forwards only, every push leased);
 *   <li>{@code sync-to-public.yml} in the private repository: on every push to a synced branch (a merged pull
 *       request is one, and so is a direct push), private to public;
 *   <li>{@code sync-to-private.yml} in the public repository: on every push to a synced branch there, public to
 *       private.
 * </ol>
 *
 * <p>Each runs mirror-sync's own GitHub Action ({@code action.yml} at the root of {@link #actionRepository()}),
 * pinned to {@link #actionRef()}; nothing is downloaded from Maven. Each has least-privilege {@code permissions},
 * one {@code concurrency} group per pair that never cancels a running sync, the tokens passed from secrets to
 * the action only, and files its issues in the private repository ({@code github:PRIVATE}). The YAML is rendered
 * from the resources {@code workflow-*.yml} beside this class; {@link WorkflowWriter} writes it.
 *
 * <pre>{@code
 * SyncWorkflows workflows = SyncWorkflows.builder()
 *         .privateRepository("acme/cookbooks-private")
 *         .publicRepository("acme/cookbooks")
 *         .addBranches("main")
 *         .build();
 * workflows.writeTo(Path.of("out"), false);
 * System.out.println(workflows.nextSteps(Path.of("out")));
 * }</pre>
 *
 * <p>Repository names must be {@code OWNER/REPO} of letters, digits, {@code . _ -}, and branch names letters,
 * digits, {@code . _ / -}: every value ends up in YAML and in a shell command, so nothing that could change their
 * meaning is let through. {@code build()} throws {@link MirrorSyncException} ({@code INVALID_INPUT}) otherwise.
 */
@Value.Immutable
public abstract class SyncWorkflows {
    private static final Pattern BRANCH = Pattern.compile("[A-Za-z0-9._/-]{1,200}");
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+_-]{0,49}");
    private static final Pattern REF = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,99}");
    private static final Pattern PAIR_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,99}");
    private static final String WORKFLOWS = ".github/workflows/";
    private static final Template SAFETY_NET = Template.load(SyncWorkflows.class, "workflow-safety-net.yml");
    private static final Template TO_PUBLIC = Template.load(SyncWorkflows.class, "workflow-to-public.yml");
    private static final Template TO_PRIVATE = Template.load(SyncWorkflows.class, "workflow-to-private.yml");
    private static final Template NEXT_STEPS = Template.load(SyncWorkflows.class, "next-steps.txt");

    SyncWorkflows() {}

    /** {@code OWNER/REPO} of the private repository: it runs two of the workflows and holds the issues. */
    public abstract String privateRepository();

    /** {@code OWNER/REPO} of the public mirror: it runs {@code sync-to-private.yml}. */
    public abstract String publicRepository();

    /** The synced branches; {@code main} when none is given. */
    public abstract List<String> branches();

    /** The mirror-sync release that writes the workflows, named in their header; default: this library's version. */
    @Value.Default
    public String mirrorSyncVersion() {
        return buildProperty("version");
    }

    /**
     * {@code OWNER/REPO} of mirror-sync itself on GitHub, whose {@code action.yml} the workflows use; default: the
     * project's own repository. A fork or an internal copy names its own.
     */
    @Value.Default
    public String actionRepository() {
        return buildProperty("action.repository");
    }

    /**
     * The ref of {@link #actionRepository()} the workflows pin ({@code uses: OWNER/REPO@REF}): a tag, or a commit
     * id for an immutable pin; default: the tag of this release, {@code v} + {@link #mirrorSyncVersion()}.
     */
    @Value.Default
    public String actionRef() {
        return "v" + mirrorSyncVersion();
    }

    /**
     * The pair's name ({@code --name}), which keys the one issue per branch: the three workflows must agree on it.
     * Default: the public repository's {@code OWNER/REPO}.
     */
    @Value.Default
    public String pairName() {
        return publicRepository();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link SyncWorkflows}; {@code build()} throws {@link MirrorSyncException} on a value it refuses. */
    public static final class Builder extends ImmutableSyncWorkflows.Builder {}

    @Value.Check
    SyncWorkflows check() {
        repository(privateRepository(), "--private");
        repository(publicRepository(), "--public");
        if (privateRepository().equalsIgnoreCase(publicRepository())) {
            throw invalid("--private and --public name the same repository: " + privateRepository());
        }
        if (!VERSION.matcher(mirrorSyncVersion()).matches()) {
            throw invalid("mirror-sync version '" + Text.printable(mirrorSyncVersion()) + "' is not a version number");
        }
        repository(actionRepository(), "the action's repository");
        if (!REF.matcher(actionRef()).matches()
                || actionRef().contains("..")
                || actionRef().endsWith("/")) {
            throw invalid(
                    "--action-ref '" + Text.printable(actionRef()) + "' is not a tag, branch or commit id: use letters,"
                            + " digits, '.', '_', '/', '-', at most 100, for example v" + mirrorSyncVersion());
        }
        if (!PAIR_NAME.matcher(pairName()).matches()) {
            throw invalid(
                    "pair name '" + Text.printable(pairName()) + "' is not valid: letters, digits, '.', '_', '/', '-',"
                            + " at most 100, starting with a letter or digit; choose one with pairName(...)");
        }
        if (branches().isEmpty()) {
            return builder().from(this).addBranches("main").build();
        }
        List<String> seen = new ArrayList<>();
        for (String branch : branches()) {
            String name;
            try {
                name = BranchNames.check(branch);
            } catch (IllegalArgumentException e) {
                throw invalid(e.getMessage());
            }
            if (!BRANCH.matcher(name).matches()) {
                throw invalid("branch name '" + Text.printable(branch)
                        + "' cannot go into a workflow: use letters, digits, '.', '_', '/' or '-'");
            }
            if (seen.contains(name)) {
                throw invalid("branch '" + name + "' is named twice");
            }
            seen.add(name);
        }
        if (!seen.equals(branches())) {
            return builder().from(this).branches(seen).build();
        }
        return this;
    }

    /** The concurrency group the three workflows share: {@code mirror-sync-PRIVATE-PUBLIC}. */
    public String concurrencyGroup() {
        return "mirror-sync-" + privateRepository() + "-" + publicRepository();
    }

    /** The three workflows, in the order of the class comment. */
    public List<WorkflowFile> files() {
        return List.of(safetyNet(), toPublic(), toPrivate());
    }

    /**
     * Writes {@link #files()} under {@code outDir} at their {@link WorkflowFile#outputPath()}: see
     * {@link WorkflowWriter#write(Path, List, boolean)}.
     *
     * @return the three files' paths
     * @throws MirrorSyncException {@code INVALID_INPUT} when a file differs and {@code overwrite} is not set, or
     *     {@code outDir} cannot be written
     */
    public List<Path> writeTo(Path outDir, boolean overwrite) {
        return WorkflowWriter.write(outDir, files(), overwrite);
    }

    /** What to do by hand after writing: where each file goes, which tokens to create and which secret holds which. */
    public String nextSteps(Path outDir) {
        String priv = privateRepository();
        String pub = publicRepository();
        String[][] secrets = {
            {"MIRROR_SYNC_PRIVATE_TOKEN", priv, "token a"},
            {"MIRROR_SYNC_PUBLIC_TOKEN", priv, "token b"},
            {"MIRROR_SYNC_PRIVATE_TOKEN", pub, "token a again"}
        };
        int width = Math.max(priv.length(), pub.length()) + "MIRROR_SYNC_PRIVATE_TOKEN".length() + 27;
        StringBuilder lines = new StringBuilder();
        for (String[] secret : secrets) {
            String command = String.format("gh secret set %s --repo %s", secret[0], secret[1]);
            lines.append("     ")
                    .append(String.format("%-" + width + "s", command))
                    .append(" # ")
                    .append(secret[2])
                    .append('\n');
        }
        return NEXT_STEPS.render(Map.ofEntries(
                Map.entry("private", priv),
                Map.entry("public", pub),
                Map.entry("private-name", repoName(priv)),
                Map.entry("public-name", repoName(pub)),
                Map.entry("private-owner", owner(priv)),
                Map.entry("public-owner", owner(pub)),
                Map.entry("branches", String.join(", ", branches())),
                Map.entry("action", actionRepository() + "@" + actionRef()),
                Map.entry("out", outDir.toString()),
                Map.entry("secrets", lines.toString().stripTrailing())));
    }

    // ---- the workflows ---------------------------------------------------------------------------------

    private WorkflowFile safetyNet() {
        return file(Side.PRIVATE, privateRepository(), "sync-safety-net.yml", SAFETY_NET);
    }

    private WorkflowFile toPublic() {
        return file(Side.PRIVATE, privateRepository(), "sync-to-public.yml", TO_PUBLIC);
    }

    private WorkflowFile toPrivate() {
        return file(Side.PUBLIC, publicRepository(), "sync-to-private.yml", TO_PRIVATE);
    }

    /** Every value is validated in {@link #check()}: none can add YAML structure or an expression. */
    private WorkflowFile file(Side side, String repository, String name, Template template) {
        String content = template.render(Map.of(
                "version", mirrorSyncVersion(),
                "private", privateRepository(),
                "public", publicRepository(),
                "branches", String.join(", ", branches()),
                "branch-list", branches().stream().map(b -> "'" + b + "'").collect(Collectors.joining(", ")),
                "branches-input", String.join(" ", branches()),
                "pair", pairName(),
                "group", concurrencyGroup(),
                "action", actionRepository() + "@" + actionRef()));
        return new WorkflowFile.Builder()
                .side(side)
                .repository(repository)
                .path(WORKFLOWS + name)
                .content(content)
                .build();
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private static void repository(String value, String what) {
        CodeHost.checkRepository(value, what);
    }

    private static String owner(String ownerRepo) {
        return ownerRepo.substring(0, ownerRepo.indexOf('/'));
    }

    private static String repoName(String ownerRepo) {
        return ownerRepo.substring(ownerRepo.indexOf('/') + 1);
    }

    private static MirrorSyncException invalid(String message) {
        return new MirrorSyncException(Reason.INVALID_INPUT, message);
    }

    /** A property of this build ({@code version}, {@code action.repository}), for every workflow this package writes. */
    static String buildProperty(String name) {
        try (InputStream in = SyncWorkflows.class.getResourceAsStream("mirror-sync.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String value = properties.getProperty(name, "");
                if (name.equals("version") && VERSION.matcher(value).matches()) {
                    // A snapshot build pins the release it is heading for: a snapshot has no tag and no release.
                    return value.endsWith("-SNAPSHOT")
                            ? value.substring(0, value.length() - "-SNAPSHOT".length())
                            : value;
                }
                if (!value.isEmpty() && !value.startsWith("${")) {
                    return value;
                }
            }
        } catch (IOException e) {
            // fall through: the resource is part of this jar, so this does not happen in a built jar
        }
        throw new MirrorSyncException(
                Reason.INTERNAL, "this build of mirror-sync does not know its " + name + "; set it on the builder");
    }
}
