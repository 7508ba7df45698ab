package dev.mirrorsync.github.actions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.MirrorSyncException.Reason;
import dev.mirrorsync.core.Template;
import java.util.Locale;
import java.util.Map;

/**
 * The Markdown a GitHub Actions job shows on its summary page ({@code $GITHUB_STEP_SUMMARY}) after a run: what
 * the run's exit code means, then one table row per branch with its state, the action taken, the number of
 * commits only on each side and a link to its issue.
 *
 * <p>It reads the CLI's {@code --json} report (the contract's one object), so the action's script needs no JSON
 * tool of its own. Rendered from the resources {@code job-summary.md} and {@code job-summary-row.md}. Stateless.
 */
public final class JobSummary {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Template PAGE = Template.load(JobSummary.class, "job-summary.md");
    private static final Template ROW = Template.load(JobSummary.class, "job-summary-row.md");

    private JobSummary() {}

    /**
     * Renders the summary of one run.
     *
     * @param jsonReport what {@code mirror-sync sync|status|resolve --json} printed
     * @param exitCode the exit code that run ended with
     * @return Markdown, ending in a new line
     * @throws MirrorSyncException {@code INVALID_INPUT} when {@code jsonReport} is not such a report
     */
    public static String render(String jsonReport, int exitCode) {
        JsonNode report;
        try {
            report = JSON.readTree(jsonReport);
        } catch (JsonProcessingException e) {
            throw new MirrorSyncException(Reason.INVALID_INPUT, "the report is not JSON: " + e.getOriginalMessage(), e);
        }
        if (report == null || !report.path("branches").isArray()) {
            throw new MirrorSyncException(
                    Reason.INVALID_INPUT, "the report is not mirror-sync's --json output: it has no \"branches\" list");
        }
        StringBuilder rows = new StringBuilder();
        for (JsonNode branch : report.path("branches")) {
            rows.append(ROW.render(Map.of(
                    "branch", cell(branch.path("branch").asText("?")),
                    "state", state(branch),
                    "action", cell(branch.path("action").asText("")),
                    "only-on-private",
                            Integer.toString(branch.path("onlyOnPrivate").asInt(0)),
                    "only-on-public",
                            Integer.toString(branch.path("onlyOnPublic").asInt(0)),
                    "issue", issue(branch.path("issue")))));
        }
        String verdict =
                verdict(exitCode) + (report.path("dryRun").asBoolean(false) ? " Dry run: nothing was changed." : "");
        if (report.path("skipped").isTextual()) {
            // the event that started the job needs no sync (a push to another branch, say): the CLI said why
            verdict = "**Nothing to do**: " + cell(report.path("skipped").asText());
        }
        return PAGE.render(Map.of(
                "pair", cell(report.path("pair").asText("")),
                "verdict", verdict,
                "rows", rows.toString().stripTrailing()));
    }

    private static String verdict(int exitCode) {
        return switch (exitCode) {
            case 0 -> "**In sync** (exit code 0): every branch is in sync or was synced.";
            case 3 ->
                "**Needs a human** (exit code 3): at least one branch diverged, was rewritten or is unrelated."
                        + " Nothing was forced; its issue says how to resolve it.";
            case 2 -> "**Usage or configuration error** (exit code 2): see the step's log.";
            default -> "**Failed** (exit code " + exitCode + "): see the step's log; nothing was forced.";
        };
    }

    private static String state(JsonNode branch) {
        JsonNode state = branch.path("state");
        if (state.isTextual()) {
            return cell(state.asText());
        }
        JsonNode failure = branch.path("failure");
        return "failed" + (failure.isTextual() ? " (" + cell(failure.asText()) + ")" : "");
    }

    private static String issue(JsonNode issue) {
        JsonNode ref = issue.path("ref");
        if (!ref.isTextual()) {
            return "";
        }
        String action = issue.path("action").asText("NONE");
        String what = action.equals("NONE") ? "open" : action.toLowerCase(Locale.ROOT);
        String name = "#" + cell(ref.asText());
        JsonNode url = issue.path("url");
        String link = url.isTextual() && isLink(url.asText()) ? "[" + name + "](" + url.asText() + ")" : name;
        return link + " " + what;
    }

    /** Only plain http(s) and file links, with nothing that could end the Markdown link early. */
    private static boolean isLink(String url) {
        return url.matches("(https?|file):[^\\s()<>\\[\\]|`]+");
    }

    /**
     * A table cell: the values here are enum names, numbers, branch names and issue ids, but the report is read
     * back from a file, so anything that could break the table or add markup is escaped anyway.
     */
    private static String cell(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints().limit(200).forEach(cp -> {
            switch (cp) {
                case '|', '\\', '`', '*', '_', '[', ']', '(', ')', '<', '>' ->
                    out.append('\\').appendCodePoint(cp);
                case '\n', '\r', '\t' -> out.append(' ');
                default -> out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}
