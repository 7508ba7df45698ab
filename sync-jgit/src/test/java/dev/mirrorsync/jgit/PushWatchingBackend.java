package dev.mirrorsync.jgit;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.CommitList;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.spi.GitBackend;
import dev.mirrorsync.core.spi.MergeRequest;
import dev.mirrorsync.core.spi.MergeResult;
import dev.mirrorsync.core.spi.PushResult;
import dev.mirrorsync.core.spi.RefUpdate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A backend that tells its owner after every push, whatever the push answered or threw, so that the
 * owner can forget what it knew about the remotes' refs. Everything else goes straight through.
 */
final class PushWatchingBackend implements GitBackend, AutoCloseable {
    private final GitBackend delegate;
    private final Runnable afterPush;

    PushWatchingBackend(GitBackend delegate, Runnable afterPush) {
        this.delegate = delegate;
        this.afterPush = afterPush;
    }

    @Override
    public Map<String, CommitId> listRefs(RepoLocation repo, Collection<String> refNames) {
        return delegate.listRefs(repo, refNames);
    }

    @Override
    public Map<String, CommitId> listRefs(RepoLocation repo, Collection<String> refNames, Collection<String> prefixes) {
        return delegate.listRefs(repo, refNames, prefixes);
    }

    @Override
    public void fetch(RepoLocation repo, Collection<String> refNames) {
        delegate.fetch(repo, refNames);
    }

    @Override
    public boolean isAncestor(CommitId ancestor, CommitId descendant) {
        return delegate.isAncestor(ancestor, descendant);
    }

    @Override
    public Optional<CommitId> mergeBase(CommitId a, CommitId b) {
        return delegate.mergeBase(a, b);
    }

    @Override
    public CommitList commitsOnlyIn(CommitId tip, Collection<CommitId> excluded, int limit) {
        return delegate.commitsOnlyIn(tip, excluded, limit);
    }

    @Override
    public PushResult push(RepoLocation repo, RefUpdate update) {
        try {
            return delegate.push(repo, update);
        } finally {
            afterPush.run();
        }
    }

    @Override
    public List<PushResult> push(RepoLocation repo, List<RefUpdate> updates) {
        try {
            return delegate.push(repo, updates);
        } finally {
            afterPush.run();
        }
    }

    @Override
    public OptionalLong lfsObjectsIn(CommitId tip, Collection<CommitId> excluded) {
        return delegate.lfsObjectsIn(tip, excluded);
    }

    @Override
    public CommitId writeRecord(String path, String text) {
        return delegate.writeRecord(path, text);
    }

    @Override
    public Optional<String> readRecord(CommitId commit, String path) {
        return delegate.readRecord(commit, path);
    }

    @Override
    public MergeResult merge(CommitId ours, CommitId theirs, MergeRequest request) {
        return delegate.merge(ours, theirs, request);
    }

    @Override
    public void close() {
        if (delegate instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing " + delegate + " failed", e);
            }
        }
    }

    @Override
    public String toString() {
        return delegate.toString();
    }
}
