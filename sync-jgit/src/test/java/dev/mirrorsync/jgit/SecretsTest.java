package dev.mirrorsync.jgit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.spi.GitBackend;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * {@link SecretsContract} on the JGit backend (JGit's own log lines and the progress it reports are searched too),
 * and a URL carrying credentials refused without repeating them.
 */
class SecretsTest extends SecretsContract {
    @Override
    protected GitBackend open(Path cache) {
        return JGitBackend.builder()
                .cacheDirectory(cache)
                .progressListener((repo, task, done, total) -> outputs.add(repo + " " + task))
                .build();
    }

    @Override
    protected String debugLogPrefix() {
        return "DEBUG dev.mirrorsync.jgit";
    }

    @Test
    void aUrlWithCredentialsIsRefusedWithoutRepeatingThem() {
        // RepoLocation refuses user information in every scheme but ssh (where a user without a password is normal),
        // before anything reaches JGit; JGitBackend's own URIish check stays behind it as a second line.
        for (String url : List.of(
                "git://someone:hunter2-SECRET@127.0.0.1:9/repo.git",
                "https://someone:hunter2-SECRET@127.0.0.1:9/repo.git",
                "ssh://someone:hunter2-SECRET@127.0.0.1:9/repo.git")) {
            IllegalArgumentException e =
                    Assertions.assertThrows(IllegalArgumentException.class, () -> RepoLocation.of(url));
            assertThat(e.getMessage())
                    .contains("127.0.0.1")
                    .doesNotContain("hunter2")
                    .doesNotContain("someone");
        }
    }
}
