package dev.mirrorsync.testing;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.spi.GitBackend;
import java.util.Map;
import java.util.Optional;

class InMemoryGitBackendContractTest extends GitBackendContract {
    private final InMemoryGitBackend world = new InMemoryGitBackend();

    @Override
    protected GitBackend newBackend() {
        return world;
    }

    @Override
    protected Remotes remotes() {
        return new Remotes() {
            @Override
            public RepoLocation create(String name) {
                return world.createRemote("file:///in-memory/" + name);
            }

            @Override
            public RepoLocation missing() {
                return RepoLocation.of("file:///in-memory/missing");
            }

            @Override
            public CommitId commit(RepoLocation repo, String branch, String message, Map<String, String> files) {
                return world.commit(repo.url(), branch, message, files);
            }

            @Override
            public Optional<CommitId> branch(RepoLocation repo, String branch) {
                return world.branch(repo.url(), branch);
            }
        };
    }
}
