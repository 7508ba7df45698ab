package dev.mirrorsync.github.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.MirrorSyncException.Reason;
import dev.mirrorsync.core.Side;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The generated workflows, read back as YAML and checked field by field. */
class SyncWorkflowsTest {
    private static final String PRIVATE = "acme/cookbooks-private";
    private static final String PUBLIC = "acme/cookbooks";
    private static final YAMLMapper YAML = new YAMLMapper();

    @TempDir
    Path dir;

    private final SyncWorkflows workflows = SyncWorkflows.builder()
            .privateRepository(PRIVATE)
            .publicRepository(PUBLIC)
            .addBranches("main", "1.0", "release/2.x")
            .mirrorSyncVersion("1.2.3")
            .build();

    private Map<String, WorkflowFile> byName() {
        return workflows.files().stream().collect(Collectors.toMap(f -> f.path().substring(f.path().lastIndexOf('/') + 1), f -> f));
    }

    private static JsonNode yaml(WorkflowFile file) throws IOException {
        return YAML.readTree(file.content());
    }

    private static JsonNode syncStep(JsonNode workflow) {
        for (JsonNode step : workflow.path("jobs").path("sync").path("steps")) {
            if (step.path("run").asText().contains(" sync ")) {
                return step;
            }
        }
        throw new AssertionError("no sync step in " + workflow);
    }

