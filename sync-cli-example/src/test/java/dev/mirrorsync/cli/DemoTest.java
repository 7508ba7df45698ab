package dev.mirrorsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mirror-sync demo} runs end to end, and what it claims is checked here independently, with git itself. */
class DemoTest {
    @TempDir
    Path dir;

    @Test
    void theTourDoesWhatItSays() throws Exception {
        Path workspace = dir.resolve("demo");
        Cli.Result result = Cli.run("demo", "--dir", workspace.toString());

        assertThat(result.exit()).as(result.toString()).isZero();
        assertThat(result.out()).contains("Done: every step did what it said").contains(workspace.toString());

        List<Path> issueFiles;
        try (Stream<Path> files = Files.list(workspace.resolve("issues"))) {
            issueFiles = files.filter(f -> f.getFileName().toString().matches("\\d+\\.json"))
                    .toList();
        }
        assertThat(issueFiles).hasSize(1);
        JsonNode issue = new ObjectMapper().readTree(issueFiles.get(0).toFile());
        assertThat(issue.path("state").asText()).isEqualTo("closed");
        assertThat(issue.path("labels")).extracting(JsonNode::asText).containsExactly("sync-failure", "urgent");

        GitRepos git = new GitRepos(dir);
        String priv = git.revParse(workspace.resolve("private.git"), "refs/heads/main")
                .orElseThrow();
        String pub =
                git.revParse(workspace.resolve("public.git"), "refs/heads/main").orElseThrow();
        assertThat(priv).isEqualTo(pub);
        assertThat(git.git(workspace.resolve("private.git"), "cat-file", "-p", priv))
                .contains("parent")
                .contains("Merge private main");
    }

    @Test
    void refusesANonEmptyDirectory() throws Exception {
        Files.writeString(dir.resolve("something.txt"), "x");
        Cli.Result result = Cli.run("demo", "--dir", dir.toString());
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("not empty");
    }
}
