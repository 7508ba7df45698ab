package dev.mirrorsync.jgit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.spi.MergeRequest;
import dev.mirrorsync.core.spi.MergeResult;
import dev.mirrorsync.core.spi.PushResult;
import dev.mirrorsync.core.spi.RefUpdate;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three-way merges in the cache. Each case starts from one base and two sides made with JGit; a clean merge is
 * pushed back and read with C git, which proves the commit is complete and well-formed.
 */
class InCoreMergeTest {
    static final String BASE_TEXT = "one\ntwo\nthree\nfour\nfive\n";
    static final byte[] BINARY = {0, 1, 2, 3, 0, 'P', 'N', 'G', 0, 10, 0};

    @TempDir
    Path temp;

    Path bare;
    Repository remote;
    RepoLocation location;
    JGitBackend backend;
    ObjectId base;

    @BeforeEach
    void setUp() throws IOException {
        bare = temp.resolve("remote.git");
        remote = JGitRepos.initBare(bare);
        location = RepoLocation.of(bare.toString());
        backend = JGitBackend.builder().cacheDirectory(temp.resolve("cache")).build();
        base = JGitRepos.commit(remote, "base", baseFiles());
    }

    @AfterEach
    void tearDown() {
        backend.close();
        remote.close();
    }

    static Map<String, Object> baseFiles() {
        Map<String, Object> files = new HashMap<>();
        files.put("a.txt", BASE_TEXT);
        files.put("b.txt", "bee\n");
        files.put("dir/c.txt", "sea\n");
        files.put("image.bin", BINARY);
        return files;
    }

    static Map<String, Object> with(Map<String, Object> files, String path, Object content) {
        Map<String, Object> changed = new HashMap<>(files);
        if (content == null) {
            changed.remove(path);
        } else {
            changed.put(path, content);
        }
        return changed;
    }

    MergeResult merge(Map<String, Object> ours, Map<String, Object> theirs) throws IOException {
        ObjectId o = JGitRepos.commit(remote, "ours", ours, base);
        ObjectId t = JGitRepos.commit(remote, "theirs", theirs, base);
        JGitRepos.setRef(remote, "refs/heads/ours", o);
        JGitRepos.setRef(remote, "refs/heads/theirs", t);
        backend.fetch(location, List.of("refs/heads/ours", "refs/heads/theirs"));
        return backend.merge(
                CommitId.of(o.name()),
                CommitId.of(t.name()),
                MergeRequest.builder()
                        .message("Merge theirs into ours\n\nby mirror-sync")
                        .authorName("Merge Bot")
                        .authorEmail("bot@mirror-sync.invalid")
                        .time(Instant.parse("2026-01-02T03:04:05Z"))
                        .build());
    }

    /** Pushes a clean merge to refs/heads/merged and reads it back with git. */
    String show(MergeResult result, String path) {
        PushResult pushed = backend.push(
                location,
                RefUpdate.create("refs/heads/merged", result.mergeCommit().orElseThrow()));
        assertThat(pushed.isSuccess()).isTrue();
        GitCli.Result shown = GitCli.run(bare, null, "show", "refs/heads/merged:" + path);
        return shown.exit() == 0 ? shown.out() : null;
    }

    @Test
    void changesToDifferentFilesAndDifferentLinesMergeCleanly() throws IOException {
        Map<String, Object> ours = with(baseFiles(), "a.txt", BASE_TEXT.replace("one", "ONE"));
        Map<String, Object> theirs =
                with(with(baseFiles(), "a.txt", BASE_TEXT.replace("five", "FIVE")), "b.txt", "BEE\n");

        MergeResult result = merge(ours, theirs);

        assertThat(result.isClean()).isTrue();
        assertThat(show(result, "a.txt")).isEqualTo("ONE\ntwo\nthree\nfour\nFIVE\n");
        assertThat(show(result, "b.txt")).isEqualTo("BEE\n");
        String merged = result.mergeCommit().orElseThrow().hex();
        assertThat(GitCli.git(bare, "log", "-1", "--format=%P|%an|%ae|%at|%cn|%ce|%ct|%s", merged))
                .isEqualTo(GitCli.revParse(bare, "refs/heads/ours") + " " + GitCli.revParse(bare, "refs/heads/theirs")
                        + "|Merge Bot|bot@mirror-sync.invalid|"
                        + Instant.parse("2026-01-02T03:04:05Z").getEpochSecond()
                        + "|Merge Bot|bot@mirror-sync.invalid|"
                        + Instant.parse("2026-01-02T03:04:05Z").getEpochSecond()
                        + "|Merge theirs into ours");
    }

