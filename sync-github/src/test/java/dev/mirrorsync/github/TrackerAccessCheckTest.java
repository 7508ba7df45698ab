package dev.mirrorsync.github;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.mirrorsync.core.spi.AccessCheck;
import dev.mirrorsync.core.spi.AccessCheck.Status;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The read-only probes of {@code sync --check} on the real GitHub client against the fake GitHub: issues enabled and
 * labels creatable from the repository's {@code permissions}, and a branch's {@code protected} flag. Nothing is written.
 */
class TrackerAccessCheckTest {
    private FakeGitHub github;

    @BeforeEach
    void start() {
        github = new FakeGitHub();
        github.repository("acme/cookbooks", "public");
    }

    @AfterEach
    void stop() {
        List<LoggedRequest> writes = github.server().findAll(WireMock.anyRequestedFor(WireMock.anyUrl())).stream()
                .filter(r -> !r.getMethod().getName().equals("GET"))
                .toList();
        assertThat(writes).as("a check writes nothing").isEmpty();
        github.close();
    }

    private void repository(String permissions, boolean hasIssues) {
        github.server()
                .stubFor(get(urlPathEqualTo("/repos/acme/cookbooks"))
                        .atPriority(1)
                        .willReturn(okJson("{"
                                + "\"id\":1296269,\"name\":\"cookbooks\",\"full_name\":\"acme/cookbooks\",\"private\":false,\"visibility\":\"public\","
                                + "\"owner\":{\"login\":\"acme\",\"id\":1,\"type\":\"Organization\"},\"html_url\":\"https://github.com/acme/cookbooks\","
                                + "\"url\":\"" + github.endpoint()
                                + "/repos/acme/cookbooks\",\"default_branch\":\"main\",\"has_issues\":" + hasIssues
                                + (permissions == null ? "" : ",\"permissions\":" + permissions) + "}")));
    }

    private void branch(String name, boolean isProtected) {
        github.server()
                .stubFor(get(urlPathEqualTo("/repos/acme/cookbooks/branches/" + name))
                        .atPriority(1)
                        .willReturn(okJson("{\"name\":\"" + name
                                + "\",\"commit\":{\"sha\":\"6dcb09b5b57875f334f61aebed695e2e4193db5e\",\"url\":\"x\"},"
                                + "\"protected\":" + isProtected + ",\"protection_url\":\"" + github.endpoint()
                                + "/repos/acme/cookbooks/branches/" + name + "/protection\"}")));
    }

    @Test
    void aTokenWithWriteAccessPassesBoth() {
        repository("{\"admin\":false,\"maintain\":false,\"push\":true,\"triage\":true,\"pull\":true}", true);
        assertThat(github.tracker("acme/cookbooks").checkAccess())
                .extracting(AccessCheck::status)
                .containsExactly(Status.PASSED, Status.PASSED);
    }

    @Test
    void issuesDisabledFailsNamingTheSetting() {
        repository("{\"admin\":true,\"push\":true,\"pull\":true}", false);
        AccessCheck issues = github.tracker("acme/cookbooks").checkAccess().get(0);
        assertThat(issues.status()).isEqualTo(Status.FAILED);
        assertThat(issues.detail()).contains("issues are disabled").contains("Settings");
    }

    @Test
    void aReadOnlyTokenFailsWhenTheLabelsAreMissing() {
        repository("{\"admin\":false,\"push\":false,\"pull\":true}", true);
        List<AccessCheck> checks = github.tracker("acme/cookbooks").checkAccess();
        assertThat(checks.get(1).status()).isEqualTo(Status.FAILED);
        assertThat(checks.get(1).detail())
                .contains("sync-failure")
                .contains("urgent")
                .contains("create them by hand");
    }

    @Test
    void invisiblePermissionsAreNotCheckedNeverPassed() {
        repository(null, true);
        assertThat(github.tracker("acme/cookbooks").checkAccess())
                .extracting(AccessCheck::status)
                .containsExactly(Status.NOT_CHECKED, Status.NOT_CHECKED);
    }

    @Test
    void aProtectedBranchFailsUnlessTheTokenIsAdmin() {
        repository("{\"admin\":false,\"push\":true,\"pull\":true}", true);
        branch("main", true);
        branch("dev", false);
        AccessCheck main = github.tracker("acme/cookbooks").checkBranchProtection("main");
        assertThat(main.status()).isEqualTo(Status.FAILED);
        assertThat(main.detail()).contains("protected").contains("--via-pull-request");
        assertThat(github.tracker("acme/cookbooks").checkBranchProtection("dev").status())
                .isEqualTo(Status.PASSED);
        assertThat(github.tracker("acme/cookbooks")
                        .checkBranchProtection("new-branch")
                        .status())
                .isEqualTo(Status.PASSED);
    }
}
