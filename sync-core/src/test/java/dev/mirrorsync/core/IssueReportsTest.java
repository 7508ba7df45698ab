package dev.mirrorsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.core.spi.IssueDraft;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IssueReportsTest {
    private static final String PRIVATE_URL = "https://git.example.com/acme/secret-plans.git";
    private static final MirrorPair PAIR = MirrorPair.builder()
            .name("pair")
            .privateRepo(RepoLocation.of(PRIVATE_URL))
            .publicRepo(RepoLocation.of("https://git.example.com/acme/plans.git"))
            .addBranches("main")
            .build();

    private static CommitId id(char c) {
        return CommitId.of(String.valueOf(c).repeat(40));
    }

    private static BranchReport diverged(String subject) {
        CommitInfo privateOnly = CommitInfo.builder()
                .id(id('a'))
                .subject(subject)
                .authorName("Ada <ada@corp>")
                .authorTime(Instant.EPOCH)
                .build();
        return BranchReport.builder()
                .branch("main")
                .state(SyncState.DIVERGED)
                .action(SyncAction.REPORT)
                .outcome(Outcome.NEEDS_HUMAN)
                .privateBefore(id('a'))
                .publicBefore(id('b'))
                .mergeBase(id('c'))
                .onlyOnPrivate(CommitList.of(1, List.of(privateOnly)))
                .message("")
                .build();
    }

    @Test
    void aPublicTrackerGetsNeitherPrivateSubjectsNorThePrivateUrl() {
        IssueDraft draft = IssueReports.problem(PAIR, diverged("Acquire Initech quietly"), true, Spelling.api());
        assertThat(draft.body())
                .contains(id('a').abbreviated())
                .doesNotContain("Initech")
                .doesNotContain("Ada")
                .doesNotContain(PRIVATE_URL)
                .contains("$PRIVATE_REPO_URL");
    }

    @Test
    void aPrivateTrackerGetsCopyPasteableCommandsForTheRealRemotes() {
        IssueDraft draft = IssueReports.problem(PAIR, diverged("Acquire Initech quietly"), false, Spelling.api());
        assertThat(draft.body())
                .contains("Acquire Initech quietly")
                .contains("git remote add private " + PRIVATE_URL)
                .contains("git push --force-with-lease=refs/heads/main:" + id('a').hex()
                        + " private HEAD:refs/heads/main")
                .startsWith("<!-- mirror-sync:pair:main -->");
        assertThat(draft.labels()).containsExactly("sync-failure", "urgent");
    }

    @Test
    void commitTextIsRenderedInert() {
        IssueDraft draft = IssueReports.problem(
                PAIR,
                diverged("<img src=x onerror=alert(1)> @everyone [link](http://evil) `code` -->"),
                false,
                Spelling.api());
        assertThat(draft.body())
                .doesNotContain("<img")
                .doesNotContain("@everyone")
                .doesNotContain("[link](")
                .contains("&lt;img");
        // the only HTML comment is the marker itself
        assertThat(draft.body().split("-->", -1)).hasSize(2);
    }

    @Test
    void anIssueKeyCannotBreakOutOfItsMarker() {
        assertThat(PAIR.issueKey("main")).isEqualTo("mirror-sync:pair:main");
        String key = PAIR.issueKey("a-->b");
        assertThat(key).doesNotContain("-->").doesNotContain("--").startsWith("mirror-sync:pair:a-");
        assertThat(PAIR.issueKey("a->b")).isNotEqualTo(PAIR.issueKey("a-%3Eb"));
    }

    /*
     * e   private        (public deleted since the watermark e)
     */
    @Test
    void aDeletedPublicBranchIsRestoredFromPrivateNotPreferred() {
        BranchReport deleted = BranchReport.builder()
                .branch("main")
                .state(SyncState.PUBLIC_REWRITTEN)
                .action(SyncAction.REPORT)
                .outcome(Outcome.NEEDS_HUMAN)
                .privateBefore(id('e'))
                .watermark(id('e'))
                .message("")
                .build();
        List<ResolveRequest> asked = new ArrayList<>();
        IssueDraft draft = IssueReports.problem(PAIR, deleted, false, (pair, branch, resolution, priv) -> {
            asked.add(resolution);
            return "the command";
        });
        // prefer-public would be refused: mirror-sync never deletes a branch; preferring private restores it.
        assertThat(asked)
                .containsExactly(ResolveRequest.builder()
                        .strategy(ResolveStrategy.PREFER_PRIVATE)
                        .acceptRewrite(true)
                        .build());
        assertThat(draft.body()).contains("```sh\nthe command\n```");
    }

    @Test
    void eachStateAsksForTheResolutionThatWorks() {
        assertThat(Resolver.resolution(diverged("x"))).isEqualTo(ResolveRequest.of(ResolveStrategy.MERGE));
        BranchReport privateDeleted = BranchReport.builder()
                .from(diverged("x"))
                .state(SyncState.PRIVATE_REWRITTEN)
                .privateBefore(Optional.empty())
                .build();
        assertThat(Resolver.resolution(privateDeleted))
                .isEqualTo(ResolveRequest.builder()
                        .strategy(ResolveStrategy.PREFER_PUBLIC)
                        .acceptRewrite(true)
                        .build());
        BranchReport privateForcePushed = BranchReport.builder()
                .from(diverged("x"))
                .state(SyncState.PRIVATE_REWRITTEN)
                .build();
        assertThat(Resolver.resolution(privateForcePushed).strategy()).isEqualTo(ResolveStrategy.PREFER_PRIVATE);
        BranchReport publicForcePushed = BranchReport.builder()
                .from(diverged("x"))
                .state(SyncState.PUBLIC_REWRITTEN)
                .build();
        assertThat(Resolver.resolution(publicForcePushed).strategy()).isEqualTo(ResolveStrategy.PREFER_PUBLIC);
        BranchReport unrelated = BranchReport.builder()
                .from(diverged("x"))
                .state(SyncState.UNRELATED)
                .build();
        assertThat(Resolver.resolution(unrelated))
                .isEqualTo(ResolveRequest.builder()
                        .strategy(ResolveStrategy.PREFER_PRIVATE)
                        .acceptRewrite(true)
                        .build());
    }

    @Test
    void branchNamesAndPathsAreQuotedForTheShell() {
        assertThat(ShellWords.quote("release/1.x")).isEqualTo("release/1.x");
        assertThat(ShellWords.quote("/tmp/my repos/p.git")).isEqualTo("'/tmp/my repos/p.git'");
        assertThat(ShellWords.quote("it's$(rm)")).isEqualTo("'it'\"'\"'s$(rm)'");
        assertThat(ShellWords.quote("")).isEqualTo("''");
        BranchReport odd =
                BranchReport.builder().from(diverged("x")).branch("fix;$(id)").build();
        String body = IssueReports.problem(PAIR, odd, false, Spelling.api()).body();
        assertThat(body)
                .contains("git checkout -b 'resolve-fix;$(id)' 'private/fix;$(id)'")
                .contains("git merge 'public/fix;$(id)'");
    }
}
