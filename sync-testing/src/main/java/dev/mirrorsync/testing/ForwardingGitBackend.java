package dev.mirrorsync.testing;

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
 * A {@link GitBackend} that hands every call, the {@code default} methods included, to another backend: the one base
 * for test backends that watch or script a real one (override what you watch, call {@code super} to go through).
 * Closing closes the delegate when it is {@link AutoCloseable}. When {@link GitBackend} grows a method, it is
 * forwarded here, once, for every such backend.
 */
public abstract class ForwardingGitBackend implements GitBackend, AutoCloseable {
    private final GitBackend delegate;

    protected ForwardingGitBackend(GitBackend delegate) {
        this.delegate = delegate;
    }

    /** The backend calls go to. */
    protected final GitBackend delegate() {
        return delegate;
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
    public void fetchListed(RepoLocation repo, Map<String, CommitId> refs) {
        delegate.fetchListed(repo, refs);
    }

    @Override
    public void fetchListed(RepoLocation repo, Map<String, CommitId> refs, Map<String, CommitId> boundary) {
        delegate.fetchListed(repo, refs, boundary);
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
    public CommitList commitsOnlyIn(CommitId tip, Collection<CommitId> excluded, int limit, long countCap) {
        return delegate.commitsOnlyIn(tip, excluded, limit, countCap);
    }

    @Override
    public PushResult push(RepoLocation repo, RefUpdate update) {
        return delegate.push(repo, update);
    }

    @Override
    public List<PushResult> push(RepoLocation repo, List<RefUpdate> updates) {
        return delegate.push(repo, updates);
    }

    @Override
    public void checkPushAccess(RepoLocation repo) {
        delegate.checkPushAccess(repo);
    }

    @Override
    public MergeResult merge(CommitId ours, CommitId theirs, MergeRequest request) {
        return delegate.merge(ours, theirs, request);
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
