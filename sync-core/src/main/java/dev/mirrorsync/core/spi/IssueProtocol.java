package dev.mirrorsync.core.spi;

import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.PrintableText;
import java.util.List;

/**
 * How mirror-sync's issues are recognised in any tracker, owned here for the engine and every {@link IssueTracker}:
 * the hidden marker {@code <!-- KEY -->} in the body, by which {@link IssueTracker#findOpen} finds an issue again,
 * and the labels each issue carries.
 */
public final class IssueProtocol {
    /** The label every issue carries; a tracker that can filter by label finds its issues by this one. */
    public static final String LABEL = "sync-failure";

    /** The second label, saying a human is needed soon. */
    public static final String URGENT = "urgent";

    /** The labels of every issue mirror-sync files, {@link #LABEL} first. */
    public static final List<String> LABELS = List.of(LABEL, URGENT);

    private IssueProtocol() {}

    /**
     * The hidden marker of {@code key}: {@code <!-- KEY -->}.
     *
     * @throws MirrorSyncException with {@code INVALID_INPUT} for a key that is empty, spans lines or could close the
     *     HTML comment (the engine's keys never do: {@code MirrorPair.issueKey} encodes such characters)
     */
    public static String marker(String key) {
        if (key.isEmpty() || key.contains("-->") || key.contains("--!>") || key.contains("\n") || key.contains("\r")) {
            throw new MirrorSyncException(
                    MirrorSyncException.Reason.INVALID_INPUT,
                    "an issue key must be one line and must not close an HTML comment: '" + PrintableText.of(key)
                            + "'");
        }
        return "<!-- " + key + " -->";
    }

    /** The draft's body, with the marker in front if the draft lacks it, so that the issue can be found again. */
    public static String markedBody(IssueDraft draft) {
        String marker = marker(draft.key());
        return draft.body().contains(marker) ? draft.body() : marker + "\n\n" + draft.body();
    }
}
