package dev.mirrorsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sync --config FILE}: a fleet of pairs from one YAML file, in parallel, one cache per pair under one root, one
 * JSON report, a broken pair never blocking the others, the worst exit code; and schema errors named by line and column.
 */
class FleetConfigTest {
    @TempDir
    Path dir;

    /** A private repository one commit ahead of its public mirror, in its own folder. */
    private GitRepos.AheadPair aheadPair(String folder) throws IOException {
        return new GitRepos(Files.createDirectories(dir.resolve(folder))).aheadPair();
    }

    /*
     *   50 pairs, each private one commit ahead of public; pair-17's private path does not exist
     *   --parallel 4: 49 pairs synced, pair-17 an error (exit 2 for it, and for the run), one JSON object
     */
    @Test
    void fiftyPairsInParallelOneBrokenTheOthersSync() throws IOException {
        StringBuilder yaml = new StringBuilder("defaults:\n  tags: true\npairs:\n");
        List<GitRepos.AheadPair> made = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            GitRepos.AheadPair pair = aheadPair("repos-" + i);
            made.add(pair);
            String priv = i == 17
                    ? dir.resolve("no-such-repo.git").toString()
                    : pair.priv().toString();
            yaml.append("  - name: pair-")
                    .append(String.format("%02d", i))
                    .append('\n')
                    .append("    private: '")
                    .append(priv)
                    .append("'\n")
                    .append("    public: '")
                    .append(pair.pub())
                    .append("'\n");
        }
        Path config = Files.writeString(dir.resolve("mirror-sync.yml"), yaml.toString());
        Path cacheRoot = dir.resolve("caches");

        Cli.Result result = Cli.run(
                "sync", "--config", config.toString(), "--parallel", "4", "--cache", cacheRoot.toString(), "--json");

