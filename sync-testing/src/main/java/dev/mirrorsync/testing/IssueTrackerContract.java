package dev.mirrorsync.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.spi.IssueDraft;
import dev.mirrorsync.core.spi.IssueRef;
import dev.mirrorsync.core.spi.IssueTracker;
import dev.mirrorsync.core.spi.TrackedIssue;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link IssueTracker} must do, as tests: find the one open issue by its key again, update it in
 * place, close it. A tracker's test class extends this and returns a tracker over an empty project.
 */
public abstract class IssueTrackerContract {

    private IssueTracker tracker;

    /** A tracker over a project with no issues yet. */
    protected abstract IssueTracker newTracker() throws Exception;

    @BeforeEach
    void setUpContract() throws Exception {
        tracker = newTracker();
    }

    protected static IssueDraft draft(String key, String title, String body) {
        return IssueDraft.builder()
                .key(key)
                .title(title)
                .body("<!-- " + key + " -->\n\n" + body)
                .labels(List.of("sync-failure", "urgent"))
                .build();
    }

    @Test
    void findsNothingWhenNothingWasFiled() {
        assertThat(tracker.findOpen("mirror-sync:pair:main")).isEmpty();
    }

    @Test
    void findsTheIssueItOpenedByItsKey() {
        IssueDraft draft = draft("mirror-sync:pair:main", "main diverged", "two only on private");
        IssueRef ref = tracker.open(draft);
        Optional<TrackedIssue> found = tracker.findOpen("mirror-sync:pair:main");
        assertThat(found).isPresent();
        assertThat(found.get().ref().id()).isEqualTo(ref.id());
        assertThat(found.get().title()).isEqualTo(draft.title());
        assertThat(found.get().body()).isEqualTo(draft.body());
    }

    @Test
    void keepsKeysApart() {
        IssueRef main = tracker.open(draft("mirror-sync:pair:main", "main diverged", "main"));
        IssueRef dev = tracker.open(draft("mirror-sync:pair:dev", "dev diverged", "dev"));
        assertThat(main.id()).isNotEqualTo(dev.id());
        assertThat(tracker.findOpen("mirror-sync:pair:main").orElseThrow().ref().id())
                .isEqualTo(main.id());
        assertThat(tracker.findOpen("mirror-sync:pair:dev").orElseThrow().ref().id())
                .isEqualTo(dev.id());
        assertThat(tracker.findOpen("mirror-sync:other:main")).isEmpty();
    }

    @Test
    void updatesTheIssueInPlace() {
        IssueRef ref = tracker.open(draft("mirror-sync:pair:main", "main diverged", "before"));
        IssueDraft changed = draft("mirror-sync:pair:main", "main diverged again", "after");
        tracker.update(ref, changed, "The situation changed.");
        TrackedIssue found = tracker.findOpen("mirror-sync:pair:main").orElseThrow();
        assertThat(found.ref().id()).isEqualTo(ref.id());
        assertThat(found.body()).isEqualTo(changed.body());
        assertThat(found.title()).isEqualTo(changed.title());
    }

    @Test
    void aClosedIssueIsNoLongerFoundAndANewProblemGetsANewIssue() {
        IssueRef first = tracker.open(draft("mirror-sync:pair:main", "main diverged", "first"));
        tracker.close(first, "Back in sync.");
        assertThat(tracker.findOpen("mirror-sync:pair:main")).isEmpty();
        tracker.close(first, "Closing twice is not an error.");

        IssueRef second = tracker.open(draft("mirror-sync:pair:main", "main diverged", "second"));
        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(tracker.findOpen("mirror-sync:pair:main").orElseThrow().ref().id())
                .isEqualTo(second.id());
    }

    @Test
    void commentsKeepTheIssueOpenAndItsBody() {
        IssueDraft draft = draft("mirror-sync:pair:main", "main diverged", "body");
        IssueRef ref = tracker.open(draft);
        try {
            tracker.comment(ref, "Pull request #9 proposes the merge.");
        } catch (MirrorSyncException e) {
            assertThat(e.reason()).isEqualTo(MirrorSyncException.Reason.UNSUPPORTED);
            return;
        }
        TrackedIssue found = tracker.findOpen("mirror-sync:pair:main").orElseThrow();
        assertThat(found.ref().id()).isEqualTo(ref.id());
        assertThat(found.body()).isEqualTo(draft.body());
    }

    @Test
    void describesItselfWithoutSecrets() {
        assertThat(tracker.describe()).isNotBlank().doesNotContainIgnoringCase("token");
    }
}
