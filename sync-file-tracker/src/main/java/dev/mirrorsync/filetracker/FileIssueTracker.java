package dev.mirrorsync.filetracker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mirrorsync.core.FileLocks;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.spi.AccessCheck;
import dev.mirrorsync.core.spi.IssueDraft;
import dev.mirrorsync.core.spi.IssueProtocol;
import dev.mirrorsync.core.spi.IssueRef;
import dev.mirrorsync.core.spi.IssueTracker;
import dev.mirrorsync.core.spi.TrackedIssue;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The CLI's default tracker, and one an embedder can use alike: one file {@code DIR/<number>.json} per issue, in the shape the CLI contract
 * fixes: {@code {"number", "title", "body", "labels", "state", "comments"}}. Every change holds a lock on
 * {@code DIR/.lock} and replaces the issue's file atomically, so concurrent runs neither lose nor duplicate issues.
 */
public final class FileIssueTracker implements IssueTracker {
    private static final Pattern ISSUE_FILE = Pattern.compile("(\\d+)\\.json");
    private static final Duration LOCK_WAIT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The file's content; field names are the contract's. */
    record IssueFile(int number, String title, String body, List<String> labels, String state, List<String> comments) {
        boolean isOpen() {
            return "open".equals(state);
        }
    }

    private final Path directory;

