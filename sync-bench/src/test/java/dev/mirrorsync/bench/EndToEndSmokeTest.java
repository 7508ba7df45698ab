package dev.mirrorsync.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the end-to-end harness at its smallest size, once per scenario and approach, over a real lighttpd +
 * git-http-backend, and checks that it measured what it claims to: every run produced a result and left the
 * repositories as a correct run must, "nothing changed" moved no objects, a warm fast-forward moved exactly the
 * objects plain git moved, and the report and the plot were written. It never looks at a time.
 */
class EndToEndSmokeTest {
    @TempDir
    static Path work;

    private static Report report;
    private static BenchConfig config;
    private static String log;

    @BeforeAll
    static void runHarness() throws Exception {
        if (!GitHttpServer.available()) {
            if (System.getenv("CI") != null) {
                fail("lighttpd is not installed, but CI must run the benchmark smoke test: apt-get install -y lighttpd"
                        + " (.ci/run does this)");
            }
            assumeTrue(
                    false, "lighttpd is not installed (apt-get install -y lighttpd); skipping the harness smoke test");
        }
        config = BenchConfig.parse(List.of(
                "--sizes",
                "tiny",
                "--reps",
                "1",
                "--ks",
                "1,10",
                "--diverged",
                "5",
                "--branches",
                "3",
                "--cli-jar",
                "none",
                "--work",
                work.resolve("work").toString(),
                "--out",
                work.resolve("out").toString()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        report = Bench.run(config, new PrintStream(out, true, StandardCharsets.UTF_8));
        log = out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyScenarioAndApproachProducedAResultThatLeftTheRepositoriesRight() {
        List<String> scenarios = List.of("nothing", "ahead-1", "ahead-10", "diverged-5", "branches-3");
        assertThat(report.scenarios()).containsExactlyElementsOf(scenarios);
        for (String scenario : scenarios) {
            for (Approach approach : List.of(
                    Approach.SEED, Approach.GIT_BEST, Approach.MS_COLD, Approach.MS_WARM_REF, Approach.MS_WARM_FILE)) {
                Optional<Report.Summary> summary = report.summary("tiny", scenario, approach);
                assertThat(summary).as("%s / %s\n%s", scenario, approach, log).isPresent();
                assertThat(summary.get().allConverged())
                        .as("%s / %s converged\n%s", scenario, approach, log)
                        .isTrue();
            }
        }
        assertThat(report.summary("tiny", "nothing", Approach.GIT_LS_REMOTE_X2)).isPresent();
        assertThat(report.summary("tiny", "nothing", Approach.JGIT_LS_REMOTE_X2))
                .isPresent();
        assertThat(report.measurements())
                .allSatisfy(m -> assertThat(m.converged()).as(m.detail()).isTrue());
    }

    @Test
    void nothingChangedTransfersNoObjects() {
        Report.Summary file =
                report.summary("tiny", "nothing", Approach.MS_WARM_FILE).orElseThrow();
        assertThat(file.packs()).isZero();
        assertThat(file.objects()).isZero();
        assertThat(file.advertisements()).as("one ref advertisement per side").isEqualTo(2);
        for (Approach approach : List.of(Approach.MS_WARM_REF, Approach.MS_COLD)) {
            Report.Summary ref = report.summary("tiny", "nothing", approach).orElseThrow();
            assertThat(ref.packs()).isZero();
            assertThat(ref.objects()).isZero();
            // the default store reads its watermark ref with a listing of its own (see BENCHMARKS.md)
            assertThat(ref.advertisements()).isBetween(2.0, 3.0);
        }
    }

    @Test
    void aWarmFastForwardMovesExactlyTheObjectsPlainGitMoves() {
        for (String scenario : List.of("ahead-1", "ahead-10", "branches-3")) {
            double git = report.summary("tiny", scenario, Approach.GIT_BEST)
                    .orElseThrow()
                    .objects();
            assertThat(git).isPositive();
            for (Approach approach : List.of(Approach.MS_WARM_REF, Approach.MS_WARM_FILE)) {
                assertThat(report.summary("tiny", scenario, approach)
                                .orElseThrow()
                                .objects())
                        .as("%s / %s", scenario, approach)
                        .isEqualTo(git);
            }
        }
    }

    @Test
    void theSeedsWayClonesEverythingEveryTime() {
        double seed =
                report.summary("tiny", "nothing", Approach.SEED).orElseThrow().objects();
        double cold = report.summary("tiny", "ahead-1", Approach.MS_COLD)
                .orElseThrow()
                .objects();
        assertThat(seed).as("a full clone").isGreaterThan(1000);
        assertThat(cold).as("a cold cache fetches the history once").isGreaterThan(1000);
    }

    @Test
    void theResultsAndThePlotAreWritten() throws Exception {
        assertThat(config.out().resolve("results.csv")).exists();
        Report reread = Report.read(config.out().resolve("results.csv"));
        assertThat(reread.measurements()).hasSameSizeAs(report.measurements());
        String md = Files.readString(config.out().resolve("results.md"));
        assertThat(md).contains("### tiny", "### Targets", "seed jobs", "mirror-sync, warm, file store");
        BufferedImage plot = ImageIO.read(config.plot().toFile());
        assertThat(plot.getWidth()).isGreaterThan(500);
        assertThat(plot.getHeight()).isGreaterThan(300);
    }
}