        assertThat(result.exit()).as(result.toString()).isEqualTo(2);
        JsonNode json = result.json();
        assertThat(json.path("exitCode").asInt()).isEqualTo(2);
        assertThat(json.path("pairs")).hasSize(50);
        Set<String> cachesUsed = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            JsonNode pair = json.path("pairs").path(i);
            String name = String.format("pair-%02d", i);
            assertThat(pair.path("pair").asText()).isEqualTo(name);
            if (i == 17) {
                assertThat(pair.path("exitCode").asInt()).isEqualTo(2);
                assertThat(pair.path("error").asText()).contains("nothing is there");
                continue;
            }
            assertThat(pair.path("exitCode").asInt()).as(name + ": " + pair).isZero();
            assertThat(pair.path("branches").path(0).path("outcome").asText()).isEqualTo("SYNCED");
            GitRepos.AheadPair repos = made.get(i);
            assertThat(repos.git().revParse(repos.pub(), "refs/heads/main"))
                    .isEqualTo(repos.git().revParse(repos.priv(), "refs/heads/main"));
            assertThat(Files.isDirectory(cacheRoot.resolve(name)))
                    .as("the cache of " + name)
                    .isTrue();
            cachesUsed.add(name);
        }
        assertThat(cachesUsed).hasSize(49);
        made.get(17).assertUnchanged("the broken pair's repositories");
    }

    @Test
    void pairSelectsPairsAndAnUnknownPairIsAUsageError() throws IOException {
        GitRepos.AheadPair one = aheadPair("one");
        GitRepos.AheadPair two = aheadPair("two");
        Path config = Files.writeString(
                dir.resolve("fleet.yml"),
                "pairs:\n"
                        + "  - {name: one, private: '" + one.priv() + "', public: '" + one.pub() + "'}\n"
                        + "  - {name: two, private: '" + two.priv() + "', public: '" + two.pub()
                        + "', direction: to-private}\n");

        Cli.Result unknown = Cli.run("sync", "--config", config.toString(), "--pair", "three");
        Cli.Result onlyTwo = Cli.run(
                "sync",
                "--config",
                config.toString(),
                "--pair",
                "two",
                "--cache",
                dir.resolve("c").toString());

        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("--pair three").contains("one, two");
        assertThat(onlyTwo.exit()).as(onlyTwo.toString()).isZero();
        assertThat(onlyTwo.out()).startsWith("[two] main: private ahead").doesNotContain("[one]");
        assertThat(onlyTwo.out()).contains("pending");
        one.assertUnchanged("pair one was not selected");
        two.assertUnchanged("pair two may only update private, which is ahead");
    }

    @Test
    void schemaErrorsNameTheLineAndColumnAndNothingRuns() throws IOException {
        GitRepos.AheadPair one = aheadPair("one");
        String good = "  - name: one\n    private: '" + one.priv() + "'\n    public: '" + one.pub() + "'\n";
        Map<String, String> cases = Map.of(
                "pairs:\n" + good + "    tag: true\n",
                ":5:5: unknown key 'tag' in a pair",
                "pairs:\n" + good + "    tags: yes-please\n",
                ":5:11: 'tags' must be true or false",
                "pairs:\n" + good + good,
                ":5:11: the pair name 'one' is used twice",
                "pairs:\n  - name: two\n    public: x\n",
                ":2:5: this pair has no 'private'",
                "pairs: [\n",
                "not valid YAML",
                "defaults:\n  name: x\npairs:\n" + good,
                ":2:3: unknown key 'name' in 'defaults'",
                "pairs:\n" + good + "    branches: {main: true}\n",
                ":5:15: 'branches' must be a list");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path config = Files.writeString(dir.resolve("bad.yml"), c.getKey());
            Cli.Result result = Cli.run("sync", "--config", config.toString());
            assertThat(result.exit()).as(c.getKey() + "\n" + result).isEqualTo(2);
            assertThat(result.err())
                    .as(c.getKey())
                    .contains(config + (c.getValue().startsWith(":") ? "" : ":"))
                    .contains(c.getValue());
        }
        one.assertUnchanged("a bad file runs nothing");
        assertThat(Cli.run("sync", "--config", dir.resolve("missing.yml").toString())
                        .err())
                .contains("cannot read it");
        assertThat(Cli.run("sync", "--config", dir.resolve("bad.yml").toString(), "--private", "x")
                        .err())
                .contains("drop --private");
        assertThat(Cli.run(
                                "sync",
                                "--pair",
                                "x",
                                "--private",
                                one.priv().toString(),
                                "--public",
                                one.pub().toString())
                        .exit())
                .isEqualTo(2);
        Path fine = Files.writeString(dir.resolve("fine.yml"), "pairs:\n" + good);
        Cli.Result noneAtOnce = Cli.run("sync", "--config", fine.toString(), "--parallel", "0");
        assertThat(noneAtOnce.exit()).isEqualTo(2);
        assertThat(noneAtOnce.err()).contains("--parallel must be at least 1");
        one.assertUnchanged("--parallel 0 runs nothing");
    }

    @Test
    void workflowsConfigWritesOneMatrixWorkflowForTheFleet() throws IOException {
        Path config = Files.writeString(
                dir.resolve("fleet.yml"),
                "defaults:\n  tags: true\npairs:\n"
                        + "  - {name: app, private: acme/app-private, public: acme/app, branches: [main, 'release/*']}\n"
                        + "  - {name: docs, private: acme/docs-private, public: acme/docs, private-token-env: DOCS_TOKEN}\n");

        Cli.Result result = Cli.run(
                "workflows",
                "--config",
                config.toString(),
                "--max-parallel",
                "3",
                "--out",
                dir.resolve("out").toString());

        assertThat(result.exit()).as(result.toString()).isZero();
        String workflow = Files.readString(dir.resolve("out/private/.github/workflows/sync-fleet.yml"));
        assertThat(workflow)
                .contains("max-parallel: 3")
                .contains("- pair: 'app'")
                .contains("- pair: 'docs'")
                .contains("branches: 'main release/*'")
                .contains("private-secret: DOCS_TOKEN")
                .contains("args: '--tags'");
        assertThat(Cli.run("workflows", "--config", config.toString(), "--private", "a/b", "--out", "x")
                        .exit())
                .isEqualTo(2);
    }
}
