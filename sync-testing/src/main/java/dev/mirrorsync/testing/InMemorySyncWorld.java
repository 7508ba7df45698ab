package dev.mirrorsync.testing;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.MirrorPair;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.Side;
import dev.mirrorsync.core.spi.GitBackend;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A {@link SyncWorld} over one {@link InMemoryGitBackend}: both remotes share its commit graph. */
public final class InMemorySyncWorld implements SyncWorld {
    private final InMemoryGitBackend git = new InMemoryGitBackend();
    private MirrorPair pair;
    private int files;

    /** The backend behind this world, for tests that drive it directly. */
    public InMemoryGitBackend git() {
        return git;
    }

    @Override
    public MirrorPair createPair(
            String name, List<String> branches, Optional<String> privateToken, Optional<String> publicToken) {
        if (pair != null) {
            throw new IllegalStateException("a world holds one pair");
        }
        String privateUrl = "https://git.example.invalid/private/" + name + ".git";
        String publicUrl = "https://git.example.invalid/public/" + name + ".git";
        git.createRemote(privateUrl);
        git.createRemote(publicUrl);
        pair = MirrorPair.builder()
                .name(name)
                .privateRepo(RepoLocation.of(privateUrl, privateToken))
                .publicRepo(RepoLocation.of(publicUrl, publicToken))
                .branches(branches)
                .build();
        return pair;
    }

    @Override
    public GitBackend backend() {
        return git;
    }

    @Override
    public CommitId commit(Side side, List<CommitId> parents, String subject, String author) {
        files++;
        return git.createCommit(parents, subject, author, Map.of("file-" + files + ".txt", subject + "\n"));
    }

    @Override
    public void setRef(Side side, String ref, Optional<CommitId> value) {
        git.setRef(url(side), ref, value);
    }

    @Override
    public Map<String, CommitId> refs(Side side) {
        return git.refs(pairOrThrow().repo(side));
    }

    @Override
    public Set<CommitId> reachable(Side side, Collection<CommitId> tips) {
        Set<CommitId> all = new HashSet<>();
        tips.forEach(t -> all.addAll(git.reachableFrom(t)));
        return all;
    }

    @Override
    public Optional<CommitId> firstParent(CommitId commit) {
        return git.object(commit).parents().stream().findFirst();
    }

    private String url(Side side) {
        return pairOrThrow().repo(side).url();
    }

    private MirrorPair pairOrThrow() {
        if (pair == null) {
            throw new IllegalStateException("createPair first");
        }
        return pair;
    }
}
