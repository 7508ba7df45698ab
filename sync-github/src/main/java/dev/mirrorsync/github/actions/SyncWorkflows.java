package dev.mirrorsync.github.actions;

import dev.mirrorsync.core.BranchNames;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.MirrorSyncException.Reason;
import dev.mirrorsync.core.Side;
import dev.mirrorsync.core.spi.CodeHost;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.immutables.value.Value;

/**
 * The three GitHub Actions workflows that run mirror-sync for one pair of repositories, replacing the seed's
 * hand-written shell jobs, and the set-up steps that go with them:
 *
 * <ol>
 *   <li>{@code sync-from-public.yml} in the private repository: daily at 08:00 UTC and by hand, public to private,
 *       the safety net for missed runs;
 *   <li>{@code sync-to-public.yml} in the private repository: when a pull request is merged into a synced branch,
 *       private to public;
 *   <li>{@code sync-to-private.yml} in the public repository: when a pull request is merged there, public to private.
 * </ol>
 *
 * <p>Each has least-privilege {@code permissions}, one {@code concurrency} group per pair that never cancels a
 * running sync, the tokens mapped from secrets into the sync step only, and files its issues in the private
 * repository ({@code --tracker github:PRIVATE}).
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
    /** Where generated workflows fetch mirror-sync from: Maven Central, at {@link #mirrorSyncVersion()}. */
    public static final String CLI_ARTIFACT = "dev.mirrorsync:sync-cli-example";

    private static final Pattern BRANCH = Pattern.compile("[A-Za-z0-9._/-]{1,200}");
    private static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+_-]{0,49}");
    private static final Pattern PAIR_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,99}");
    private static final String WORKFLOWS = ".github/workflows/";

    SyncWorkflows() {}

    /** {@code OWNER/REPO} of the private repository: it runs two of the workflows and holds the issues. */
    public abstract String privateRepository();

    /** {@code OWNER/REPO} of the public mirror: it runs {@code sync-to-private.yml}. */
    public abstract String publicRepository();

    /** The synced branches; {@code main} when none is given. */
    public abstract List<String> branches();

    /** The mirror-sync release the workflows pin; default: this library's version. */
    @Value.Default
    public String mirrorSyncVersion() {
        return currentVersion();
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
        if (!PAIR_NAME.matcher(pairName()).matches()) {
            throw invalid("pair name '" + Text.printable(pairName()) + "' is not valid: letters, digits, '.', '_', '/', '-',"
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
                throw invalid("branch name '" + Text.printable(branch) + "' cannot go into a workflow: use letters, digits, '.', '_', '/' or '-'");
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
        return List.of(fromPublic(), toPublic(), toPrivate());
    }

    /**
     * Writes {@link #files()} under {@code outDir} at their {@link WorkflowFile#outputPath()}. A file that is there
     * with the same content is left alone; one that differs is replaced only when {@code overwrite} is set, and
     * otherwise nothing at all is written.
     *
     * @return the three files' paths
     * @throws MirrorSyncException {@code INVALID_INPUT} when a file differs and {@code overwrite} is not set, or
     *     {@code outDir} cannot be written
     */
    public List<Path> writeTo(Path outDir, boolean overwrite) {
        List<Path> targets = new ArrayList<>();
        List<String> differing = new ArrayList<>();
        for (WorkflowFile file : files()) {
            Path target = outDir.resolve(file.outputPath());
            targets.add(target);
            if (Files.exists(target) && !sameContent(target, file.content())) {
                differing.add(target.toString());
            }
        }
        if (!differing.isEmpty() && !overwrite) {
            throw invalid("refusing to overwrite " + String.join(", ", differing)
                    + ": it differs from what would be written; move it away, or ask to overwrite (the CLI's --force)");
        }
        for (int i = 0; i < targets.size(); i++) {
            write(targets.get(i), files().get(i).content());
        }
        return List.copyOf(targets);
    }

    /** What to do by hand after writing: where each file goes, which tokens to create and which secret holds which. */
    public String nextSteps(Path outDir) {
        String priv = privateRepository();
        String pub = publicRepository();
        String out = outDir.toString();
        String branchList = String.join(", ", branches());
        StringBuilder s = new StringBuilder();
        s.append("mirror-sync workflows for ").append(priv).append(" (private) and ").append(pub)
                .append(" (public), branches: ").append(branchList).append("\n\n");
        s.append("1. Add the workflows (commit them to the default branch, for example through a pull request):\n");
        s.append("     ").append(priv).append(": ").append(out).append("/private/.github/workflows/sync-from-public.yml\n");
        s.append("     ").append(priv).append(": ").append(out).append("/private/.github/workflows/sync-to-public.yml\n");
        s.append("     ").append(pub).append(": ").append(out).append("/public/.github/workflows/sync-to-private.yml\n");
        s.append("   for example: cp -r ").append(out).append("/private/.github PATH-TO-CHECKOUT-OF-").append(repoName(priv)).append("/\n");
        s.append("                cp -r ").append(out).append("/public/.github PATH-TO-CHECKOUT-OF-").append(repoName(pub)).append("/\n\n");
        s.append("2. Create two fine-grained personal access tokens (GitHub: Settings > Developer settings >\n");
        s.append("   Personal access tokens > Fine-grained tokens > Generate new token), each with an expiry you will rotate:\n");
        s.append("   a. Token name: mirror-sync ").append(priv).append("\n");
        s.append("      Resource owner: ").append(owner(priv)).append("\n");
        s.append("      Repository access: Only select repositories > ").append(priv).append("\n");
        s.append("      Repository permissions: Contents: Read and write; Issues: Read and write (Metadata: Read comes with them)\n");
        s.append("   b. Token name: mirror-sync ").append(pub).append("\n");
        s.append("      Resource owner: ").append(owner(pub)).append("\n");
        s.append("      Repository access: Only select repositories > ").append(pub).append("\n");
        s.append("      Repository permissions: Contents: Read and write\n");
        s.append("   An organisation may have to approve fine-grained tokens before they work.\n\n");
        s.append("3. Store them as Actions secrets (repository > Settings > Secrets and variables > Actions >\n");
        s.append("   New repository secret), or with the GitHub CLI, which asks for the value:\n");
        String[][] secrets = {
            {"MIRROR_SYNC_PRIVATE_TOKEN", priv, "token a"},
            {"MIRROR_SYNC_PUBLIC_TOKEN", priv, "token b"},
            {"MIRROR_SYNC_PRIVATE_TOKEN", pub, "token a again"}};
        int width = Math.max(priv.length(), pub.length()) + "MIRROR_SYNC_PRIVATE_TOKEN".length();
        for (String[] secret : secrets) {
            String command = String.format("gh secret set %s --repo %s", secret[0], secret[1]);
            s.append("     ").append(String.format("%-" + (width + 27) + "s", command)).append(" # ").append(secret[2]).append('\n');
        }
        s.append("   ").append(pub).append(" needs token a because its workflow pushes to ").append(priv)
                .append(" and files issues there;\n");
        s.append("   it reads itself with its own GITHUB_TOKEN. The workflows in ").append(priv)
                .append(" file issues with their own GITHUB_TOKEN\n");
        s.append("   (permissions: issues: write), so GITHUB_TOKEN is never a secret you create.\n");
        s.append("   Anyone who may change workflows in ").append(pub).append(" can use token a: keep write access to ")
                .append(pub).append("\n   to people you trust with ").append(priv).append(".\n\n");
        s.append("4. If a synced branch (").append(branchList).append(") is protected in either repository, let the owner of the\n");
        s.append("   matching token push to it");
        s.append(" (ruleset bypass list or branch protection exceptions), or mirror-sync's pushes are refused.\n\n");
        s.append("5. Try it:\n");
        s.append("     gh workflow run sync-from-public.yml --repo ").append(priv).append("\n");
        s.append("     gh run list --workflow=sync-from-public.yml --repo ").append(priv).append("\n");
        s.append("   then merge a small pull request in each repository and watch sync-to-public.yml in ").append(priv)
                .append("\n   and sync-to-private.yml in ").append(pub).append(".\n\n");
        s.append("6. When a branch needs a human (diverged, rewritten, unrelated), mirror-sync opens one issue in ").append(priv)
                .append(",\n   labelled sync-failure and urgent, keeps it up to date and closes it once the branch is back in sync.\n");
        return s.toString();
    }

    // ---- the workflows ---------------------------------------------------------------------------------

    private WorkflowFile fromPublic() {
        String yaml = header("sync-from-public.yml", "Safety net: once a day, and by hand, bring what was merged in "
                        + publicRepository() + " into " + privateRepository() + ".")
                + "name: \"mirror-sync: " + publicRepository() + " to " + privateRepository() + " (daily)\"\n\n"
                + "on:\n"
                + "  schedule:\n"
                + "    - cron: '0 8 * * *'   # 08:00 UTC every day\n"
                + "  workflow_dispatch:\n\n"
                + permissions(true)
                + concurrency()
                + job(false, "to-private", "${{ secrets.MIRROR_SYNC_PRIVATE_TOKEN }}", "${{ secrets.MIRROR_SYNC_PUBLIC_TOKEN }}",
                        "${{ github.token }}", "this workflow's own token, allowed to write issues above");
        return file(Side.PRIVATE, privateRepository(), "sync-from-public.yml", yaml);
    }

    private WorkflowFile toPublic() {
        String yaml = header("sync-to-public.yml", "When a pull request is merged into " + String.join(", ", branches())
                        + " of " + privateRepository() + ", bring it to " + publicRepository() + ".")
                + "name: \"mirror-sync: " + privateRepository() + " to " + publicRepository() + "\"\n\n"
                + "on:\n"
                + "  pull_request:\n"
                + "    types: [closed]\n"
                + "    branches: " + branchList() + "\n\n"
                + permissions(true)
                + concurrency()
                + job(true, "to-public", "${{ secrets.MIRROR_SYNC_PRIVATE_TOKEN }}", "${{ secrets.MIRROR_SYNC_PUBLIC_TOKEN }}",
                        "${{ github.token }}", "this workflow's own token, allowed to write issues above");
        return file(Side.PRIVATE, privateRepository(), "sync-to-public.yml", yaml);
    }

    private WorkflowFile toPrivate() {
        String yaml = header("sync-to-private.yml", "When a pull request is merged into " + String.join(", ", branches())
                        + " of " + publicRepository() + ", bring it to " + privateRepository() + ".")
                + "name: \"mirror-sync: " + publicRepository() + " to " + privateRepository() + "\"\n\n"
                + "# pull_request_target, not pull_request: most pull requests to a public repository come from forks, and a\n"
                + "# pull_request run for a fork gets no secrets. pull_request_target runs this file as it is on the base\n"
                + "# branch, in the base repository, and this job never checks out or runs the pull request's code: it only\n"
                + "# moves commits that are already merged.\n"
                + "on:\n"
                + "  pull_request_target:\n"
                + "    types: [closed]\n"
                + "    branches: " + branchList() + "\n\n"
                + permissions(false)
                + concurrency()
                + job(true, "to-private", "${{ secrets.MIRROR_SYNC_PRIVATE_TOKEN }}", "${{ github.token }}",
                        "${{ secrets.MIRROR_SYNC_PRIVATE_TOKEN }}",
                        "issues go to " + privateRepository() + ", which this repository's own token cannot write to");
        return file(Side.PUBLIC, publicRepository(), "sync-to-private.yml", yaml);
    }

    private String header(String fileName, String purpose) {
        return "# " + fileName + ": written by mirror-sync " + mirrorSyncVersion() + " (mirror-sync workflows) for the pair\n"
                + "# " + privateRepository() + " (private) and " + publicRepository() + " (public), branches "
                + String.join(", ", branches()) + ".\n"
                + "# " + purpose + "\n"
                + "# Every push mirror-sync makes carries a lease: it never overwrites a change it has not seen, and when the\n"
                + "# histories diverge it opens one issue in " + privateRepository() + " instead of forcing anything.\n";
    }

    private String permissions(boolean filesIssuesWithOwnToken) {
        StringBuilder s = new StringBuilder("permissions:\n");
        s.append("  contents: read   # pushes use the MIRROR_SYNC_* tokens, never this workflow's own token\n");
        if (filesIssuesWithOwnToken) {
            s.append("  issues: write    # the one issue per branch in ").append(privateRepository()).append('\n');
        }
        return s.append('\n').toString();
    }

    private String concurrency() {
        return "# One sync of this pair at a time in this repository, and a running sync is never cut short. Runs in the\n"
                + "# other repository of the pair can overlap with this one: the leased pushes keep that safe.\n"
                + "concurrency:\n"
                + "  group: '" + concurrencyGroup() + "'\n"
                + "  cancel-in-progress: false\n\n";
    }

    private String job(boolean onMergeOnly, String direction, String privateToken, String publicToken, String trackerToken,
            String trackerTokenNote) {
        StringBuilder s = new StringBuilder();
        s.append("jobs:\n");
        s.append("  sync:\n");
        if (onMergeOnly) {
            s.append("    # closed without merging: nothing to sync\n");
            s.append("    if: github.event.pull_request.merged == true\n");
        }
        s.append("    runs-on: ubuntu-latest\n");
        s.append("    timeout-minutes: 20\n");
        s.append("    env:\n");
        s.append("      MIRROR_SYNC_VERSION: '").append(mirrorSyncVersion()).append("'\n");
        s.append("    steps:\n");
        s.append("      - name: Set up Java 17\n");
        s.append("        uses: actions/setup-java@v4\n");
        s.append("        with:\n");
        s.append("          distribution: temurin\n");
        s.append("          java-version: '17'\n\n");
        s.append("      # mirror-sync is the self-contained CLI jar ").append(CLI_ARTIFACT).append(" from Maven Central, pinned to\n");
        s.append("      # MIRROR_SYNC_VERSION; Maven checks the download against Central's checksums (Maven comes with GitHub's\n");
        s.append("      # ubuntu runners). To build from source instead: check out mirror-sync at a pinned tag and run\n");
        s.append("      # mvn -B -ntp -DskipTests package, then use sync-cli-example/target/sync-cli-example-*.jar.\n");
        s.append("      - name: Fetch mirror-sync\n");
        s.append("        run: >-\n");
        s.append("          mvn -B -ntp org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy\n");
        s.append("          -Dartifact=\"").append(CLI_ARTIFACT).append(":${MIRROR_SYNC_VERSION}\"\n");
        s.append("          -DoutputDirectory=\"${RUNNER_TEMP}/mirror-sync\" -Dmdep.stripVersion=true\n\n");
        s.append("      # The tokens reach this step only, as environment variables: never in a URL or on a command line.\n");
        s.append("      - name: Sync ").append(direction).append('\n');
        s.append("        env:\n");
        s.append("          MIRROR_SYNC_PRIVATE_TOKEN: ").append(privateToken).append('\n');
        s.append("          MIRROR_SYNC_PUBLIC_TOKEN: ").append(publicToken).append('\n');
        s.append("          GITHUB_TOKEN: ").append(trackerToken).append("   # for the issues: ").append(trackerTokenNote).append('\n');
        s.append("        run: |\n");
        s.append("          java -jar \"${RUNNER_TEMP}/mirror-sync/sync-cli-example.jar\" sync \\\n");
        s.append("            --name ").append(pairName()).append(" \\\n");
        s.append("            --private \"${GITHUB_SERVER_URL}/").append(privateRepository()).append(".git\" \\\n");
        s.append("            --public \"${GITHUB_SERVER_URL}/").append(publicRepository()).append(".git\" \\\n");
        for (String branch : branches()) {
            s.append("            --branch ").append(branch).append(" \\\n");
        }
        s.append("            --direction ").append(direction).append(" \\\n");
        s.append("            --tracker github:").append(privateRepository()).append(" \\\n");
        s.append("            --tracker-endpoint \"${GITHUB_API_URL}\"\n");
        return s.toString();
    }

    private String branchList() {
        return branches().stream().map(b -> "'" + b + "'").collect(Collectors.joining(", ", "[", "]"));
    }

    private static WorkflowFile file(Side side, String repository, String name, String content) {
        return new WorkflowFile.Builder().side(side).repository(repository).path(WORKFLOWS + name).content(content).build();
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

    private static boolean sameContent(Path target, String content) {
        try {
            return Files.isRegularFile(target)
                    && Files.size(target) == content.getBytes(StandardCharsets.UTF_8).length
                    && Files.readString(target, StandardCharsets.UTF_8).equals(content);
        } catch (IOException e) {
            return false;
        }
    }

    private static void write(Path target, String content) {
        try {
            Files.createDirectories(target.getParent());
            if (sameContent(target, content)) {
                return;
            }
            Path temp = Files.createTempFile(target.getParent(), ".mirror-sync-", ".tmp");
            try {
                Files.writeString(temp, content, StandardCharsets.UTF_8);
                try {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new MirrorSyncException(Reason.INVALID_INPUT, "cannot write " + target + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + Text.printable(e.getMessage())), e);
        }
    }

    private static MirrorSyncException invalid(String message) {
        return new MirrorSyncException(Reason.INVALID_INPUT, message);
    }

    private static String currentVersion() {
        try (InputStream in = SyncWorkflows.class.getResourceAsStream("mirror-sync.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version", "");
                if (VERSION.matcher(version).matches()) {
                    // A snapshot build pins the release it is heading for: snapshots are not on Maven Central.
                    return version.endsWith("-SNAPSHOT") ? version.substring(0, version.length() - "-SNAPSHOT".length()) : version;
                }
            }
        } catch (IOException e) {
            // fall through: the resource is part of this jar, so this does not happen in a built jar
        }
        throw new MirrorSyncException(Reason.INTERNAL, "this build of mirror-sync does not know its version; pass mirrorSyncVersion(...)");
    }
}
