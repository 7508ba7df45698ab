package dev.mirrorsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command an issue prints is the one that resolves the branch and closes the issue: it is taken from the issue's
 * text, split into words by a real shell (so the quoting is checked too), and run. The sync that filed the issue used
 * a {@code file:} tracker, a {@code file:} state, a pair name and a cache in directories whose names need quoting.
 */
class RecoveryCommandTest {
    private static final Pattern COMMAND =
            Pattern.compile("Let mirror-sync do it.*?\\n```sh\\n(.*?)\\n```", Pattern.DOTALL);

    @TempDir
    Path dir;

    private GitRepos git;
    private Path priv;
    private Path pub;
    private Path issues;
    private Path state;
    private Path cache;

    @BeforeEach
    void setUp() throws IOException {
        git = new GitRepos(dir);
        priv = git.bare("private");
        pub = git.bare("public");
        Path odd = Files.createDirectories(dir.resolve("a dir's name"));
        issues = odd.resolve("issues");
        state = odd.resolve("state.json");
        cache = odd.resolve("cache");
    }

    private Cli.Result sync() {
        return Cli.run(
                "sync",
                "--private",
                priv.toString(),
                "--public",
                pub.toString(),
                "--name",
                "cookbooks/main",
                "--tracker",
                "file:" + issues,
                "--state",
                "file:" + state,
                "--cache",
                cache.toString(),
                "--backend",
                "jgit",
                "--json");
    }

    /*
     * a - b       private
     *  \
     *   c         public
     */
    @Test
    void theIssuesCommandMergesADivergedBranchAndClosesTheIssue() throws Exception {
        git.commit(priv, "main", "a.txt", "a\n", "a");
        git.copy(priv, pub, "main");
        git.commit(priv, "main", "b.txt", "b\n", "b");
        git.commit(pub, "main", "c.txt", "c\n", "c");

        Cli.Result diverged = sync();
        assertThat(diverged.branch(0).path("state").asText())
                .as(diverged.toString())
                .isEqualTo("DIVERGED");
        JsonNode issue = onlyIssue();
        assertThat(issue.path("state").asText()).isEqualTo("open");
        assertThat(issue.path("body").asText())
                .contains(
                        "no branch moved; resolve with: mirror-sync resolve --strategy merge|prefer-private|prefer-public.");
        List<String> command = commandIn(issue.path("body").asText());
        assertThat(command)
                .containsSubsequence("--strategy", "merge")
                .containsSubsequence("--tracker", "file:" + issues)
                .containsSubsequence("--state", "file:" + state)
                .containsSubsequence("--cache", cache.toString())
                .containsSubsequence("--name", "cookbooks/main")
                .containsSubsequence("--backend", "jgit")
                .doesNotContain("--dry-run");

        Cli.Result resolved = run(command);

        assertThat(resolved.exit()).as(resolved.toString()).isZero();
        assertThat(onlyIssue().path("state").asText()).isEqualTo("closed");
        assertThat(git.revParse(priv, "refs/heads/main")).isPresent().isEqualTo(git.revParse(pub, "refs/heads/main"));
        assertThat(sync().branch(0).path("state").asText()).isEqualTo("IN_SYNC");
    }

    /*
     * a           private
     * (deleted)   public, after both were at a
     */
    @Test
    void theIssuesCommandRestoresADeletedPublicBranchAndClosesTheIssue() throws Exception {
        String a = git.commit(priv, "main", "a.txt", "a\n", "a");
        git.copy(priv, pub, "main");
        assertThat(sync().branch(0).path("state").asText()).isEqualTo("IN_SYNC");
        git.setBranch(pub, "main", Optional.empty());

        Cli.Result rewritten = sync();
        assertThat(rewritten.branch(0).path("state").asText())
                .as(rewritten.toString())
                .isEqualTo("PUBLIC_REWRITTEN");
        List<String> command = commandIn(onlyIssue().path("body").asText());
        // preferring the deleted side would be refused (mirror-sync never deletes a branch)
        assertThat(command).containsSubsequence("--strategy", "prefer-private", "--accept-rewrite");

        Cli.Result resolved = run(command);

        assertThat(resolved.exit()).as(resolved.toString()).isZero();
        assertThat(git.revParse(pub, "refs/heads/main")).contains(a);
        assertThat(onlyIssue().path("state").asText()).isEqualTo("closed");
    }

    /** Runs the command's words after {@code mirror-sync} in-process. */
    private static Cli.Result run(List<String> command) {
        assertThat(command.subList(0, 2)).containsExactly("mirror-sync", "resolve");
        List<String> args = new ArrayList<>(command.subList(1, command.size()));
        args.add("--json");
        return Cli.run(args.toArray(String[]::new));
    }

    private JsonNode onlyIssue() throws IOException {
        List<Path> files;
        try (var list = Files.list(issues)) {
            files = list.filter(f -> f.getFileName().toString().matches("\\d+\\.json"))
                    .toList();
        }
        assertThat(files).hasSize(1);
        return new ObjectMapper().readTree(files.get(0).toFile());
    }

    /**
     * The command in the issue's "Let mirror-sync do it" block, as {@code sh} splits it into words: a stand-in
     * {@code mirror-sync} on the PATH prints the words it was given.
     */
    private List<String> commandIn(String body) throws Exception {
        Matcher m = COMMAND.matcher(body);
        assertThat(m.find()).as(body).isTrue();
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path standIn = Files.writeString(
                bin.resolve("mirror-sync"), "#!/bin/sh\nprintf 'mirror-sync\\0'\nprintf '%s\\0' \"$@\"\n");
        assertThat(standIn.toFile().setExecutable(true)).isTrue();
        ProcessBuilder builder = new ProcessBuilder("sh", "-c", m.group(1)).redirectErrorStream(true);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process sh = builder.start();
        sh.getOutputStream().close();
        String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sh.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(sh.exitValue()).as(m.group(1) + "\n" + out).isZero();
        return Arrays.asList(out.split("\0"));
    }
}