    @Test
    void overlappingChangesConflictAndThePathsComeSorted() throws IOException {
        Map<String, Object> ours =
                with(with(baseFiles(), "dir/c.txt", "ours\n"), "a.txt", BASE_TEXT.replace("two", "2"));
        Map<String, Object> theirs =
                with(with(baseFiles(), "dir/c.txt", "theirs\n"), "a.txt", BASE_TEXT.replace("two", "II"));

        MergeResult result = merge(ours, theirs);

        assertThat(result.isClean()).isFalse();
        assertThat(result.mergeCommit()).isEmpty();
        assertThat(result.conflictingPaths()).containsExactly("a.txt", "dir/c.txt");
    }

    @Test
    void aBinaryFileChangedOnBothSidesConflictsAndOnOneSideIsTaken() throws IOException {
        byte[] ours = BINARY.clone();
        ours[1] = 9;
        byte[] theirs = BINARY.clone();
        theirs[2] = 9;
        MergeResult conflict = merge(with(baseFiles(), "image.bin", ours), with(baseFiles(), "image.bin", theirs));
        assertThat(conflict.conflictingPaths()).containsExactly("image.bin");

        MergeResult clean = merge(with(baseFiles(), "image.bin", ours), with(baseFiles(), "b.txt", "other\n"));
        assertThat(clean.isClean()).isTrue();
        PushResult pushed = backend.push(
                location,
                RefUpdate.create("refs/heads/merged", clean.mergeCommit().orElseThrow()));
        assertThat(pushed.isSuccess()).isTrue();
        String blob = GitCli.git(bare, "rev-parse", "refs/heads/merged:image.bin");
        assertThat(GitCli.git(bare, "cat-file", "-s", blob)).isEqualTo(String.valueOf(ours.length));
        assertThat(GitCli.git(bare, "rev-parse", "refs/heads/ours:image.bin")).isEqualTo(blob);
    }

    @Test
    void aRenameMergesWithChangesToOtherFiles() throws IOException {
        Map<String, Object> ours = with(with(baseFiles(), "a.txt", null), "docs/a.txt", BASE_TEXT);
        Map<String, Object> theirs = with(baseFiles(), "b.txt", "changed\n");

        MergeResult result = merge(ours, theirs);

        assertThat(result.isClean()).isTrue();
        assertThat(show(result, "docs/a.txt")).isEqualTo(BASE_TEXT);
        assertThat(show(result, "a.txt")).isNull();
        assertThat(show(result, "b.txt")).isEqualTo("changed\n");
    }

    @Test
    void aRenameAgainstAnEditOfTheSameFileIsReportedNotMergedWrongly() throws IOException {
        // JGit's merger has no rename detection: the edit of a.txt meets its deletion, which is a conflict.
        Map<String, Object> ours = with(with(baseFiles(), "a.txt", null), "docs/a.txt", BASE_TEXT);
        Map<String, Object> theirs = with(baseFiles(), "a.txt", BASE_TEXT.replace("three", "3"));

        MergeResult result = merge(ours, theirs);

        assertThat(result.conflictingPaths()).containsExactly("a.txt");
    }

    @Test
    void aDeletionOnOneSideMergesWithUnrelatedChangesAndConflictsWithAnEdit() throws IOException {
        MergeResult clean = merge(with(baseFiles(), "b.txt", null), with(baseFiles(), "a.txt", BASE_TEXT + "six\n"));
        assertThat(clean.isClean()).isTrue();
        assertThat(show(clean, "b.txt")).isNull();
        assertThat(show(clean, "a.txt")).isEqualTo(BASE_TEXT + "six\n");

        MergeResult conflict = merge(with(baseFiles(), "b.txt", null), with(baseFiles(), "b.txt", "edited\n"));
        assertThat(conflict.conflictingPaths()).containsExactly("b.txt");
    }
}
