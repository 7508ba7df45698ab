package dev.mirrorsync.github.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The generated workflows against the real validator from npm, {@code @action-validator/cli}, which checks them
 * against GitHub's workflow schema. Without the binary, CI fails (CI is set there) and a developer's run skips.
 */
class SyncWorkflowsValidatorTest {
    private static Path validator;

    @TempDir
    Path dir;

    @BeforeAll
    static void findValidator() {
        Optional<Path> found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(p -> !p.isEmpty())
                .map(p -> Path.of(p, "action-validator"))
                .filter(Files::isExecutable)
                .findFirst();
        String missing = "action-validator is not on the PATH: npm install -g @action-validator/cli";
        if (found.isEmpty() && System.getenv("CI") != null) {
            fail(missing + " (CI is set, so this is a failure, not a skip)");
        }
        assumeTrue(found.isPresent(), missing);
        validator = found.get();
    }

    private record Result(int exitCode, String output) {}

    private static Result validate(Path file) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(validator.toString(), file.toString()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("action-validator did not finish within 60 s on " + file);
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    static Stream<Arguments> pairs() {
        return Stream.of(
                Arguments.of("acme/cookbooks-private", "acme/cookbooks", List.of()),
                Arguments.of("my.org/private_repo", "other-org/Public.Repo", List.of("main", "1.0", "release/2.x", "on", "yes")));
    }

    @ParameterizedTest
    @MethodSource("pairs")
    void everyGeneratedWorkflowPassesTheValidator(String privateRepo, String publicRepo, List<String> branches) throws Exception {
        SyncWorkflows workflows = SyncWorkflows.builder()
                .privateRepository(privateRepo).publicRepository(publicRepo).branches(branches).build();

        List<Path> files = workflows.writeTo(dir, false);

        assertThat(files).hasSize(3);
        for (Path file : files) {
            Result result = validate(file);
            assertThat(result.exitCode()).as("action-validator %s said:%n%s", file, result.output()).isZero();
        }
    }

    /** The negative control: the validator does reject a broken workflow, so a pass above means something. */
    @Test
    void theValidatorRejectsABrokenWorkflow() throws Exception {
        SyncWorkflows workflows = SyncWorkflows.builder()
                .privateRepository("acme/cookbooks-private").publicRepository("acme/cookbooks").addBranches("1.0").build();
        String good = workflows.files().get(1).content();
        Path unquotedBranch = dir.resolve("unquoted.yml");
        Files.writeString(unquotedBranch, good.replace("branches: ['1.0']", "branches: [1.0]"));
        Path noRunner = dir.resolve("no-runner.yml");
        Files.writeString(noRunner, good.replace("runs-on: ubuntu-latest", "runs-onn: ubuntu-latest"));

        assertThat(good).contains("branches: ['1.0']", "runs-on: ubuntu-latest");
        assertThat(validate(unquotedBranch).exitCode()).isNotZero();
        assertThat(validate(noRunner).exitCode()).isNotZero();
    }
}
