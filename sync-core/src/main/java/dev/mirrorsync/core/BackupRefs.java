package dev.mirrorsync.core;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Names of the refs that keep a losing tip before it is overwritten: {@code refs/mirror-sync/backup/<branch>/<utc-timestamp>}. */
public final class BackupRefs {
    public static final String PREFIX = "refs/mirror-sync/backup/";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private BackupRefs() {}

    /** The backup ref for {@code branch} at {@code time}; {@code attempt > 1} adds a suffix when the name is taken. */
    public static String name(String branch, Instant time, int attempt) {
        String base = PREFIX + branch + "/" + STAMP.format(time);
        return attempt <= 1 ? base : base + "-" + attempt;
    }
}
