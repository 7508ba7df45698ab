package dev.mirrorsync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RepoLocationTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://github.com/acme/repo.git",
                "http://localhost:8080/repo.git",
                "ssh://git@github.com/acme/repo.git",
                "git@github.com:acme/repo.git",
                "git://example.com/repo.git",
                "file:///srv/git/repo.git",
                "/srv/git/repo.git"
            })
    void acceptsWhatGitAccepts(String url) {
        assertThat(RepoLocation.of(url).url()).isEqualTo(url);
    }

    /** As {@code git ls-remote p.git} does: a relative path means one under the working directory. */
    @ParameterizedTest
    @ValueSource(strings = {"relative/repo.git", "./relative/repo.git", "repo.git", "sub/../relative/repo.git"})
    void resolvesARelativePathAgainstTheWorkingDirectory(String path) {
        RepoLocation location = RepoLocation.of(path, Optional.empty());

        Path expected = Path.of("").toAbsolutePath().resolve(path).normalize();
        assertThat(location.url()).isEqualTo(expected.toString());
        assertThat(Path.of(location.url()).isAbsolute()).isTrue();
        assertThat(location.scheme()).isEqualTo("file");
    }

    @Test
    void leavesAHostColonPathAlone() {
        assertThat(RepoLocation.of("example.com:acme/repo.git").url()).isEqualTo("example.com:acme/repo.git");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://user:s3cr3t-value@github.com/acme/repo.git", "https://s3cr3t-value@github.com/acme/repo.git",
                "ssh://git:s3cr3t-value@github.com/acme/repo.git", "git://user:s3cr3t-value@example.com/repo.git",
                "file://s3cr3t-value@localhost/srv/repo.git"
            })
    void refusesCredentialsWithoutRepeatingThem(String url) {
        assertThatThrownBy(() -> RepoLocation.of(url))
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain("s3cr3t-value")
                        .doesNotContain("user:"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ext::sh -c id",
                "fd::3",
                "-uhttps://x",
                "--upload-pack=touch /tmp/x",
                "ftp://example.com/r.git",
                "https://a\nb"
            })
    void refusesHelpersOptionsAndOddSchemes(String url) {
        assertThatThrownBy(() -> RepoLocation.of(url)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void masksTheTokenInToString() {
        RepoLocation location = RepoLocation.of("https://github.com/acme/repo.git", Optional.of("ghp_s3cr3t"));
        assertThat(location.toString()).doesNotContain("s3cr3t").contains("github.com/acme/repo.git");
        assertThat(location.token()).contains("ghp_s3cr3t");
    }
}
