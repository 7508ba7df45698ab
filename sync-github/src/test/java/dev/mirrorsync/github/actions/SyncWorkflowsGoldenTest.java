package dev.mirrorsync.github.actions;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each generated workflow, and the next steps printed with them, byte for byte against a reviewed copy in
 * {@code src/test/resources/.../golden/CASE/}. A deliberate change: run with {@code -Dgolden.update=true}, then
 * review the diff of the golden files like any other change.
 */
class SyncWorkflowsGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/dev/mirrorsync/github/actions/golden");

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(
                        "default",
                        SyncWorkflows.builder()
                                .privateRepository("acme/cookbooks-private")
                                .publicRepository("acme/cookbooks")
                                .mirrorSyncVersion("1.2.3")
                                .build()),
                Arguments.of(
                        "three-branches-pinned-commit",
                        SyncWorkflows.builder()
                                .privateRepository("my.org/private_repo")
                                .publicRepository("other-org/Public.Repo")
                                .addBranches("main", "1.0", "release/2.x")
                                .pairName("cookbooks")
                                .mirrorSyncVersion("1.2.3")
                                .actionRef("0123456789abcdef0123456789abcdef01234567")
                                .build()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyGeneratedFileMatchesItsGoldenCopy(String name, SyncWorkflows workflows) throws IOException {
        Map<String, String> rendered = new LinkedHashMap<>();
        workflows.files().forEach(file -> rendered.put(file.outputPath(), file.content()));
        rendered.put("next-steps.txt", workflows.nextSteps(Path.of("out")));
        Path dir = GOLDEN.resolve(name);

        if (Boolean.getBoolean("golden.update")) {
            for (Map.Entry<String, String> e : rendered.entrySet()) {
                Files.createDirectories(dir.resolve(e.getKey()).getParent());
                Files.writeString(dir.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
            }
        }

        List<String> golden = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile)
                    .forEach(f -> golden.add(dir.relativize(f).toString()));
        }
        assertThat(golden)
                .as("golden files of %s (-Dgolden.update=true writes them)", name)
                .containsExactlyInAnyOrderElementsOf(rendered.keySet());
        for (Map.Entry<String, String> e : rendered.entrySet()) {
            assertThat(e.getValue())
                    .as("%s/%s (-Dgolden.update=true rewrites it; review the diff)", name, e.getKey())
                    .isEqualTo(Files.readString(dir.resolve(e.getKey()), StandardCharsets.UTF_8));
        }
    }
}
