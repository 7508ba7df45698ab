package dev.mirrorsync.testing;

import dev.mirrorsync.core.spi.IssueTracker;

class RecordingIssueTrackerContractTest extends IssueTrackerContract {
    @Override
    protected IssueTracker newTracker() {
        return new RecordingIssueTracker();
    }
}
