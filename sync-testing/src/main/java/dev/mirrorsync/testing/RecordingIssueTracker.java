package dev.mirrorsync.testing;

import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.spi.CodeHost;
import dev.mirrorsync.core.spi.IssueDraft;
import dev.mirrorsync.core.spi.IssueRef;
import dev.mirrorsync.core.spi.IssueTracker;
import dev.mirrorsync.core.spi.TrackedIssue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * An {@link IssueTracker} that keeps issues in memory and records every write, for tests of the engine and
 * of anything built on it. It is its own {@link CodeHost} (repository {@value #REPOSITORY}), recording the pull
 * requests it is asked to open. Faults can be queued with {@link #failNext}. Thread-safe.
 */
public final class RecordingIssueTracker implements IssueTracker, CodeHost {

    /** A pull request opened through {@link #openPullRequest}. */
    public record PullRequest(String number, String head, String base, String title, String body) {}

    /** An issue as it stands now. */
    public record Issue(
            String number,
            String key,
            String title,
            String body,
            List<String> labels,
            boolean open,
            List<String> comments) {}

    /** The repository this tracker says it files in. */
    public static final String REPOSITORY = "recording/issues";

    private final List<Issue> issues = new ArrayList<>();
    private final List<PullRequest> pullRequests = new ArrayList<>();
    private final Deque<MirrorSyncException> faults = new ArrayDeque<>();
    private final boolean publiclyVisible;
    private int writes;

    /** A tracker whose issues only the project can read. */
    public RecordingIssueTracker() {
        this(false);
    }

    public RecordingIssueTracker(boolean publiclyVisible) {
        this.publiclyVisible = publiclyVisible;
    }

    public synchronized List<Issue> issues() {
        return List.copyOf(issues);
    }

    public synchronized List<Issue> openIssues() {
        return issues.stream().filter(Issue::open).toList();
    }

    /** Opens, updates and closes so far: what "files nothing" is checked against. */
    public synchronized int writes() {
        return writes;
    }

    public synchronized Issue issue(IssueRef ref) {
        return issues.get(index(ref));
    }

    /** The next call of any method throws {@code failure}. */
    public synchronized void failNext(MirrorSyncException failure) {
        faults.add(failure);
    }

    /** Drops faults queued with {@link #failNext} that no call consumed. */
    public synchronized void clearFaults() {
        faults.clear();
    }

    @Override
    public synchronized Optional<TrackedIssue> findOpen(String key) {
        fault();
        return issues.stream()
                .filter(i -> i.open() && i.key().equals(key))
                .findFirst()
                .map(i -> TrackedIssue.builder()
                        .ref(IssueRef.of(i.number()))
                        .title(i.title())
                        .body(i.body())
                        .build());
    }

    @Override
    public synchronized IssueRef open(IssueDraft draft) {
        fault();
        writes++;
        String number = Integer.toString(issues.size() + pullRequests.size() + 1);
        issues.add(new Issue(
                number, draft.key(), draft.title(), draft.body(), List.copyOf(draft.labels()), true, List.of()));
        return IssueRef.of(number);
    }

    @Override
    public synchronized void update(IssueRef ref, IssueDraft draft, String comment) {
        fault();
        writes++;
        int i = index(ref);
        Issue old = issues.get(i);
        issues.set(
                i,
                new Issue(
                        old.number(),
                        old.key(),
                        draft.title(),
                        draft.body(),
                        List.copyOf(draft.labels()),
                        old.open(),
                        append(old.comments(), comment)));
    }

    @Override
    public synchronized void close(IssueRef ref, String comment) {
        fault();
        writes++;
        int i = index(ref);
        Issue old = issues.get(i);
        issues.set(
                i,
                new Issue(
                        old.number(),
                        old.key(),
                        old.title(),
                        old.body(),
                        old.labels(),
                        false,
                        append(old.comments(), comment)));
    }

    @Override
    public synchronized void comment(IssueRef ref, String comment) {
        fault();
        writes++;
        int i = index(ref);
        Issue old = issues.get(i);
        issues.set(
                i,
                new Issue(
                        old.number(),
                        old.key(),
                        old.title(),
                        old.body(),
                        old.labels(),
                        old.open(),
                        append(old.comments(), comment)));
    }

    /** Pull requests share the issues' numbering, as on GitHub. */
    @Override
    public synchronized IssueRef openPullRequest(String headBranch, String baseBranch, String title, String body) {
        fault();
        writes++;
        String number = Integer.toString(issues.size() + pullRequests.size() + 1);
        pullRequests.add(new PullRequest(number, headBranch, baseBranch, title, body));
        return IssueRef.of(number);
    }

    public synchronized List<PullRequest> pullRequests() {
        return List.copyOf(pullRequests);
    }

    @Override
    public Optional<CodeHost> codeHost() {
        return Optional.of(this);
    }

    @Override
    public String repository() {
        return REPOSITORY;
    }

    @Override
    public boolean isPubliclyVisible() {
        return publiclyVisible;
    }

    @Override
    public String describe() {
        return "recording" + (publiclyVisible ? " (public)" : "");
    }

    private void fault() {
        MirrorSyncException next = faults.poll();
        if (next != null) {
            throw next;
        }
    }

    private int index(IssueRef ref) {
        for (int i = 0; i < issues.size(); i++) {
            if (issues.get(i).number().equals(ref.id())) {
                return i;
            }
        }
        throw new MirrorSyncException(MirrorSyncException.Reason.NOT_FOUND, "no issue " + ref);
    }

    private static List<String> append(List<String> list, String item) {
        List<String> copy = new ArrayList<>(list);
        copy.add(item);
        return List.copyOf(copy);
    }
}
