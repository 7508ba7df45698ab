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
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.assertj.core.groups.Tuple;
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
        return workflows.files().stream()
                .collect(Collectors.toMap(f -> f.path().substring(f.path().lastIndexOf('/') + 1), f -> f));
    }

    private static JsonNode yaml(WorkflowFile file) throws IOException {
        return YAML.readTree(file.content());
    }

    /** The one step of the job: mirror-sync's action. */
    private static JsonNode syncStep(JsonNode workflow) {
        JsonNode steps = workflow.path("jobs").path("sync").path("steps");
        assertThat(steps).hasSize(1);
        return steps.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> with(JsonNode workflow) {
        return YAML.convertValue(syncStep(workflow).path("with"), Map.class);
    }

    @Test
    void writesThreeWorkflowsTwoForThePrivateRepositoryOneForThePublic() {
        assertThat(workflows.files())
                .extracting(WorkflowFile::side, WorkflowFile::repository, WorkflowFile::path)
                .containsExactly(
                        Tuple.tuple(Side.PRIVATE, PRIVATE, ".github/workflows/sync-safety-net.yml"),
                        Tuple.tuple(Side.PRIVATE, PRIVATE, ".github/workflows/sync-to-public.yml"),
                        Tuple.tuple(Side.PUBLIC, PUBLIC, ".github/workflows/sync-to-private.yml"));
        assertThat(workflows.files()).allSatisfy(f -> assertThat(f.content()).endsWith("\n"));
    }

    @Test
    void theDailySafetyNetRunsAt0800UtcAndByHandInBothDirections() throws IOException {
        JsonNode wf = yaml(byName().get("sync-safety-net.yml"));

        assertThat(wf.path("on").path("schedule")).hasSize(1);
        assertThat(wf.path("on").path("schedule").get(0).path("cron").asText()).isEqualTo("0 8 * * *");
        assertThat(wf.path("on").has("workflow_dispatch")).isTrue();
        assertThat(wf.path("on").has("push")).isFalse();
        assertThat(with(wf)).containsEntry("direction", "both");
        assertThat(wf.path("jobs").path("sync").has("if")).isFalse();
    }

    @Test
    void everyPushToASyncedBranchIsCarriedOverNotOnlyMergedPullRequests() throws IOException {
        JsonNode toPublic = yaml(byName().get("sync-to-public.yml"));
        JsonNode toPrivate = yaml(byName().get("sync-to-private.yml"));

        for (JsonNode wf : List.of(toPublic, toPrivate)) {
            assertThat(YAML.convertValue(wf.path("on"), Map.class)).containsOnlyKeys("push");
            assertThat(YAML.convertValue(wf.path("on").path("push").path("branches"), List.class))
                    .containsExactly("main", "1.0", "release/2.x");
            // a merged pull request is a push to its base branch; no pull_request_target, which runs with secrets for
            // forks
            assertThat(wf.path("jobs").path("sync").has("if")).isFalse();
        }
        assertThat(with(toPublic)).containsEntry("direction", "to-public");
        assertThat(with(toPrivate)).containsEntry("direction", "to-private");
    }

    @Test
    void permissionsAreTheLeastEachNeeds() throws IOException {
        Map<String, WorkflowFile> files = byName();
        for (String name : List.of("sync-safety-net.yml", "sync-to-public.yml")) {
            assertThat(YAML.convertValue(yaml(files.get(name)).path("permissions"), Map.class))
                    .as(name)
                    .isEqualTo(Map.of("contents", "read", "issues", "write"));
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
    void secretsAreGivenToTheActionOnly() throws IOException {
        Map<String, WorkflowFile> files = byName();
        for (String name : List.of("sync-safety-net.yml", "sync-to-public.yml")) {
            assertThat(with(yaml(files.get(name))))
                    .as(name)
                    .containsEntry("private-token", "${{ secrets.MIRROR_SYNC_PRIVATE_TOKEN }}")
                    .containsEntry("public-token", "${{ secrets.MIRROR_SYNC_PUBLIC_TOKEN }}")
                    .containsEntry("tracker-token", "${{ github.token }}");
        }
        assertThat(with(yaml(files.get("sync-to-private.yml"))))
                .containsEntry("private-token", "${{ secrets.MIRROR_SYNC_PRIVATE_TOKEN }}")
                .containsEntry("public-token", "${{ github.token }}")
                .containsEntry("tracker-token", "${{ secrets.MIRROR_SYNC_PRIVATE_TOKEN }}");
        for (WorkflowFile file : workflows.files()) {
            JsonNode wf = yaml(file);
            assertThat(wf.path("env").isMissingNode()).isTrue();
            assertThat(wf.path("jobs").path("sync").path("env").isMissingNode()).isTrue();
            // no script at all in the workflow, so no expression can be expanded inside one (the classic injection)
            assertThat(syncStep(wf).has("run")).isFalse();
            assertThat(syncStep(wf).has("env")).isFalse();
        }
    }

    @Test
    void everyWorkflowRunsTheSamePairWithTheTrackerInThePrivateRepository() throws IOException {
        for (WorkflowFile file : workflows.files()) {
            assertThat(with(yaml(file)))
                    .as(file.path())
                    .containsEntry("name", PUBLIC)
                    .containsEntry("private", PRIVATE)
                    .containsEntry("public", PUBLIC)
                    .containsEntry("branches", "main 1.0 release/2.x")
                    .containsEntry("tracker", "github:" + PRIVATE)
                    .containsEntry("args", "--tracker-endpoint ${{ github.api_url }}");
        }
    }

    @Test
    void theActionIsPinnedToTheReleaseTagAndNothingComesFromMaven() throws IOException {
        for (WorkflowFile file : workflows.files()) {
            JsonNode job = yaml(file).path("jobs").path("sync");
            assertThat(job.path("runs-on").asText()).isEqualTo("ubuntu-latest");
            assertThat(syncStep(yaml(file)).path("uses").asText()).isEqualTo("mirror-sync/mirror-sync@v1.2.3");
            assertThat(file.content()).doesNotContainIgnoringCase("mvn").doesNotContainIgnoringCase("maven");
        }
        SyncWorkflows pinned = SyncWorkflows.builder()
                .from(workflows)
                .actionRepository("acme-forks/mirror-sync")
                .actionRef("0123456789abcdef0123456789abcdef01234567")
                .build();
        for (WorkflowFile file : pinned.files()) {
            assertThat(syncStep(yaml(file)).path("uses").asText())
                    .isEqualTo("acme-forks/mirror-sync@0123456789abcdef0123456789abcdef01234567");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "v1 2", "v1\n", "-v1", "v1..2", "v1/", "${{ github.ref }}", "v1'", "@v1", "v1#x"})
    void refusesAnActionRefThatCouldChangeTheYaml(String ref) {
        MirrorSyncException e = catchThrowableOfType(
                MirrorSyncException.class,
                () -> SyncWorkflows.builder().from(workflows).actionRef(ref).build());

        assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT);
        assertThat(e.getMessage()).contains("--action-ref").doesNotContain("\n");
    }

    /** Every input the workflows pass is one action.yml declares, and every input it requires is passed. */
    @Test
    @SuppressWarnings("unchecked")
    void theWorkflowsPassOnlyInputsTheActionDeclares() throws IOException {
        JsonNode action = YAML.readTree(Files.readString(Path.of("..", "action.yml")));
        Map<String, Object> inputs = YAML.convertValue(action.path("inputs"), Map.class);
        List<String> required = inputs.keySet().stream()
                .filter(name ->
                        action.path("inputs").path(name).path("required").asBoolean(false))
                .toList();
        assertThat(required).containsExactlyInAnyOrder("private", "public");
        for (WorkflowFile file : workflows.files()) {
            assertThat(inputs)
                    .as(file.path())
                    .containsKeys(with(yaml(file)).keySet().toArray(String[]::new));
            assertThat(with(yaml(file))).containsKeys(required.toArray(String[]::new));
        }
    }

    @Test
    void theDefaultVersionIsThisBuildsReleaseAndTheDefaultBranchIsMain() {
        SyncWorkflows defaults = SyncWorkflows.builder()
                .privateRepository(PRIVATE)
                .publicRepository(PUBLIC)
                .build();

        assertThat(defaults.branches()).containsExactly("main");
        assertThat(defaults.mirrorSyncVersion()).matches("\\d+\\.\\d+\\.\\d+").doesNotContain("SNAPSHOT");
        assertThat(defaults.actionRef()).isEqualTo("v" + defaults.mirrorSyncVersion());
        assertThat(defaults.actionRepository()).isEqualTo("mirror-sync/mirror-sync");
        assertThat(defaults.pairName()).isEqualTo(PUBLIC);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "acme",
                "acme/x/y",
                "acme/x\non: push",
                "acme/x'",
                "acme/x\"",
                "acme/x y",
                "acme/..",
                "../x",
                "acme/${{ secrets.X }}",
                "acme/x#y",
                "acme/x:y",
                ""
            })
    void refusesRepositoryNamesThatCouldChangeTheYaml(String name) {
        MirrorSyncException e = catchThrowableOfType(
                MirrorSyncException.class,
                () -> SyncWorkflows.builder()
                        .privateRepository(name)
                        .publicRepository(PUBLIC)
                        .build());

        assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT);
        assertThat(e.getMessage()).contains("--private", "OWNER/REPO").doesNotContain("\n");
        assertThat(catchThrowableOfType(
                                MirrorSyncException.class,
                                () -> SyncWorkflows.builder()
                                        .privateRepository(PRIVATE)
                                        .publicRepository(name)
                                        .build())
                        .getMessage())
                .contains("--public");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "feat'x",
                "a b",
                "$(id)",
                "-x",
                "x..y",
                "a:b",
                "x\ny",
                "${{ github.token }}",
                "a,b",
                "a[0]",
                "wip*"
            })
    void refusesBranchNamesThatCouldChangeTheYamlOrTheScript(String branch) {
        MirrorSyncException e = catchThrowableOfType(
                MirrorSyncException.class,
                () -> SyncWorkflows.builder()
                        .privateRepository(PRIVATE)
                        .publicRepository(PUBLIC)
                        .addBranches(branch)
                        .build());

        assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT);
        assertThat(e.getMessage()).doesNotContain("\n");
    }

    @Test
    void refusesTheSameRepositoryTwiceAndABranchTwice() {
        assertThat(catchThrowableOfType(
                                MirrorSyncException.class,
                                () -> SyncWorkflows.builder()
                                        .privateRepository(PUBLIC)
                                        .publicRepository("ACME/cookbooks")
                                        .build())
                        .getMessage())
                .contains("same repository");
        assertThat(catchThrowableOfType(
                                MirrorSyncException.class,
                                () -> SyncWorkflows.builder()
                                        .privateRepository(PRIVATE)
                                        .publicRepository(PUBLIC)
                                        .addBranches("main", "refs/heads/main")
                                        .build())
                        .getMessage())
                .contains("named twice");
    }

    @Test
    void writesUnderPrivateAndPublicAndWritingTheSameAgainIsFine() throws IOException {
        List<Path> written = workflows.writeTo(dir, false);

        assertThat(written)
                .containsExactly(
                        dir.resolve("private/.github/workflows/sync-safety-net.yml"),
                        dir.resolve("private/.github/workflows/sync-to-public.yml"),
                        dir.resolve("public/.github/workflows/sync-to-private.yml"));
        for (int i = 0; i < written.size(); i++) {
            assertThat(Files.readString(written.get(i)))
                    .isEqualTo(workflows.files().get(i).content());
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
        assertThat(dir.resolve("private/.github/workflows/sync-safety-net.yml")).doesNotExist();

        workflows.writeTo(dir, true);
        assertThat(Files.readString(edited))
                .isEqualTo(byName().get("sync-to-public.yml").content());
    }

    @Test
    void nextStepsNameEachSecretItsRepositoryAndItsPermissions() {
        String steps = workflows.nextSteps(dir);

        assertThat(steps)
                .contains(
                        dir + "/private/.github/workflows/sync-safety-net.yml",
                        dir + "/public/.github/workflows/sync-to-private.yml",
                        "Repository access: Only select repositories > " + PRIVATE,
                        "Repository access: Only select repositories > " + PUBLIC,
                        "Contents: Read and write; Issues: Read and write",
                        "Resource owner: acme",
                        "gh workflow run sync-safety-net.yml --repo " + PRIVATE);
        assertThat(steps)
                .containsPattern("gh secret set MIRROR_SYNC_PRIVATE_TOKEN --repo " + PRIVATE + " +# token a\n");
        assertThat(steps).containsPattern("gh secret set MIRROR_SYNC_PUBLIC_TOKEN --repo " + PRIVATE + " +# token b\n");
        assertThat(steps)
                .containsPattern("gh secret set MIRROR_SYNC_PRIVATE_TOKEN --repo " + PUBLIC + " +# token a again\n");
        assertThat(steps).doesNotContain("gh secret set MIRROR_SYNC_PUBLIC_TOKEN --repo " + PUBLIC + " ");
        assertThat(steps).doesNotContain("gh secret set GITHUB_TOKEN");
    }
}
