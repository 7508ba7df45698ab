package dev.mirrorsync.cli;

import dev.mirrorsync.jgit.ProgressListener;
import java.io.PrintWriter;

/** Shows a long transfer's progress on one rewritten terminal line; used only when a person is watching. */
final class ProgressLine implements ProgressListener {
    private final PrintWriter err;
    private String lastTask = "";
    private long lastPercent = -1;

    ProgressLine(PrintWriter err) {
        this.err = err;
    }

    @Override
    public synchronized void progress(String repo, String task, long done, long total) {
        long percent = total > 0 ? done * 100 / total : -1;
        if (task.equals(lastTask) && percent == lastPercent && total > 0) {
            return;
        }
        lastTask = task;
        lastPercent = percent;
        String amount = total > 0 ? percent + "% (" + done + "/" + total + ")" : Long.toString(done);
        err.print("\r\033[K" + repo + ": " + task + " " + amount);
        if (total > 0 && done >= total) {
            err.print("\n");
        }
        err.flush();
    }
}
