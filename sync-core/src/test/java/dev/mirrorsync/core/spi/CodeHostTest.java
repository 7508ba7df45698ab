package dev.mirrorsync.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.core.RepoLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link CodeHost#hosts}: the one place that matches a side's URL to the tracker's repository. */
class CodeHostTest {
    private static CodeHost host(String repository) {
        return new CodeHost() {
            @Override
            public String repository() {
                return repository;
            }

            @Override
            public IssueRef openPullRequest(String headBranch, String baseBranch, String title, String body) {
                throw new AssertionError("not called");
            }
        };
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://github.com/acme/site.git",
                "https://github.com/acme/site",
                "https://github.com/Acme/Site.git/",
                "git@github.com:acme/site.git",
                "ssh://git@github.com/acme/site"
            })
    void matchesTheRepositoryInEveryUrlForm(String url) {
        assertThat(host("acme/site").hosts(RepoLocation.of(url))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://github.com/acme/site-private.git",
                "https://github.com/other/site.git",
                "https://github.com/xacme/site.git",
                "/srv/git/site.git"
            })
    void doesNotMatchAnotherRepository(String url) {
        assertThat(host("acme/site").hosts(RepoLocation.of(url))).isFalse();
    }

    @Test
    void aRepositoryThatIsNotOwnerSlashNameMatchesNothing() {
        assertThat(host("site").hosts(RepoLocation.of("https://github.com/site")))
                .isFalse();
    }

    @Test
    void theBranchProtectionDefaultCannotTell() {
        assertThat(host("acme/site").checkBranchProtection("main").status()).isEqualTo(AccessCheck.Status.NOT_CHECKED);
    }
}
