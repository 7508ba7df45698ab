package dev.mirrorsync.github.actions;

import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.MirrorSyncException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes generated workflows into a folder, all or nothing as far as a person can tell: a file that is there
 * with the same content is left alone; when one differs and overwriting was not asked for, nothing at all is
 * written. Each file is written to a temporary file beside it and moved into place, so a reader never sees half
 * a workflow. Stateless.
 */
public final class WorkflowWriter {
    private WorkflowWriter() {}

    /**
     * Writes each of {@code files} under {@code outDir} at its {@link WorkflowFile#outputPath()}.
     *
     * @return the files' paths, in the order given
     * @throws MirrorSyncException {@code INVALID_INPUT} when a file differs and {@code overwrite} is not set, or
     *     {@code outDir} cannot be written
     */
    public static List<Path> write(Path outDir, List<WorkflowFile> files, boolean overwrite) {
        List<Path> targets = new ArrayList<>();
        List<String> differing = new ArrayList<>();
        for (WorkflowFile file : files) {
            Path target = outDir.resolve(file.outputPath());
            targets.add(target);
            if (Files.exists(target) && !sameContent(target, file.content())) {
                differing.add(target.toString());
            }
        }
        if (!differing.isEmpty() && !overwrite) {
            throw new MirrorSyncException(
                    Reason.INVALID_INPUT,
                    "refusing to overwrite " + String.join(", ", differing)
                            + ": it differs from what would be written; move it away, or ask to overwrite (the CLI's --force)");
        }
        for (int i = 0; i < targets.size(); i++) {
            write(targets.get(i), files.get(i).content());
        }
        return List.copyOf(targets);
    }

    private static boolean sameContent(Path target, String content) {
        try {
            return Files.isRegularFile(target)
                    && Files.size(target) == content.getBytes(StandardCharsets.UTF_8).length
                    && Files.readString(target, StandardCharsets.UTF_8).equals(content);
        } catch (IOException e) {
            return false;
        }
    }

    private static void write(Path target, String content) {
        try {
            Files.createDirectories(target.getParent());
            if (sameContent(target, content)) {
                return;
            }
            Path temp = Files.createTempFile(target.getParent(), ".mirror-sync-", ".tmp");
            try {
                Files.writeString(temp, content, StandardCharsets.UTF_8);
                try {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new MirrorSyncException(
                    Reason.INVALID_INPUT,
                    "cannot write " + target + ": " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " " + Text.printable(e.getMessage())),
                    e);
        }
    }
}
