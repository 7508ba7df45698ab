package dev.mirrorsync.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.MirrorSyncException.Reason;
import dev.mirrorsync.core.spi.IssueTracker;
import dev.mirrorsync.core.spi.IssueTrackerProvider;
import dev.mirrorsync.core.spi.TrackerConfig;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GitHubIssueTrackerProviderTest {
    private final GitHubIssueTrackerProvider provider = new GitHubIssueTrackerProvider();

    @Test
    void isFoundByServiceLoaderAsGithub() {
        assertThat(ServiceLoader.load(IssueTrackerProvider.class).stream().map(ServiceLoader.Provider::get))
                .anySatisfy(p -> {
                    assertThat(p).isInstanceOf(GitHubIssueTrackerProvider.class);
                    assertThat(p.id()).isEqualTo("github");
                    assertThat(p.description()).contains("OWNER/REPO");
                });
    }

    @Test
    void buildsATrackerForTheRepositoryAtTheConfiguredEndpoint() {
        try (FakeGitHub github = new FakeGitHub()) {
            github.repository("acme/site", "public");
            IssueTracker tracker = provider.create(TrackerConfig.builder()
                    .args("acme/site")
                    .endpoint(github.endpoint())
                    .token(FakeGitHub.TOKEN)
                    .tokenVariable("GITHUB_TOKEN")
                    .build());

            assertThat(tracker.describe()).isEqualTo("github:acme/site");
            assertThat(tracker.isPubliclyVisible()).isTrue();
            assertThat(tracker.findOpen("mirror-sync:site:main")).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "acme",
                "acme/",
                "/site",
                "acme/site/extra",
                "acme/..",
                "./site",
                "acme/si te",
                "acme/site\n--evil",
                "acme/$(id)",
                "https://github.com/acme/site"
            })
    void refusesAnythingButOwnerSlashRepo(String args) {
        MirrorSyncException e = catchThrowableOfType(
                MirrorSyncException.class,
                () -> provider.create(
                        TrackerConfig.builder().args(args).token("t").build()));

        assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT);
        assertThat(e.getMessage()).contains("OWNER/REPO").doesNotContain("\n");
    }

    @Test
    void aMissingTokenNamesTheVariableToSet() {
        MirrorSyncException e = catchThrowableOfType(
                MirrorSyncException.class,
                () -> provider.create(TrackerConfig.builder()
                        .args("acme/site")
                        .tokenVariable("MY_TRACKER_TOKEN")
                        .build()));

        assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION);
        assertThat(e.getMessage()).contains("MY_TRACKER_TOKEN", "acme/site", "Issues: Read and write");

        MirrorSyncException blank = catchThrowableOfType(
                MirrorSyncException.class,
                () -> provider.create(
                        TrackerConfig.builder().args("acme/site").token(" ").build()));
        assertThat(blank.getMessage()).contains("GITHUB_TOKEN");
    }

    @Test
    void anEndpointWithCredentialsIsRefusedWithoutRepeatingThem() {
        MirrorSyncException e = catchThrowableOfType(
                MirrorSyncException.class,
                () -> provider.create(TrackerConfig.builder()
                        .args("acme/site")
                        .token("t")
                        .endpoint("https://user:s3cret@ghe.example.com/api/v3")
                        .build()));

        assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT);
        assertThat(e.getMessage()).contains("credentials").doesNotContain("s3cret");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ftp://ghe.example.com/api/v3",
                "ghe.example.com",
                "https://ghe.example.com/api/v3?x=1",
                "http//x"
            })
    void anEndpointMustBeAnHttpUrl(String endpoint) {
        MirrorSyncException e = catchThrowableOfType(
                MirrorSyncException.class,
                () -> provider.create(TrackerConfig.builder()
                        .args("acme/site")
                        .token("t")
                        .endpoint(endpoint)
                        .build()));

        assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT);
        assertThat(e.getMessage()).contains("endpoint");
    }

    @Test
    void theEnterpriseEndpointShowsInToStringButTheTokenNever() {
        IssueTracker tracker = provider.create(TrackerConfig.builder()
                .args("acme/site")
                .token("ghp_secretsecret")
                .endpoint("https://ghe.example.com/api/v3/")
                .build());

        assertThat(tracker.toString())
                .contains("https://ghe.example.com/api/v3")
                .doesNotContain("ghp_secretsecret");
        assertThat(tracker.describe()).isEqualTo("github:acme/site");
    }
}