    /** The CLI's options in the sync step, as (option, value) pairs in order. */
    private static List<String> options(JsonNode workflow) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("(--[a-z-]+) (\"[^\"]*\"|\\S+)").matcher(syncStep(workflow).path("run").asText());
        while (m.find()) {
            out.add(m.group(1) + " " + m.group(2));
        }
        return out;
    }

    @Test
    void writesThreeWorkflowsTwoForThePrivateRepositoryOneForThePublic() {
        assertThat(workflows.files()).extracting(WorkflowFile::side, WorkflowFile::repository, WorkflowFile::path)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Side.PRIVATE, PRIVATE, ".github/workflows/sync-from-public.yml"),
                        org.assertj.core.groups.Tuple.tuple(Side.PRIVATE, PRIVATE, ".github/workflows/sync-to-public.yml"),
                        org.assertj.core.groups.Tuple.tuple(Side.PUBLIC, PUBLIC, ".github/workflows/sync-to-private.yml"));
        assertThat(workflows.files()).allSatisfy(f -> assertThat(f.content()).endsWith("\n"));
    }

    @Test
    void theDailySafetyNetRunsAt0800UtcAndByHandTowardsPrivate() throws IOException {
        JsonNode wf = yaml(byName().get("sync-from-public.yml"));

        assertThat(wf.path("on").path("schedule")).hasSize(1);
        assertThat(wf.path("on").path("schedule").get(0).path("cron").asText()).isEqualTo("0 8 * * *");
        assertThat(wf.path("on").has("workflow_dispatch")).isTrue();
        assertThat(wf.path("on").has("pull_request")).isFalse();
        assertThat(options(wf)).contains("--direction to-private");
        assertThat(wf.path("jobs").path("sync").has("if")).isFalse();
    }

    @Test
    void theMergeWorkflowsRunOnClosedPullRequestsToTheSyncedBranchesAndOnlyWhenMerged() throws IOException {
        JsonNode toPublic = yaml(byName().get("sync-to-public.yml"));
        JsonNode toPrivate = yaml(byName().get("sync-to-private.yml"));

        JsonNode pr = toPublic.path("on").path("pull_request");
        assertThat(YAML.convertValue(pr.path("types"), List.class)).containsExactly("closed");
        assertThat(YAML.convertValue(pr.path("branches"), List.class)).containsExactly("main", "1.0", "release/2.x");
        assertThat(options(toPublic)).contains("--direction to-public");

        JsonNode prt = toPrivate.path("on").path("pull_request_target");
        assertThat(YAML.convertValue(prt.path("types"), List.class)).containsExactly("closed");
        assertThat(YAML.convertValue(prt.path("branches"), List.class)).containsExactly("main", "1.0", "release/2.x");
        assertThat(options(toPrivate)).contains("--direction to-private");
        for (JsonNode wf : List.of(toPublic, toPrivate)) {
            assertThat(wf.path("jobs").path("sync").path("if").asText()).isEqualTo("github.event.pull_request.merged == true");
        }
    }

    @Test
    void permissionsAreTheLeastEachNeeds() throws IOException {
        Map<String, WorkflowFile> files = byName();
        for (String name : List.of("sync-from-public.yml", "sync-to-public.yml")) {
            assertThat(YAML.convertValue(yaml(files.get(name)).path("permissions"), Map.class))
                    .as(name).isEqualTo(Map.of("contents", "read", "issues", "write"));
        }
        // The public repository's workflow files its issues in the private repository with a secret, not its own token.
        assertThat(YAML.convertValue(yaml(files.get("sync-to-private.yml")).path("permissions"), Map.class))
                .isEqualTo(Map.of("contents", "read"));
    }

    @Test
    void oneConcurrencyGroupPerPairThatNeverCancelsARun() throws IOException {
        for (WorkflowFile file : workflows.files()) {
            JsonNode concurrency = yaml(file).path("concurrency");
            assertThat(concurrency.path("group").asText()).isEqualTo("mirror-sync-" + PRIVATE + "-" + PUBLIC);
            assertThat(concurrency.path("cancel-in-progress").isBoolean()).isTrue();
            assertThat(concurrency.path("cancel-in-progress").asBoolean()).isFalse();
        }
    }

    @Test
    void secretsAreMappedIntoTheSyncStepOnly() throws IOException {
        Map<String, WorkflowFile> files = byName();
        for (String name : List.of("sync-from-public.yml", "sync-to-public.yml")) {
            JsonNode wf = yaml(files.get(name));
            assertThat(YAML.convertValue(syncStep(wf).path("env"), Map.class)).as(name).isEqualTo(Map.of(
                    "MIRROR_SYNC_PRIVATE_TOKEN", "${{ secrets.MIRROR_SYNC_PRIVATE_TOKEN }}",
                    "MIRROR_SYNC_PUBLIC_TOKEN", "${{ secrets.MIRROR_SYNC_PUBLIC_TOKEN }}",
                    "GITHUB_TOKEN", "${{ github.token }}"));
        }
        JsonNode toPrivate = yaml(files.get("sync-to-private.yml"));
        assertThat(YAML.convertValue(syncStep(toPrivate).path("env"), Map.class)).isEqualTo(Map.of(
                "MIRROR_SYNC_PRIVATE_TOKEN", "${{ secrets.MIRROR_SYNC_PRIVATE_TOKEN }}",
                "MIRROR_SYNC_PUBLIC_TOKEN", "${{ github.token }}",
                "GITHUB_TOKEN", "${{ secrets.MIRROR_SYNC_PRIVATE_TOKEN }}"));
        for (WorkflowFile file : workflows.files()) {
            JsonNode wf = yaml(file);
            assertThat(wf.path("env").isMissingNode()).isTrue();
            assertThat(wf.path("jobs").path("sync").path("env").toString()).doesNotContain("secrets.");
            for (JsonNode step : wf.path("jobs").path("sync").path("steps")) {
                // No expression is ever expanded inside a script (the classic Actions injection): values go through env.
                assertThat(step.path("run").asText()).doesNotContain("${{");
                if (step != syncStep(wf)) {
                    assertThat(step.path("env").isMissingNode()).isTrue();
                }
            }
        }
    }

    @Test
    void everyWorkflowRunsTheSamePairWithTheTrackerInThePrivateRepository() throws IOException {
        for (WorkflowFile file : workflows.files()) {
            JsonNode wf = yaml(file);
            assertThat(options(wf)).as(file.path()).contains(
                    "--name " + PUBLIC,
                    "--private \"${GITHUB_SERVER_URL}/" + PRIVATE + ".git\"",
                    "--public \"${GITHUB_SERVER_URL}/" + PUBLIC + ".git\"",
                    "--branch main", "--branch 1.0", "--branch release/2.x",
                    "--tracker github:" + PRIVATE,
                    "--tracker-endpoint \"${GITHUB_API_URL}\"");
        }
    }

    @Test
    void mirrorSyncIsSetUpOnJava17AtThePinnedVersion() throws IOException {
        for (WorkflowFile file : workflows.files()) {
            JsonNode job = yaml(file).path("jobs").path("sync");
            assertThat(job.path("runs-on").asText()).isEqualTo("ubuntu-latest");
            assertThat(job.path("env").path("MIRROR_SYNC_VERSION").asText()).isEqualTo("1.2.3");
            JsonNode setup = job.path("steps").get(0);
            assertThat(setup.path("uses").asText()).isEqualTo("actions/setup-java@v4");
            assertThat(setup.path("with").path("java-version").asText()).isEqualTo("17");
            assertThat(job.path("steps").get(1).path("run").asText())
                    .contains("maven-dependency-plugin:3.8.1:copy", "dev.mirrorsync:sync-cli-example:${MIRROR_SYNC_VERSION}");
            assertThat(syncStep(yaml(file)).path("run").asText()).startsWith("java -jar \"${RUNNER_TEMP}/mirror-sync/sync-cli-example.jar\" sync");
        }
    }

    @Test
    void theDefaultVersionIsThisBuildsReleaseAndTheDefaultBranchIsMain() {
        SyncWorkflows defaults = SyncWorkflows.builder().privateRepository(PRIVATE).publicRepository(PUBLIC).build();

        assertThat(defaults.branches()).containsExactly("main");
        assertThat(defaults.mirrorSyncVersion()).matches("\\d+\\.\\d+\\.\\d+").doesNotContain("SNAPSHOT");
        assertThat(defaults.pairName()).isEqualTo(PUBLIC);
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme", "acme/x/y", "acme/x\non: push", "acme/x'", "acme/x\"", "acme/x y", "acme/..", "../x",
            "acme/${{ secrets.X }}", "acme/x#y", "acme/x:y", ""})
    void refusesRepositoryNamesThatCouldChangeTheYaml(String name) {
        MirrorSyncException e = catchThrowableOfType(MirrorSyncException.class,
                () -> SyncWorkflows.builder().privateRepository(name).publicRepository(PUBLIC).build());

        assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT);
        assertThat(e.getMessage()).contains("--private", "OWNER/REPO").doesNotContain("\n");
        assertThat(catchThrowableOfType(MirrorSyncException.class,
                () -> SyncWorkflows.builder().privateRepository(PRIVATE).publicRepository(name).build()).getMessage())
                .contains("--public");
    }

    @ParameterizedTest
    @ValueSource(strings = {"feat'x", "a b", "$(id)", "-x", "x..y", "a:b", "x\ny", "${{ github.token }}", "a,b", "a[0]", "wip*"})
    void refusesBranchNamesThatCouldChangeTheYamlOrTheScript(String branch) {
        MirrorSyncException e = catchThrowableOfType(MirrorSyncException.class,
                () -> SyncWorkflows.builder().privateRepository(PRIVATE).publicRepository(PUBLIC).addBranches(branch).build());

        assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT);
        assertThat(e.getMessage()).doesNotContain("\n");
    }

    @Test
    void refusesTheSameRepositoryTwiceAndABranchTwice() {
        assertThat(catchThrowableOfType(MirrorSyncException.class,
                () -> SyncWorkflows.builder().privateRepository(PUBLIC).publicRepository("ACME/cookbooks").build()).getMessage())
                .contains("same repository");
        assertThat(catchThrowableOfType(MirrorSyncException.class, () -> SyncWorkflows.builder().privateRepository(PRIVATE)
                .publicRepository(PUBLIC).addBranches("main", "refs/heads/main").build()).getMessage())
                .contains("named twice");
    }

    @Test
    void writesUnderPrivateAndPublicAndWritingTheSameAgainIsFine() throws IOException {
        List<Path> written = workflows.writeTo(dir, false);

        assertThat(written).containsExactly(
                dir.resolve("private/.github/workflows/sync-from-public.yml"),
                dir.resolve("private/.github/workflows/sync-to-public.yml"),
                dir.resolve("public/.github/workflows/sync-to-private.yml"));
        for (int i = 0; i < written.size(); i++) {
            assertThat(Files.readString(written.get(i))).isEqualTo(workflows.files().get(i).content());
        }
        assertThat(workflows.writeTo(dir, false)).isEqualTo(written);
        try (var files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile)).hasSize(3); // no temporary file left behind
        }
    }

    @Test
    void refusesToOverwriteADifferentFileUnlessAskedAndThenWritesNothing() throws IOException {
        Path edited = dir.resolve("private/.github/workflows/sync-to-public.yml");
        Files.createDirectories(edited.getParent());
        Files.writeString(edited, "# edited by hand\n");

        MirrorSyncException e = catchThrowableOfType(MirrorSyncException.class, () -> workflows.writeTo(dir, false));

        assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT);
        assertThat(e.getMessage()).contains("refusing to overwrite", edited.toString());
        assertThat(Files.readString(edited)).isEqualTo("# edited by hand\n");
        assertThat(dir.resolve("private/.github/workflows/sync-from-public.yml")).doesNotExist();

        workflows.writeTo(dir, true);
        assertThat(Files.readString(edited)).isEqualTo(byName().get("sync-to-public.yml").content());
    }

    @Test
    void nextStepsNameEachSecretItsRepositoryAndItsPermissions() {
        String steps = workflows.nextSteps(dir);

        assertThat(steps).contains(
                dir + "/private/.github/workflows/sync-from-public.yml",
                dir + "/public/.github/workflows/sync-to-private.yml",
                "Repository access: Only select repositories > " + PRIVATE,
                "Repository access: Only select repositories > " + PUBLIC,
                "Contents: Read and write; Issues: Read and write",
                "Resource owner: acme",
                "gh workflow run sync-from-public.yml --repo " + PRIVATE);
        assertThat(steps).containsPattern("gh secret set MIRROR_SYNC_PRIVATE_TOKEN --repo " + PRIVATE + " +# token a\n");
        assertThat(steps).containsPattern("gh secret set MIRROR_SYNC_PUBLIC_TOKEN --repo " + PRIVATE + " +# token b\n");
        assertThat(steps).containsPattern("gh secret set MIRROR_SYNC_PRIVATE_TOKEN --repo " + PUBLIC + " +# token a again\n");
        assertThat(steps).doesNotContain("gh secret set MIRROR_SYNC_PUBLIC_TOKEN --repo " + PUBLIC + " ");
        assertThat(steps).doesNotContain("gh secret set GITHUB_TOKEN");
    }
}
