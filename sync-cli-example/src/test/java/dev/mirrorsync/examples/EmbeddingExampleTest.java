package dev.mirrorsync.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.core.BranchReport;
import dev.mirrorsync.core.MirrorPair;
import dev.mirrorsync.core.MirrorSync;
import dev.mirrorsync.core.Outcome;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.SyncReport;
import dev.mirrorsync.core.SyncRequest;
import dev.mirrorsync.core.SyncState;
import dev.mirrorsync.core.spi.IssueDraft;
import dev.mirrorsync.core.spi.IssueRef;
import dev.mirrorsync.core.spi.IssueTracker;
import dev.mirrorsync.core.spi.TrackedIssue;
import dev.mirrorsync.jgit.JGitBackend;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's embedding and custom-tracker examples, compiled and run, so that they stay true. */
class EmbeddingExampleTest {
    @TempDir
    Path dir;

    // README: custom-tracker
    /** Files problems in a chat channel, say; here, in a map. One open issue per key. */
    static final class ChatIssueTracker implements IssueTracker {
        final Map<String, TrackedIssue> open = new LinkedHashMap<>();
        final List<String> messages = new ArrayList<>();

        @Override
        public Optional<TrackedIssue> findOpen(String key) {
            return Optional.ofNullable(open.get(key));
        }

        @Override
        public IssueRef open(IssueDraft draft) {
            IssueRef ref = IssueRef.of(Integer.toString(messages.size() + 1));
            open.put(draft.key(), TrackedIssue.builder().ref(ref).title(draft.title()).body(draft.body()).build());
            messages.add("opened: " + draft.title());
            return ref;
        }

        @Override
        public void update(IssueRef issue, IssueDraft draft, String comment) {
            open.put(draft.key(), TrackedIssue.builder().ref(issue).title(draft.title()).body(draft.body()).build());
            messages.add("updated: " + comment);
        }

        @Override
        public void close(IssueRef issue, String comment) {
            open.values().removeIf(i -> i.ref().equals(issue));
            messages.add("closed: " + comment);
        }

        @Override
        public boolean isPubliclyVisible() {
            return false; // our chat is internal: commit subjects may appear
        }
    }
    // README: end

    @Test
    void embeddingSyncsAPairAndReportsPerBranch() throws Exception {
        Path privatePath = bareWithCommit("private.git", true);
        Path publicPath = bareWithCommit("public.git", false);
        String privateUrl = privatePath.toUri().toString();
        String publicUrl = publicPath.toUri().toString();
        Optional<String> privateToken = Optional.empty();
        Optional<String> publicToken = Optional.empty();
        Path cacheDir = dir.resolve("cache");
        ChatIssueTracker tracker = new ChatIssueTracker();

        // README: embedding
        MirrorPair pair = MirrorPair.builder()
                .name("cookbook")
                .privateRepo(RepoLocation.of(privateUrl, privateToken))
                .publicRepo(RepoLocation.of(publicUrl, publicToken))
                .addBranches("main")
                .build();

        try (JGitBackend backend = JGitBackend.builder().cacheDirectory(cacheDir).build()) {
            MirrorSync mirrorSync = MirrorSync.builder()
                    .gitBackend(backend)
                    .issueTracker(tracker)
                    .build();

            SyncReport report = mirrorSync.sync(pair, SyncRequest.defaults());
            for (BranchReport branch : report.branches()) {
                System.out.println(branch.branch() + ": " + branch.state().orElseThrow() + ", " + branch.message());
            }
            if (report.needsHuman()) {
                // an issue is open; `mirror-sync resolve` or MirrorSync.resolve(...) ends it
            }
        }
        // README: end

        assertThat(tracker.messages).isEmpty();
        try (JGitBackend backend = JGitBackend.builder().cacheDirectory(cacheDir).build()) {
            SyncReport again = MirrorSync.builder().gitBackend(backend).issueTracker(tracker).build().sync(pair, SyncRequest.defaults());
            BranchReport main = again.branches().get(0);
            assertThat(main.state()).contains(SyncState.IN_SYNC);
            assertThat(main.outcome()).isEqualTo(Outcome.UP_TO_DATE);
        }
        try (Git git = Git.open(publicPath.toFile()); Git priv = Git.open(privatePath.toFile())) {
            assertThat(git.getRepository().resolve("refs/heads/main")).isEqualTo(priv.getRepository().resolve("refs/heads/main"));
        }
    }

    private Path bareWithCommit(String name, boolean withCommit) throws Exception {
        Path bare = dir.resolve(name);
        try (Git git = Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call()) {
            if (withCommit) {
                Path work = dir.resolve(name + "-work");
                try (Git clone = Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(work.toFile()).call()) {
                    RevCommit commit = clone.commit().setAllowEmpty(true).setMessage("first")
                            .setAuthor(new PersonIdent("A", "a@example.invalid"))
                            .setCommitter(new PersonIdent("A", "a@example.invalid")).call();
                    clone.push().setRemote("origin").setRefSpecs(new org.eclipse.jgit.transport.RefSpec(commit.name() + ":refs/heads/main")).call();
                }
            }
        }
        return bare;
    }
}
