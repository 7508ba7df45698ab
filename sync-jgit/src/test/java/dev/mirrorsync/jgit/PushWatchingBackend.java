package dev.mirrorsync.jgit;

import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.spi.GitBackend;
import dev.mirrorsync.core.spi.PushResult;
import dev.mirrorsync.core.spi.RefUpdate;
import dev.mirrorsync.testing.ForwardingGitBackend;
import java.util.List;

/**
 * A backend that tells its owner after every push, whatever the push answered or threw, so that the
 * owner can forget what it knew about the remotes' refs. Everything else goes straight through.
 */
final class PushWatchingBackend extends ForwardingGitBackend {
    private final Runnable afterPush;

    PushWatchingBackend(GitBackend delegate, Runnable afterPush) {
        super(delegate);
        this.afterPush = afterPush;
    }

    @Override
    public PushResult push(RepoLocation repo, RefUpdate update) {
        try {
            return super.push(repo, update);
        } finally {
            afterPush.run();
        }
    }

    @Override
    public List<PushResult> push(RepoLocation repo, List<RefUpdate> updates) {
        try {
            return super.push(repo, updates);
        } finally {
            afterPush.run();
        }
    }
}
