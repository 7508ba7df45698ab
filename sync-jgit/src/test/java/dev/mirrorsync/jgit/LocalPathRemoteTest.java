package dev.mirrorsync.jgit;

import dev.mirrorsync.core.RepoLocation;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** Remotes named by plain local paths, as the CLI accepts them. */
class LocalPathRemoteTest extends AbstractRemoteTest {
    @TempDir
    Path root;

    @Override
    Path root() {
        return root;
    }

    @Override
    RepoLocation location(String name) {
        return RepoLocation.of(root.resolve(name).toString());
    }
}
