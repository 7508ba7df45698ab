package dev.mirrorsync.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --metrics FILE}: the lag of each branch as OpenMetrics text, checked by the two real consumers' own parsers:
 * {@code promtool check metrics} (Debian {@code prometheus}) and {@code prometheus_client}'s OpenMetrics parser (Debian
 * {@code python3-prometheus-client}). Both are installed by {@code .ci/run}; without them the test fails on CI and is
 * skipped elsewhere.
 */
class MetricsTest {
    @TempDir
    Path dir;

    /*
     *   main:  base - p          private one commit ahead
     *   dev:   base - p' | base - q'   diverged
     */
    @Test
    void statusWritesOpenMetricsThatPromtoolAndPrometheusClientAccept() throws Exception {
        GitRepos.AheadPair pair = mainAheadDevDiverged();
        Path metrics = dir.resolve("textfile").resolve("mirror-sync.prom");

        Cli.Result status = Cli.run(
                "status",
                "--private",
                pair.priv().toString(),
                "--public",
                pair.pub().toString(),
                "--branch",
                "main",
                "--branch",
                "dev",
                "--name",
                "app",
                "--cache",
                dir.resolve("cache").toString(),
                "--metrics",
                metrics.toString(),
                "--json");

        assertThat(status.exit()).as(status.toString()).isEqualTo(3);
        String text = Files.readString(metrics);
        assertThat(text)
                .contains("mirror_sync_lag_commits{pair=\"app\",branch=\"main\",missing_on=\"public\"} 1\n")
                .contains("mirror_sync_lag_commits{pair=\"app\",branch=\"dev\",missing_on=\"private\"} 1\n")
                .contains("mirror_sync_state{pair=\"app\",branch=\"dev\",state=\"DIVERGED\"} 1\n")
                .contains("mirror_sync_state{pair=\"app\",branch=\"main\",state=\"DIVERGED\"} 0\n")
                .endsWith("# EOF\n");
        JsonNode main = status.branch(0);
        JsonNode dev = status.branch(1);
        assertThat(main.path("lag").path("public").path("missingCommits").asLong())
                .isEqualTo(1);
        assertThat(main.path("lag").path("public").path("oldestMissing").asText())
                .endsWith("Z");
        assertThat(main.path("lag").path("private").path("missingCommits").asLong())
                .isZero();
        assertThat(dev.path("lag").path("divergedSince").isTextual())
                .as(dev.toString())
                .isTrue();

        promtool(metrics);
        prometheusClient(metrics);
    }

    /* The same two branches: status's text ends each line with the lag the JSON gives, as times. */
    @Test
    void statusTextEndsEachLineWithTheLag() throws Exception {
        GitRepos.AheadPair pair = mainAheadDevDiverged();
        List<String> common = List.of(
                "status",
                "--private",
                pair.priv().toString(),
                "--public",
                pair.pub().toString(),
                "--branch",
                "main",
                "--branch",
                "dev",
                "--cache",
                dir.resolve("cache").toString());

        Cli.Result json =
                Cli.run(Stream.concat(common.stream(), Stream.of("--json")).toArray(String[]::new));
        Cli.Result text = Cli.run(common.toArray(String[]::new));

        assertThat(text.exit()).as(text.toString()).isEqualTo(3);
        String mainOldest =
                json.branch(0).path("lag").path("public").path("oldestMissing").asText();
        String devSince = json.branch(1).path("lag").path("divergedSince").asText();
        assertThat(mainOldest).endsWith("Z");
        assertThat(devSince).endsWith("Z");
        List<String> lines = text.out().lines().toList();
        assertThat(lines).as(text.toString()).hasSize(2);
        assertThat(lines.get(0))
                .startsWith("main: private ahead by 1: ")
                .endsWith("; public lacks commits since " + mainOldest);
        assertThat(lines.get(1)).startsWith("dev: diverged 1↔1: ").endsWith("; diverged since " + devSince);
    }

    /* main: private one commit ahead; dev: one commit of its own on each side. */
    private GitRepos.AheadPair mainAheadDevDiverged() {
        GitRepos git = new GitRepos(dir);
        GitRepos.AheadPair pair = git.aheadPair();
        git.setBranch(pair.priv(), "dev", git.revParse(pair.pub(), "refs/heads/main"));
        git.copy(pair.priv(), pair.pub(), "dev");
        git.commit(pair.priv(), "dev", "p.txt", "p\n", "private's own");
        git.commit(pair.pub(), "dev", "q.txt", "q\n", "public's own");
        return pair;
    }

    private static void promtool(Path metrics) throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        requireTool(Files.isExecutable(promtool), "promtool (apt-get install -y prometheus)");
        Process process = new ProcessBuilder(promtool.toString(), "check", "metrics")
                .redirectInput(metrics.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("promtool check metrics:\n" + out).isZero();
    }

    private static void prometheusClient(Path metrics) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        boolean present = Files.isExecutable(python)
                && new ProcessBuilder(python.toString(), "-c", "import prometheus_client.openmetrics.parser")
                                .start()
                                .waitFor()
                        == 0;
        requireTool(present, "prometheus_client (apt-get install -y python3-prometheus-client)");
        String script = String.join(
                "\n",
                "import sys",
                "from prometheus_client.openmetrics.parser import text_string_to_metric_families",
                "families = list(text_string_to_metric_families(open(sys.argv[1]).read()))",
                "names = sorted(f.name for f in families)",
                "print(' '.join(names))",
                "lag = [s for f in families if f.name == 'mirror_sync_lag_commits' for s in f.samples]",
                "assert any(s.labels == {'pair': 'app', 'branch': 'main', 'missing_on': 'public'} and s.value == 1 for s in lag), lag",
                "");
        Process process = new ProcessBuilder(List.of(python.toString(), "-c", script, metrics.toString()))
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as("prometheus_client's OpenMetrics parser:\n" + out)
                .isZero();
        assertThat(out)
                .contains("mirror_sync_lag_commits")
                .contains("mirror_sync_lag_seconds")
                .contains("mirror_sync_state")
                .contains("mirror_sync_diverged_seconds");
    }

    private static void requireTool(boolean present, String what) throws IOException {
        if (!present && System.getenv("CI") != null) {
            fail(what + " is not installed, but CI must check the metrics format (.ci/run installs it)");
        }
        assumeTrue(present, what + " is not installed; skipping the metrics format check");
    }
}
