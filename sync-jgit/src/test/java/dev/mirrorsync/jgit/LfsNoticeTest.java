package dev.mirrorsync.jgit;

import static dev.mirrorsync.jgit.GitCli.git;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.core.BranchReport;
import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.MirrorPair;
import dev.mirrorsync.core.MirrorSync;
import dev.mirrorsync.core.Outcome;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.SyncRequest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Git LFS is never silently half-synced: commits carried to the other side that add LFS pointer files under a
 * {@code filter=lfs} attribute are counted in the branch's report and its message, which says the other side lacks
 * the objects. Repositories made with C git; the pointers are written as git-lfs writes them.
 */
class LfsNoticeTest {
    @TempDir
    Path dir;

    private static String pointer(char fill, int size) {
        return "version https://git-lfs.github.com/spec/v1\noid sha256:"
                + String.valueOf(fill).repeat(64) + "\nsize " + size + "\n";
    }

    /*
     *   base (public, private)  -  p1: .gitattributes *.bin filter=lfs, a.bin + b.bin pointers, c.txt (a pointer's
     *   text, but not under filter=lfs)  -  p2: a.bin unchanged, d.bin = b.bin's object again     (private ahead by 2)
     *   -> 2 distinct LFS objects carried to public
     */
    @Test
    void aFastForwardThatCarriesLfsPointersSaysHowManyObjectsThePublicSideLacks() {
        Path priv = GitCli.initBare(dir.resolve("private.git"));
        Path pub = GitCli.initBare(dir.resolve("public.git"));
        String base = GitCli.commitOn(priv, "main", "base");
        git(pub, "fetch", "-q", priv.toString(), "+refs/heads/main:refs/heads/main");
        Map<String, String> first = Map.of(
                ".gitattributes", "*.bin filter=lfs diff=lfs merge=lfs -text\n",
                "a.bin", pointer('a', 10),
                "b.bin", pointer('b', 20),
                "c.txt", pointer('c', 30));
        String p1 = GitCli.commit(priv, "lfs files", first, base);
        Map<String, String> second = new HashMap<>(first);
        second.put("d.bin", pointer('b', 20));
        String p2 = GitCli.commit(priv, "one more", second, p1);
        git(priv, "update-ref", "refs/heads/main", p2);

        try (JGitBackend backend =
                JGitBackend.builder().cacheDirectory(dir.resolve("cache")).build()) {
            MirrorPair pair = MirrorPair.builder()
                    .name("lfs")
                    .privateRepo(RepoLocation.of(priv.toString()))
                    .publicRepo(RepoLocation.of(pub.toString()))
                    .addBranches("main")
                    .build();
            BranchReport dry = MirrorSync.builder()
                    .gitBackend(backend)
                    .build()
                    .plan(pair, SyncRequest.defaults())
                    .branches()
                    .get(0);
            BranchReport main = MirrorSync.builder()
                    .gitBackend(backend)
                    .build()
                    .sync(pair, SyncRequest.defaults())
                    .branches()
                    .get(0);

            assertThat(dry.lfsObjects()).hasValue(2);
            assertThat(main.outcome()).isEqualTo(Outcome.SYNCED);
            assertThat(main.lfsObjects()).hasValue(2);
            assertThat(main.message())
                    .contains("2 Git LFS objects")
                    .contains("public lacks them")
                    .contains("git lfs push");
            assertThat(backend.lfsObjectsIn(CommitId.of(base), List.of())).hasValue(0);
        }
        assertThat(GitCli.revParse(pub, "refs/heads/main")).isEqualTo(p2);
    }
}
