package dev.mirrorsync.jgit;

import org.eclipse.jgit.lib.ProgressMonitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Passes JGit's progress to a {@link ProgressListener}, throttled: a task's start and end always, and in
 * between at most one report per percent (known totals) or per {@value #UNKNOWN_TOTAL_STEP} units.
 */
final class ProgressAdapter implements ProgressMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(ProgressAdapter.class);
    private static final long UNKNOWN_TOTAL_STEP = 1000;

    private final ProgressListener listener;
    private final String repo;
    private String task = "";
    private long total;
    private long done;
    private long lastReported = -1;

    ProgressAdapter(ProgressListener listener, String repo) {
        this.listener = listener;
        this.repo = repo;
    }

    @Override
    public void start(int totalTasks) {
        // Tasks are reported one by one.
    }

    @Override
    public void beginTask(String title, int totalWork) {
        task = title == null ? "" : title;
        total = totalWork == UNKNOWN ? 0 : totalWork;
        done = 0;
        lastReported = -1;
        report();
    }

    @Override
    public void update(int completed) {
        done += completed;
        long step = total > 0 ? Math.max(1, total / 100) : UNKNOWN_TOTAL_STEP;
        if (done - lastReported >= step) {
            report();
        }
    }

    @Override
    public void endTask() {
        if (done != lastReported) {
            report();
        }
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    @Override
    public void showDuration(boolean enabled) {
        // Durations are the listener's business.
    }

    private void report() {
        lastReported = done;
        try {
            listener.progress(repo, task, done, total);
        } catch (RuntimeException e) {
            // A listener must not throw; one that does must not break a transfer either.
            LOG.debug("progress listener failed on '{}'", task, e);
        }
    }
}
