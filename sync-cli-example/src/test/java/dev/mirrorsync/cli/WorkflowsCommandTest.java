package dev.mirrorsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowsCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesTheThreeWorkflowsAndSaysWhichSecretGoesWhere() throws Exception {
        Cli.Result result = Cli.run(
                "workflows",
                "--private",
                "acme/cookbook-private",
                "--public",
                "acme/cookbook",
                "--out",
                dir.toString());

        assertThat(result.exit()).as(result.toString()).isZero();
        Path fromPublic = dir.resolve("private/.github/workflows/sync-safety-net.yml");
        Path toPublic = dir.resolve("private/.github/workflows/sync-to-public.yml");
        Path toPrivate = dir.resolve("public/.github/workflows/sync-to-private.yml");
        assertThat(fromPublic).exists();
        assertThat(toPublic).exists();
        assertThat(toPrivate).exists();
        assertThat(Files.readString(fromPublic))
                .contains("0 8 * * *")
                .contains("workflow_dispatch")
                .contains("direction: both");
        assertThat(Files.readString(toPublic))
                .contains("direction: to-public")
                .contains("concurrency")
                .contains("uses: mirror-sync/mirror-sync@v");
        assertThat(result.out())
                .contains("MIRROR_SYNC_PUBLIC_TOKEN")
                .contains("acme/cookbook-private")
                .contains("acme/cookbook");
    }

    @Test
    void actionRefPinsTheActionInEveryWorkflow() throws Exception {
        Cli.Result result = Cli.run(
                "workflows",
                "--private",
                "acme/cookbook-private",
                "--public",
                "acme/cookbook",
                "--out",
                dir.toString(),
                "--action-ref",
                "v9.8.7");

        assertThat(result.exit()).as(result.toString()).isZero();
        for (String file : new String[] {
            "private/.github/workflows/sync-safety-net.yml",
            "private/.github/workflows/sync-to-public.yml",
            "public/.github/workflows/sync-to-private.yml"
        }) {
            assertThat(Files.readString(dir.resolve(file))).as(file).contains("uses: mirror-sync/mirror-sync@v9.8.7\n");
        }
        assertThat(result.out()).contains("mirror-sync/mirror-sync@v9.8.7");
    }

    @Test
    void aBadActionRefIsAUsageErrorThatWritesNothing() {
        Cli.Result result = Cli.run(
                "workflows",
                "--private",
                "acme/cookbook-private",
                "--public",
                "acme/cookbook",
                "--out",
                dir.toString(),
                "--action-ref",
                "v1 && curl evil");

        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("--action-ref");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void refusesARepositoryNameThatIsNotOwnerSlashRepo() {
        Cli.Result result = Cli.run(
                "workflows", "--private", "acme/x; rm -rf /", "--public", "acme/cookbook", "--out", dir.toString());
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("OWNER/REPO");
        assertThat(dir).isEmptyDirectory();
    }
}