    /**
     * Opens (creating it if need be) the issue directory and reads every issue file in it.
     *
     * @throws MirrorSyncException with {@code INVALID_INPUT} when the directory cannot be created or written, or
     *     holds an issue file that is not mirror-sync's, before anything else happens
     */
    public FileIssueTracker(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.directory);
            Path probe = Files.createTempFile(this.directory, ".probe", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new MirrorSyncException(
                    MirrorSyncException.Reason.INVALID_INPUT,
                    "the issue directory " + this.directory + " is not writable (" + describe(e)
                            + "); choose another with --tracker file:DIR");
        }
        // Every issue file is read now, so that a malformed one is a configuration error before any branch moves,
        // not a tracker failure after the push it was to record.
        load();
    }

    /** The issue directory, absolute. */
    public Path directory() {
        return directory;
    }

    @Override
    public Optional<TrackedIssue> findOpen(String key) {
        String marker = IssueProtocol.marker(key);
        return load().stream()
                .filter(i -> i.isOpen() && i.body().contains(marker))
                .min(Comparator.comparingInt(IssueFile::number))
                .map(i -> TrackedIssue.builder()
                        .ref(ref(i.number()))
                        .title(i.title())
                        .body(i.body())
                        .build());
    }

    /**
     * Opens the draft's issue, unless one is open under its key already: two runs on one pair that both found none
     * (each with its own cache, so not serialised by the cache lock) must still leave one issue, and the lock makes
     * this look and the write one step.
     */
    @Override
    public IssueRef open(IssueDraft draft) {
        return locked(() -> {
            Optional<TrackedIssue> filed = findOpen(draft.key());
            if (filed.isPresent()) {
                return filed.get().ref();
            }
            int number = load().stream().mapToInt(IssueFile::number).max().orElse(0) + 1;
            write(new IssueFile(number, draft.title(), draft.body(), List.copyOf(draft.labels()), "open", List.of()));
            return ref(number);
        });
    }

    @Override
    public void update(IssueRef issue, IssueDraft draft, String comment) {
        locked(() -> {
            IssueFile old = read(issue);
            write(new IssueFile(
                    old.number(),
                    draft.title(),
                    draft.body(),
                    List.copyOf(draft.labels()),
                    old.state(),
                    append(old.comments(), comment)));
            return null;
        });
    }

    @Override
    public void close(IssueRef issue, String comment) {
        locked(() -> {
            IssueFile old = read(issue);
            if (old.isOpen()) {
                write(new IssueFile(
                        old.number(),
                        old.title(),
                        old.body(),
                        old.labels(),
                        "closed",
                        append(old.comments(), comment)));
            }
            return null;
        });
    }

    @Override
    public void comment(IssueRef issue, String comment) {
        locked(() -> {
            IssueFile old = read(issue);
            write(new IssueFile(
                    old.number(), old.title(), old.body(), old.labels(), old.state(), append(old.comments(), comment)));
            return null;
        });
    }

    /** The directory was found writable when this tracker was made; the check repeats that, writing nothing lasting. */
    @Override
    public List<AccessCheck> checkAccess() {
        return List.of(AccessCheck.passed("issues", "the issue directory " + directory + " is writable"));
    }

    /** Files on the local disk are the project's own. */
    @Override
    public boolean isPubliclyVisible() {
        return false;
    }

    @Override
    public String describe() {
        return "file:" + directory;
    }

    private IssueRef ref(int number) {
        return IssueRef.of(
                Integer.toString(number),
                directory.resolve(number + ".json").toUri().toString());
    }

    private List<IssueFile> load() {
        List<IssueFile> issues = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.json")) {
            for (Path file : files) {
                if (ISSUE_FILE.matcher(file.getFileName().toString()).matches()) {
                    issues.add(parse(file));
                }
            }
        } catch (IOException e) {
            throw new MirrorSyncException(
                    MirrorSyncException.Reason.INVALID_INPUT,
                    "cannot read the issue directory " + directory + " (" + describe(e) + ")",
                    e);
        }
        return issues;
    }

    private IssueFile read(IssueRef issue) {
        if (!issue.id().matches("\\d+")) {
            throw new MirrorSyncException(
                    MirrorSyncException.Reason.NOT_FOUND, "no issue " + issue + " in " + directory);
        }
        Path file = directory.resolve(issue.id() + ".json");
        if (!Files.exists(file)) {
            throw new MirrorSyncException(
                    MirrorSyncException.Reason.NOT_FOUND, "no issue " + issue + " in " + directory);
        }
        return parse(file);
    }

    private static IssueFile parse(Path file) {
        try {
            IssueFile issue = JSON.readValue(file.toFile(), IssueFile.class);
            if (issue.body() == null || issue.state() == null) {
                throw new IOException("missing body or state");
            }
            return issue;
        } catch (IOException e) {
            throw new MirrorSyncException(
                    MirrorSyncException.Reason.INVALID_INPUT,
                    "the issue file " + file + " is not a mirror-sync issue (" + describe(e)
                            + "); move it out of the directory");
        }
    }

    private void write(IssueFile issue) {
        try {
            Path temp = Files.createTempFile(directory, ".issue", ".tmp");
            JSON.writeValue(temp.toFile(), issue);
            Files.move(
                    temp,
                    directory.resolve(issue.number() + ".json"),
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new MirrorSyncException(
                    MirrorSyncException.Reason.INVALID_INPUT,
                    "cannot write issue " + issue.number() + " in " + directory + " (" + describe(e) + ")",
                    e);
        }
    }

    private interface LockedWork<T> {
        T run();
    }

    @SuppressWarnings("try") // the lock is held for the block's extent
    private <T> T locked(LockedWork<T> work) {
        try (FileChannel channel = FileChannel.open(
                        directory.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = lock(channel)) {
            return work.run();
        } catch (IOException e) {
            throw new MirrorSyncException(
                    MirrorSyncException.Reason.INVALID_INPUT,
                    "cannot lock the issue directory " + directory + " (" + describe(e) + ")",
                    e);
        }
    }

    /** Waits for a lock held by another run, in another process or in this one, like {@link FileLocks} always does. */
    private FileLock lock(FileChannel channel) throws IOException {
        return FileLocks.lock(channel, LOCK_WAIT, () -> {})
                .orElseThrow(
                        () -> new IOException("another run held the lock for over " + LOCK_WAIT.toSeconds() + " s"));
    }

    private static List<String> append(List<String> comments, String comment) {
        List<String> all = new ArrayList<>(comments == null ? List.of() : comments);
        all.add(comment);
        return List.copyOf(all);
    }

    private static String describe(Exception e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
