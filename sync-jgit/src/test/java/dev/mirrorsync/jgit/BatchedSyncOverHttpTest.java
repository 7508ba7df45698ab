package dev.mirrorsync.jgit;

import static dev.mirrorsync.jgit.GitCli.commitOn;
import static dev.mirrorsync.jgit.GitCli.git;
import static dev.mirrorsync.jgit.GitCli.revParse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.core.BranchPattern;
import dev.mirrorsync.core.BranchReport;
import dev.mirrorsync.core.MirrorPair;
import dev.mirrorsync.core.MirrorSync;
import dev.mirrorsync.core.Outcome;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.SyncReport;
import dev.mirrorsync.core.SyncRequest;
import dev.mirrorsync.core.SyncState;
import dev.mirrorsync.core.TagReport;
import dev.mirrorsync.core.TagState;
import dev.mirrorsync.core.spi.GitBackend;
import dev.mirrorsync.testing.RecordingIssueTracker;
import dev.mirrorsync.testing.RecordingSleeper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forty branches over C git's smart HTTP ({@code git-http-backend} behind lighttpd), synced in one run, with every
 * request that reaches git counted at the server: one ref advertisement per side to list, at most one fetch and one
 * push per side, one open issue per diverged branch; a second run pushes nothing. Thirty tags ride on the same round
 * trips. Subclasses in other modules run
 * the same world through another {@link GitBackend}.
 *
 * <pre>
 *   B = base, on both sides, the watermark of every branch that exists on both
 *   ahead/00..19     B - p          private one commit ahead
 *   behind/00..09    B - q          public one commit ahead
 *   same/00..04      B              in sync
 *   split/00..02     B - p | B - q  diverged
 *   new/00..01       B - p          on private only, never synced
 *
 *   tags: t/00..11 on private only, t/12..19 annotated on private only, t/20..24 on public only,
 *         t/25..27 the same on both, t/28..29 at B on private but at another commit on public (conflicting)
 * </pre>
 */
public class BatchedSyncOverHttpTest {
    static final String TOKEN = "tok-batched-8c41d2e9-SECRET";

    @TempDir
    static Path root;

    @TempDir
    static Path work;

    static GitHttpBackendServer server;

    @TempDir
    Path cacheDir;

