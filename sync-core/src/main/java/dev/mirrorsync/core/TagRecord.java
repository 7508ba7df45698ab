package dev.mirrorsync.core;

import java.util.Map;
import java.util.TreeMap;

/**
 * The text of the synced-tags record as the ref store keeps it: one line per tag, {@code <object id> SP <tag name>},
 * sorted by name, in the single file {@link #FILE} of a parentless commit that {@link SyncStateStores#TAG_RECORD_REF}
 * points at. One ref for every tag, however many there are; the same tags give the same text, and so the same commit.
 */
final class TagRecord {
    static final String FILE = "synced-tags";

    private TagRecord() {}

    static String render(Map<String, CommitId> tags) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(tags)
                .forEach((name, id) ->
                        text.append(id.hex()).append(' ').append(name).append('\n'));
        return text.toString();
    }

    /** A damaged record must not read as "no tags synced": that would switch off the moved/deleted checks. */
    static Map<String, CommitId> parse(String text) {
        Map<String, CommitId> tags = new TreeMap<>();
        for (String line : text.lines().toList()) {
            int space = line.indexOf(' ');
            if (space < 0 || space == line.length() - 1) {
                throw new MirrorSyncException(
                        MirrorSyncException.Reason.CACHE,
                        "the synced-tags record "
                                + SyncStateStores.TAG_RECORD_REF + " has a damaged line '" + PrintableText.of(line, 120)
                                + "'; delete that ref on the private side (the next run then records the tags in sync again)");
            }
            tags.put(line.substring(space + 1), CommitId.of(line.substring(0, space)));
        }
        return tags;
    }
}
