package dev.mirrorsync.gitcli;

import dev.mirrorsync.core.spi.GitBackend;
import dev.mirrorsync.jgit.LfsNoticeTest;
import java.nio.file.Path;

/** The Git LFS notice through {@link GitCliBackend}: the same pointers counted by git's own commands. */
class GitCliLfsNoticeTest extends LfsNoticeTest {
    @Override
    protected GitBackend backend(Path cache) {
        return GitCliBackend.builder().cacheDirectory(cache).build();
    }
}