    @BeforeAll
    static void startServer() throws Exception {
        server = new GitHttpBackendServer(root, work, TOKEN);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** The backend under test, with its cache in {@code cache}. */
    protected GitBackend backend(Path cache) {
        return JGitBackend.builder().cacheDirectory(cache).build();
    }

    @Test
    void fortyBranchesSyncInOneListingOneFetchAndOnePushPerSide() throws Exception {
        Path privateBare = GitCli.initBare(root.resolve("private.git"));
        Path publicBare = GitCli.initBare(root.resolve("public.git"));
        String base = commitOn(privateBare, "main", "base");
        List<String> shared = new ArrayList<>(List.of("main"));
        shared.addAll(names("ahead", 20));
        shared.addAll(names("behind", 10));
        shared.addAll(names("same", 5));
        shared.addAll(names("split", 3));
        for (String branch : shared) {
            git(privateBare, "update-ref", "refs/heads/" + branch, base);
            git(privateBare, "update-ref", "refs/mirror-sync/synced/" + branch, base);
        }
        git(publicBare, "fetch", "-q", privateBare.toString(), "+refs/heads/*:refs/heads/*");
        names("ahead", 20).forEach(b -> commitOn(privateBare, b, "private " + b));
        names("behind", 10).forEach(b -> commitOn(publicBare, b, "public " + b));
        names("split", 3).forEach(b -> {
            commitOn(privateBare, b, "private " + b);
            commitOn(publicBare, b, "public " + b);
        });
        names("new", 2).forEach(b -> {
            git(privateBare, "update-ref", "refs/heads/" + b, base);
            commitOn(privateBare, b, "private " + b);
        });
        for (int i = 0; i < 30; i++) {
            String tag = String.format("t/%02d", i);
            if (i < 12) {
                git(privateBare, "update-ref", "refs/tags/" + tag, base);
            } else if (i < 20) {
                git(privateBare, "tag", "-a", "-m", "release " + tag, tag, base);
            } else if (i < 25) {
                git(publicBare, "update-ref", "refs/tags/" + tag, base);
            } else if (i < 28) {
                git(privateBare, "update-ref", "refs/tags/" + tag, base);
                git(publicBare, "update-ref", "refs/tags/" + tag, base);
            } else {
                git(privateBare, "update-ref", "refs/tags/" + tag, base);
                git(publicBare, "update-ref", "refs/tags/" + tag, revParse(publicBare, "refs/heads/behind/00"));
            }
        }
        RecordingIssueTracker tracker = new RecordingIssueTracker();
        MirrorPair pair = MirrorPair.builder()
                .name("fleet-one")
                .privateRepo(RepoLocation.of(server.url("private.git"), Optional.of(TOKEN)))
                .publicRepo(RepoLocation.of(server.url("public.git"), Optional.of(TOKEN)))
                .addBranchPatterns(BranchPattern.of("**"))
                .syncTags(true)
                .build();

        int before = server.requests().size();
        SyncReport first = sync(pair, tracker);
        Map<String, Long> firstRequests =
                count(server.requests().subList(before, server.requests().size()));

        Map<String, BranchReport> byBranch =
                first.branches().stream().collect(Collectors.toMap(BranchReport::branch, Function.identity()));
        assertThat(byBranch).hasSize(41);
        names("ahead", 20).forEach(b -> assertSynced(byBranch.get(b), SyncState.PRIVATE_AHEAD));
        names("behind", 10).forEach(b -> assertSynced(byBranch.get(b), SyncState.PUBLIC_AHEAD));
        names("new", 2).forEach(b -> assertSynced(byBranch.get(b), SyncState.PUBLIC_MISSING));
        names("same", 5).forEach(b -> assertThat(byBranch.get(b).outcome()).isEqualTo(Outcome.UP_TO_DATE));
        names("split", 3).forEach(b -> {
            assertThat(byBranch.get(b).state()).contains(SyncState.DIVERGED);
            assertThat(byBranch.get(b).outcome()).isEqualTo(Outcome.NEEDS_HUMAN);
        });
        for (String branch : byBranch.keySet()) {
            if (!branch.startsWith("split/")) {
                assertThat(revParse(publicBare, "refs/heads/" + branch))
                        .as(branch)
                        .isEqualTo(revParse(privateBare, "refs/heads/" + branch));
                assertThat(revParse(privateBare, "refs/mirror-sync/synced/" + branch))
                        .as("watermark of " + branch)
                        .isEqualTo(revParse(privateBare, "refs/heads/" + branch));
            }
        }
        Map<String, TagReport> byTag =
                first.tags().stream().collect(Collectors.toMap(TagReport::tag, Function.identity()));
        assertThat(byTag).hasSize(30);
        for (int i = 0; i < 28; i++) {
            String tag = String.format("t/%02d", i);
            assertThat(revParse(publicBare, "refs/tags/" + tag))
                    .as(tag)
                    .isEqualTo(revParse(privateBare, "refs/tags/" + tag));
            assertThat(git(publicBare, "rev-parse", "refs/tags/" + tag))
                    .as(tag + ", the object itself")
                    .isEqualTo(git(privateBare, "rev-parse", "refs/tags/" + tag));
            assertThat(byTag.get(tag).outcome()).as(tag).isIn(Outcome.SYNCED, Outcome.UP_TO_DATE);
        }
        assertThat(git(publicBare, "cat-file", "-t", "refs/tags/t/12"))
                .as("an annotated tag travels as a tag object")
                .isEqualTo("tag");
        assertThat(byTag.get("t/28").state()).contains(TagState.CONFLICTING);
        assertThat(revParse(publicBare, "refs/tags/t/28")).isNotEqualTo(base);
        assertThat(tracker.openIssues()).hasSize(5);
        assertThat(tracker.openIssues())
                .filteredOn(issue -> issue.title().contains("split/"))
                .hasSize(3);
        assertThat(tracker.openIssues())
                .filteredOn(issue -> issue.title().contains("tag t/2"))
                .hasSize(2);

        // Per side, with protocol v2: one ref advertisement (the listing's ls-refs), one fetch POST for every branch
        // and tag that differs, one push (GET info/refs for receive-pack, one POST). The fetch asks for the listed ids
        // (over the listing's own connection, or by id), so it lists no refs again; a conversation's first GET only
        // advertises capabilities. A backend that fetched or pushed branch by branch would show forty of these.
        for (String side : List.of("private.git", "public.git")) {
            assertThat(firstRequests)
                    .as("requests of the first run to " + side + ", at the server: " + firstRequests)
                    .containsEntry(side + " git-upload-pack command=ls-refs", 1L)
                    .containsEntry(side + " git-upload-pack command=fetch", 1L)
                    .containsEntry(side + " advertisement for receive-pack", 1L)
                    .containsEntry(side + " git-receive-pack", 1L);
            assertThat(firstRequests.get(side + " advertisement for upload-pack"))
                    .as(side + " upload-pack conversations (capabilities only, in protocol v2)")
                    .isBetween(1L, 2L);
        }
        assertThat(firstRequests.keySet())
                .as("every request is one of these kinds")
                .allMatch(kind ->
                        kind.matches("(private|public)\\.git (git-upload-pack command=(ls-refs|fetch)|git-receive-pack"
                                + "|advertisement for (upload|receive)-pack)"));

        before = server.requests().size();
        SyncReport second = sync(pair, tracker);
        Map<String, Long> secondRequests =
                count(server.requests().subList(before, server.requests().size()));

        assertThat(second.branches())
                .hasSize(41)
                .allSatisfy(b -> assertThat(b.outcome()).isIn(Outcome.UP_TO_DATE, Outcome.NEEDS_HUMAN));
        assertThat(tracker.openIssues()).hasSize(5);
        assertThat(second.tags())
                .hasSize(30)
                .allSatisfy(t -> assertThat(t.outcome()).isIn(Outcome.UP_TO_DATE, Outcome.NEEDS_HUMAN));
        assertThat(secondRequests)
                .as(
                        "requests of the second run: a listing per side; nothing fetched (the cache has it), nothing pushed: "
                                + secondRequests)
                .containsEntry("private.git git-upload-pack command=ls-refs", 1L)
                .containsEntry("public.git git-upload-pack command=ls-refs", 1L)
                .doesNotContainKeys(
                        "private.git git-receive-pack",
                        "public.git git-receive-pack",
                        "private.git git-upload-pack command=fetch",
                        "public.git git-upload-pack command=fetch");
    }

    private SyncReport sync(MirrorPair pair, RecordingIssueTracker tracker) throws Exception {
        GitBackend backend = backend(cacheDir.resolve("cache"));
        try {
            return MirrorSync.builder()
                    .gitBackend(backend)
                    .issueTracker(tracker)
                    .sleeper(new RecordingSleeper())
                    .random(new Random(1))
                    .build()
                    .sync(pair, SyncRequest.defaults());
        } finally {
            if (backend instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    private static void assertSynced(BranchReport report, SyncState state) {
        assertThat(report.state()).as(report.branch()).contains(state);
        assertThat(report.outcome())
                .as(report.branch() + ": " + report.message())
                .isEqualTo(Outcome.SYNCED);
    }

    private static List<String> names(String prefix, int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(String.format("%s/%02d", prefix, i));
        }
        return names;
    }

    /**
     * Requests by kind: a GET of info/refs starts a conversation (and is a ref advertisement in protocol v0 and for
     * receive-pack); an upload-pack POST is named by its protocol v2 command; a receive-pack POST is a push.
     */
    static Map<String, Long> count(List<String> requests) {
        return requests.stream()
                .map(BatchedSyncOverHttpTest::kind)
                .collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()));
    }

    private static String kind(String request) {
        String[] parts = request.split(" ", 4);
        String path = parts[1].substring(1);
        String repo = path.substring(0, path.indexOf('/'));
        String what = path.substring(repo.length() + 1);
        if (what.equals("info/refs")) {
            return repo + " advertisement for " + parts[2].replace("service=git-", "");
        }
        String command = parts.length > 3 ? parts[3].strip() : "";
        return repo + " " + what + (command.isEmpty() ? "" : " " + command);
    }
}
