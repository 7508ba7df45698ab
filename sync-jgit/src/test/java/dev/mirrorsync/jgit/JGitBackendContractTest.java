package dev.mirrorsync.jgit;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.spi.GitBackend;
import dev.mirrorsync.testing.GitBackendContract;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitBackend contract on real bare repositories made and inspected with C git (never through JGit), served
 * over file:// URLs. sync-gitcli's contract test extends it with its own backend, over the same remotes.
 */
public class JGitBackendContractTest extends GitBackendContract {
    @TempDir
    protected Path temp;

    private final List<JGitBackend> opened = new ArrayList<>();

    @Override
    protected GitBackend newBackend() {
        JGitBackend backend = JGitBackend.builder()
                .cacheDirectory(temp.resolve("cache-" + opened.size()))
                .build();
        opened.add(backend);
        return backend;
    }

    @AfterEach
    void closeBackends() {
        opened.forEach(JGitBackend::close);
    }

    @Override
    protected Remotes remotes() throws IOException {
        Path root = Files.createDirectories(temp.resolve("remotes"));
        return new Remotes() {
            @Override
            public RepoLocation create(String name) {
                Path bare = GitCli.initBare(root.resolve(name + ".git"));
                return RepoLocation.of(bare.toUri().toString());
            }

            @Override
            public RepoLocation missing() {
                return RepoLocation.of(root.resolve("never-created.git").toUri().toString());
            }

            @Override
            public CommitId commit(RepoLocation repo, String branch, String message, Map<String, String> files) {
                Path bare = path(repo);
                String ref = "refs/heads/" + branch;
                String parent = GitCli.revParse(bare, ref);
                // A throwaway index, so the commit is built by git from the branch's tree without a work tree.
                Map<String, String> env = Map.of(
                        "GIT_INDEX_FILE",
                        temp.resolve("index-" + System.nanoTime()).toString());
                if (parent.isEmpty()) {
                    GitCli.gitWithEnv(bare, env, null, "read-tree", "--empty");
                } else {
                    GitCli.gitWithEnv(bare, env, null, "read-tree", parent);
                }
                for (Map.Entry<String, String> file : files.entrySet()) {
                    if (file.getValue() == null) {
                        GitCli.gitWithEnv(bare, env, null, "update-index", "--force-remove", file.getKey());
                    } else {
                        String blob = GitCli.gitWithInput(bare, file.getValue(), "hash-object", "-w", "--stdin");
                        GitCli.gitWithEnv(
                                bare,
                                env,
                                null,
                                "update-index",
                                "--add",
                                "--cacheinfo",
                                "100644," + blob + "," + file.getKey());
                    }
                }
                String tree = GitCli.gitWithEnv(bare, env, null, "write-tree");
                String id = parent.isEmpty()
                        ? GitCli.git(bare, "commit-tree", tree, "-m", message)
                        : GitCli.git(bare, "commit-tree", tree, "-p", parent, "-m", message);
                GitCli.git(bare, "update-ref", ref, id, parent.isEmpty() ? "" : parent);
                return CommitId.of(id);
            }

            @Override
            public Optional<CommitId> branch(RepoLocation repo, String branch) {
                String id = GitCli.revParse(path(repo), "refs/heads/" + branch);
                return id.isEmpty() ? Optional.empty() : Optional.of(CommitId.of(id));
            }

            private Path path(RepoLocation repo) {
                return Path.of(URI.create(repo.url()));
            }
        };
    }
}
