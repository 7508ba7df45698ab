package dev.mirrorsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Every case of {@link SyncCommandTest}, with the shaded jar run as a real process ({@code java -jar}). */
class SyncCommandJarIT extends SyncCommandTest {
    @Override
    protected Cli.Result run(String... args) {
        String jar = System.getProperty("mirrorsync.jar");
        assertThat(jar)
                .as("the failsafe configuration passes the shaded jar's path")
                .isNotNull();
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(dir, "stdout", ".txt");
            Path err = Files.createTempFile(dir, "stderr", ".txt");
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().put("HOME", dir.toString());
            Process process = builder.start();
            assertThat(process.waitFor(3, TimeUnit.MINUTES))
                    .as("mirror-sync finished")
                    .isTrue();
            return new Cli.Result(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
