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
        Cli.Result result = Cli.run("workflows", "--private", "acme/cookbook-private", "--public", "acme/cookbook",
                "--out", dir.toString());

        assertThat(result.exit()).as(result.toString()).isZero();
        Path fromPublic = dir.resolve("private/.github/workflows/sync-from-public.yml");
        Path toPublic = dir.resolve("private/.github/workflows/sync-to-public.yml");
        Path toPrivate = dir.resolve("public/.github/workflows/sync-to-private.yml");
        assertThat(fromPublic).exists();
        assertThat(toPublic).exists();
        assertThat(toPrivate).exists();
        assertThat(Files.readString(fromPublic)).contains("0 8 * * *").contains("workflow_dispatch").contains("--direction to-private");
        assertThat(Files.readString(toPublic)).contains("--direction to-public").contains("concurrency");
        assertThat(result.out()).contains("MIRROR_SYNC_PUBLIC_TOKEN").contains("acme/cookbook-private").contains("acme/cookbook");
    }

    @Test
    void refusesARepositoryNameThatIsNotOwnerSlashRepo() {
        Cli.Result result = Cli.run("workflows", "--private", "acme/x; rm -rf /", "--public", "acme/cookbook", "--out", dir.toString());
        assertThat(result.exit()).isEqualTo(2);
        assertThat(result.err()).contains("OWNER/REPO");
        assertThat(dir).isEmptyDirectory();
    }
}
