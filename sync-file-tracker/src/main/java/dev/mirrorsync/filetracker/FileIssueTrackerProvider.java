package dev.mirrorsync.filetracker;

import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.spi.IssueTracker;
import dev.mirrorsync.core.spi.IssueTrackerProvider;
import dev.mirrorsync.core.spi.TrackerConfig;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** {@code --tracker file:DIR}: issues as JSON files in a local directory. Found through {@link java.util.ServiceLoader}. */
public final class FileIssueTrackerProvider implements IssueTrackerProvider {
    @Override
    public String id() {
        return "file";
    }

    @Override
    public String description() {
        return "file:DIR  one JSON file per issue in the directory DIR (local, no network)";
    }

    @Override
    public IssueTracker create(TrackerConfig config) {
        if (config.args().isBlank()) {
            throw new MirrorSyncException(
                    MirrorSyncException.Reason.INVALID_INPUT, "--tracker file needs a directory: --tracker file:DIR");
        }
        try {
            return new FileIssueTracker(Path.of(config.args()));
        } catch (InvalidPathException e) {
            throw new MirrorSyncException(
                    MirrorSyncException.Reason.INVALID_INPUT,
                    "--tracker file:" + config.args() + " is not a usable path: " + e.getReason());
        }
    }
}
