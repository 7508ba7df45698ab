package dev.mirrorsync.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness's command line: the shell mode's options, and the mistakes it refuses before any work starts. */
class BenchConfigTest {
    @TempDir
    Path dir;

    @Test
    void shellModeTakesTransportsAndAUsersRepository() throws Exception {
        Path jar = Files.createFile(dir.resolve("cli.jar"));
        Path clone = Files.createDirectory(dir.resolve("clone"));
        BenchConfig config = BenchConfig.parse(List.of(
                "--shell",
                "--cli-jar",
                jar.toString(),
                "--transport",
                "http,local",
                "--repo",
                clone.toString(),
                "--reps",
                "3"));
        assertThat(config.shell()).isTrue();
        assertThat(config.transports()).containsExactly(BenchConfig.Transport.HTTP, BenchConfig.Transport.LOCAL);
        assertThat(config.repo()).contains(clone.toAbsolutePath());
        assertThat(config.reps()).isEqualTo(3);
    }

    @Test
    void theDefaultsAreInProcessOverHttp() {
        BenchConfig config = BenchConfig.parse(List.of("--cli-jar", "none"));
        assertThat(config.shell()).isFalse();
        assertThat(config.transports()).containsExactly(BenchConfig.Transport.HTTP);
        assertThat(config.repo()).isEmpty();
    }

    @Test
    void shellModeWithoutACliJarIsRefused() {
        assertThatThrownBy(() -> BenchConfig.parse(List.of("--shell", "--cli-jar", "none")))
                .isInstanceOf(BenchConfig.UsageException.class)
                .hasMessageContaining("--cli-jar");
    }

    @Test
    void aRepositoryThatIsNotADirectoryIsRefused() {
        assertThatThrownBy(() -> BenchConfig.parse(
                        List.of("--repo", dir.resolve("missing").toString())))
                .isInstanceOf(BenchConfig.UsageException.class)
                .hasMessageContaining("not a directory");
    }

    @Test
    void anUnknownTransportIsRefused() {
        assertThatThrownBy(() -> BenchConfig.parse(List.of("--transport", "ssh")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
