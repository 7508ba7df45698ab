package dev.mirrorsync.github.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.MirrorSyncException.Reason;
import org.junit.jupiter.api.Test;

/** The job summary from reports shaped like the CLI's --json output. */
class JobSummaryTest {
    private static final String DIVERGED_AND_SYNCED = """
            {"pair":"acme/cookbooks","dryRun":false,"branches":[
              {"branch":"main","state":"DIVERGED","action":"REPORT","outcome":"NEEDS_HUMAN","onlyOnPrivate":2,"onlyOnPublic":1,
               "issue":{"action":"OPENED","ref":"4","url":"https://github.com/acme/cookbooks-private/issues/4"}},
              {"branch":"release/1.x","state":"PRIVATE_AHEAD","action":"FAST_FORWARD_PUBLIC","outcome":"SYNCED","onlyOnPrivate":3,
               "onlyOnPublic":0,"issue":{"action":"CLOSED","ref":"2"}},
              {"branch":"dev","state":null,"action":"NONE","outcome":"FAILED","onlyOnPrivate":0,"onlyOnPublic":0,
               "issue":{"action":"NONE","ref":null},"failure":"AUTHENTICATION"}]}
            """;

    @Test
    void oneRowPerBranchWithStateActionCountsAndTheIssueLinked() {
        String summary = JobSummary.render(DIVERGED_AND_SYNCED, 3);

        assertThat(summary)
                .startsWith("### mirror-sync: acme/cookbooks\n")
                .contains("**Needs a human** (exit code 3)")
                .contains(
                        "| main | DIVERGED | REPORT | 2 | 1 | [#4](https://github.com/acme/cookbooks-private/issues/4) opened |\n")
                .contains("| release/1.x | PRIVATE\\_AHEAD | FAST\\_FORWARD\\_PUBLIC | 3 | 0 | #2 closed |\n")
                .contains("| dev | failed (AUTHENTICATION) | NONE | 0 | 0 |  |")
                .endsWith("\n");
    }

    @Test
    void eachExitCodeIsNamed() {
        assertThat(JobSummary.render(DIVERGED_AND_SYNCED, 0)).contains("**In sync** (exit code 0)");
        assertThat(JobSummary.render(DIVERGED_AND_SYNCED, 1)).contains("**Failed** (exit code 1)");
        assertThat(JobSummary.render(DIVERGED_AND_SYNCED, 2))
                .contains("**Usage or configuration error** (exit code 2)");
    }

    @Test
    void aSkippedEventSaysWhyAndADryRunSaysSo() {
        assertThat(JobSummary.render(
                        "{\"pair\":\"p\",\"dryRun\":false,\"branches\":[],"
                                + "\"skipped\":\"push to 'wip', which is not a synced branch (main): nothing to do\"}",
                        0))
                .contains("**Nothing to do**: push to 'wip', which is not a synced branch \\(main\\): nothing to do");
        assertThat(JobSummary.render("{\"pair\":\"p\",\"dryRun\":true,\"branches\":[]}", 0))
                .contains("Dry run: nothing was changed.");
    }

    @Test
    void valuesCannotBreakTheTableOrAddLinksOrMarkup() {
        String hostile = """
                {"pair":"a|b<script>","dryRun":false,"branches":[{"branch":"x|y","state":"IN_SYNC","action":"NONE",
                 "onlyOnPrivate":0,"onlyOnPublic":0,"issue":{"action":"NONE","ref":"1](javascript:alert(1))","url":"javascript:alert(1)"}}]}
                """;

        String summary = JobSummary.render(hostile, 0);

        assertThat(summary)
                .contains("a\\|b\\<script\\>")
                .contains("| x\\|y | IN\\_SYNC |")
                .contains("| #1\\]\\(javascript:alert\\(1\\)\\) open |")
                .doesNotContain("[#1")
                .doesNotContain("](javascript:")
                .doesNotContain("<script>");
    }

    @Test
    void somethingThatIsNotAReportIsAnInputError() {
        MirrorSyncException notJson =
                catchThrowableOfType(MirrorSyncException.class, () -> JobSummary.render("{not json", 0));
        MirrorSyncException noBranches =
                catchThrowableOfType(MirrorSyncException.class, () -> JobSummary.render("{}", 0));

        assertThat(notJson.reason()).isEqualTo(Reason.INVALID_INPUT);
        assertThat(noBranches.getMessage()).contains("no \"branches\" list");
    }
}
