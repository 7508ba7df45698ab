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
import dev.mirrorsync.core.spi.GitBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
public class LfsNoticeTest {
    @TempDir
    Path dir;

    /** The backend under test; subclasses in other modules give theirs. */
    protected GitBackend backend(Path cache) {
        return JGitBackend.builder().cacheDirectory(cache).build();
    }

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

        GitBackend backend = backend(dir.resolve("cache"));
        try {
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
        } finally {
            close(backend);
        }
        assertThat(GitCli.revParse(pub, "refs/heads/main")).isEqualTo(p2);
    }

    /*
     *   base  -  p1: .gitattributes "[attr]media filter=lfs ...", "*.bin filter=lfs", "assets/** filter=lfs",
     *                "keep.bin -filter", "*.psd media";
     *                x/y/deep.bin (pointer e: *.bin matches at any depth), assets/raw.dat (pointer f), keep.bin
     *                (pointer 0, filter unset), big.bin (2,000 bytes, no pointer), plain.bin (small, no pointer),
     *                art/cover.psd (pointer d, through the macro), "ünïcode dir/with space.bin" (pointer c)
     *        -  p2: deletes x/y/deep.bin
     *   -> 4 objects from base to p2, none from p1 to p2
     */
    @Test
    void theLastRuleForAPathDecidesAndOnlyAddedOrChangedPointersCount() {
        Path priv = GitCli.initBare(dir.resolve("private.git"));
        Path work = dir.resolve("work");
        git(dir, "init", "-q", "-b", "main", work.toString());
        write(work, "README", "base\n");
        String base = commitAll(work, "base");
        write(
                work,
                ".gitattributes",
                "[attr]media filter=lfs diff=lfs merge=lfs -text\n*.bin filter=lfs\nassets/** filter=lfs\n"
                        + "keep.bin -filter\n*.psd media\n");
        write(work, "x/y/deep.bin", pointer('e', 1));
        write(work, "assets/raw.dat", pointer('f', 2));
        write(work, "keep.bin", pointer('0', 3));
        write(work, "big.bin", "version https://git-lfs.github.com/spec/v1\n" + "x".repeat(2_000));
        write(work, "plain.bin", "not a pointer\n");
        write(work, "art/cover.psd", pointer('d', 4));
        write(work, "ünïcode dir/with space.bin", pointer('c', 5));
        String p1 = commitAll(work, "lfs rules");
        git(work, "rm", "-q", "x/y/deep.bin");
        String p2 = commitAll(work, "delete one");
        git(work, "push", "-q", priv.toString(), "main");

        GitBackend backend = backend(dir.resolve("cache"));
        try {
            backend.fetch(RepoLocation.of(priv.toString()), List.of("refs/heads/main"));

            assertThat(backend.lfsObjectsIn(CommitId.of(p2), List.of(CommitId.of(base))))
                    .hasValue(4);
            assertThat(backend.lfsObjectsIn(CommitId.of(p1), List.of())).hasValue(4);
            assertThat(backend.lfsObjectsIn(CommitId.of(p2), List.of(CommitId.of(p1))))
                    .hasValue(0);
        } finally {
            close(backend);
        }
    }

    private static void write(Path work, String path, String text) {
        try {
            Files.createDirectories(work.resolve(path).getParent());
            Files.writeString(work.resolve(path), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String commitAll(Path work, String message) {
        git(work, "add", "-A");
        git(work, "commit", "-q", "-m", message);
        return git(work, "rev-parse", "HEAD");
    }

    private static void close(GitBackend backend) {
        if (backend instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
