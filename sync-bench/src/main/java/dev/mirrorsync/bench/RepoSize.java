package dev.mirrorsync.bench;

import java.util.List;
import java.util.Locale;

/**
 * The shape of a generated repository: commits on {@code main} (about one in {@value HistoryGenerator#MERGE_EVERY}
 * a merge of a short topic branch), files in the tree, and a few large incompressible blobs.
 *
 * @param name how the size is named on the command line and in the results
 * @param commits commits on {@code main}, merges and topic commits included
 * @param files files in the tree
 * @param largeBlobs how many large blobs are committed along the way
 * @param largeBlobBytes the size of each
 */
record RepoSize(String name, int commits, int files, int largeBlobs, int largeBlobBytes) {
    static final RepoSize TINY = new RepoSize("tiny", 300, 60, 1, 64 << 10);
    static final RepoSize SMALL = new RepoSize("small", 3_000, 300, 2, 512 << 10);
    static final RepoSize MEDIUM = new RepoSize("medium", 12_000, 1_200, 3, 1 << 20);
    static final RepoSize LARGE = new RepoSize("large", 40_000, 4_000, 4, 2 << 20);
    static final List<RepoSize> PRESETS = List.of(TINY, SMALL, MEDIUM, LARGE);

    /**
     * A preset by name, or {@code COMMITSxFILES} (for example {@code 100000x8000}) for any other shape.
     */
    static RepoSize parse(String text) {
        String name = text.strip().toLowerCase(Locale.ROOT);
        for (RepoSize preset : PRESETS) {
            if (preset.name.equals(name)) {
                return preset;
            }
        }
        String[] parts = name.split("x");
        if (parts.length == 2) {
            int commits = Integer.parseInt(parts[0]);
            int files = Integer.parseInt(parts[1]);
            return new RepoSize(name, commits, files, 4, 2 << 20);
        }
        throw new IllegalArgumentException(
                "unknown size '" + text + "': use tiny, small, medium, large or COMMITSxFILES");
    }

    String describe() {
        return String.format(
                Locale.ROOT,
                "%s (%,d commits, %,d files, %d × %,d KiB blobs)",
                name,
                commits,
                files,
                largeBlobs,
                largeBlobBytes >> 10);
    }
}
