package dev.mirrorsync.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.core.spi.IssueDraft;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden files of full issue bodies, as a reviewer reads them in {@code src/test/resources/dev/mirrorsync/core/issues/}.
 * A change to the issue text shows up here as a diff of the file. With {@code -Dgolden.update=DIR} the bodies are
 * written to DIR instead of compared, to be reviewed and copied over.
 */
class IssueBodyGoldenTest {
    private static final MirrorPair PAIR = MirrorPair.builder()
            .name("cookbooks")
            .privateRepo(RepoLocation.of("https://git.example.com/acme/cookbooks-private.git"))
            .publicRepo(RepoLocation.of("https://github.com/acme/cookbooks.git"))
            .addBranches("main", "release/1.x")
            .build();

    private static CommitId id(char c) {
        return CommitId.of(String.valueOf(c).repeat(40));
    }

    private static CommitInfo commit(char c, String subject, String author) {
        return CommitInfo.builder()
                .id(id(c))
                .subject(subject)
                .authorName(author)
                .authorTime(Instant.EPOCH)
                .build();
    }

    /** Diverged, a merge that conflicted, many commits only on private (the list is capped). */
    private static BranchReport divergedWithConflicts() {
        return BranchReport.builder()
                .branch("main")
                .state(SyncState.DIVERGED)
                .action(SyncAction.MERGE)
                .outcome(Outcome.NEEDS_HUMAN)
                .privateBefore(id('a'))
                .publicBefore(id('b'))
                .mergeBase(id('c'))
                .watermark(id('c'))
                .onlyOnPrivate(CommitList.of(
                        62,
                        List.of(
                                commit('a', "Add the *cake* recipe", "Ada"),
                                commit('d', "Fix `flour` amounts", "Grace <grace@corp>"))))
                .onlyOnPublic(CommitList.of(1, List.of(commit('b', "Fix a typo [docs]", "Linus"))))
                .conflictingPaths(List.of("recipes/cake.md", "README.md"))
                .message("")
                .build();
    }

    /** Public deleted since the watermark, filed in a public tracker. */
    private static BranchReport publicDeleted() {
        return BranchReport.builder()
                .branch("release/1.x")
                .state(SyncState.PUBLIC_REWRITTEN)
                .action(SyncAction.REPORT)
                .outcome(Outcome.NEEDS_HUMAN)
                .privateBefore(id('e'))
                .watermark(id('e'))
                .message("")
                .build();
    }

    @Test
    void aDivergedBranchInAPrivateTracker() throws IOException {
        assertGolden("diverged-private.md", IssueReports.problem(PAIR, divergedWithConflicts(), false, Spelling.api()));
    }

    @Test
    void aDeletedPublicBranchInAPublicTracker() throws IOException {
        assertGolden(
                "public-deleted-public-tracker.md", IssueReports.problem(PAIR, publicDeleted(), true, Spelling.api()));
    }

    private static void assertGolden(String name, IssueDraft draft) throws IOException {
        String update = System.getProperty("golden.update");
        if (update != null) {
            Files.createDirectories(Path.of(update));
            Files.writeString(Path.of(update, name), draft.body(), StandardCharsets.UTF_8);
            return;
        }
        try (InputStream in = IssueBodyGoldenTest.class.getResourceAsStream("issues/" + name)) {
            assertThat(in).as("golden file issues/" + name).isNotNull();
            assertThat(draft.body()).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
