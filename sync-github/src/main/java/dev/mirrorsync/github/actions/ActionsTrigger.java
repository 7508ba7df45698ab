package dev.mirrorsync.github.actions;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mirrorsync.core.BranchNames;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.MirrorSyncException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * Whether the GitHub Actions event that started a job should run a sync, and why, in one line.
 *
 * <p>Reads {@code GITHUB_EVENT_NAME} and the JSON payload at {@code GITHUB_EVENT_PATH}, as the seed's hand-written
 * jobs checked them: a {@code pull_request} (or {@code pull_request_target}) runs only when it was closed by a merge
 * into a synced branch ({@code merged} must be a JSON boolean); a {@code push} only to a synced branch, and not when it
 * deleted the branch; {@code schedule}, {@code workflow_dispatch} and
 * {@code repository_dispatch} always. Anything else, and a pull request closed without merging, is a clean no-op
 * with its {@link #reason()}.
 *
 * <pre>{@code
 * ActionsTrigger trigger = ActionsTrigger.fromEnvironment(System.getenv(), List.of("main"));
 * if (!trigger.shouldSync()) {
 *     System.out.println(trigger.reason());   // "pull request #12 was closed without merging: nothing to sync"
 *     return;
 * }
 * }</pre>
 *
 * <p>A missing, unreadable, oversized (over {@value #MAX_PAYLOAD_BYTES} bytes) or malformed payload is a
 * {@link MirrorSyncException} with {@code INVALID_INPUT}. Values are immutable and thread-safe.
 */
@Value.Immutable
public abstract class ActionsTrigger {
    /** GitHub caps webhook payloads at 25 MB; a larger file is not an event payload. */
    public static final long MAX_PAYLOAD_BYTES = 25L * 1024 * 1024;

    private static final String HEADS = "refs/heads/";
    private static final List<String> PULL_REQUEST_EVENTS = List.of("pull_request", "pull_request_target");
    private static final List<String> ALWAYS = List.of("schedule", "workflow_dispatch", "repository_dispatch");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    ActionsTrigger() {}

    /** {@code GITHUB_EVENT_NAME}: {@code push}, {@code pull_request}, {@code schedule}, … */
    public abstract String eventName();

    public abstract boolean shouldSync();

    /** One line saying what happens and why, with any value from the payload made printable. */
    public abstract String reason();

    /** The synced branch the event concerns, when it names one (a push or a merged pull request). */
    public abstract Optional<String> branch();

    /**
     * Reads {@code GITHUB_EVENT_NAME} and {@code GITHUB_EVENT_PATH} from {@code environment} (pass
     * {@code System.getenv()} in a job).
     *
     * @param syncedBranches the branches the job keeps in sync, at least one
     * @throws MirrorSyncException {@code INVALID_INPUT} when a variable is missing or the payload is unusable
     */
    public static ActionsTrigger fromEnvironment(Map<String, String> environment, Collection<String> syncedBranches) {
        String name = environment.get("GITHUB_EVENT_NAME");
        if (name == null || name.isBlank()) {
            throw new MirrorSyncException(
                    Reason.INVALID_INPUT,
                    "GITHUB_EVENT_NAME is not set: this is not a GitHub Actions job, or the variable was cleared");
        }
        String path = environment.get("GITHUB_EVENT_PATH");
        if (path == null || path.isBlank()) {
            throw new MirrorSyncException(
                    Reason.INVALID_INPUT,
                    "GITHUB_EVENT_PATH is not set: GitHub Actions names the event payload file in it");
        }
        Path payload;
        try {
            payload = Path.of(path);
        } catch (InvalidPathException e) {
            throw new MirrorSyncException(
                    Reason.INVALID_INPUT, "GITHUB_EVENT_PATH is not a file name: " + Text.printable(path));
        }
        return of(name.strip(), payload, syncedBranches);
    }

    /**
     * Decides for the event {@code eventName} whose payload is the file {@code payload}.
     *
     * @throws MirrorSyncException {@code INVALID_INPUT} when the payload is missing, too large or malformed, or a
     *     synced branch name is not valid
     */
    public static ActionsTrigger of(String eventName, Path payload, Collection<String> syncedBranches) {
        List<String> branches = checkBranches(syncedBranches);
        JsonNode event = read(payload);
        String synced = String.join(", ", branches);
        if (PULL_REQUEST_EVENTS.contains(eventName)) {
            return pullRequest(eventName, event, branches, synced);
        }
        if (eventName.equals("push")) {
            return push(event, branches, synced);
        }
        if (ALWAYS.contains(eventName)) {
            String why = switch (eventName) {
                case "schedule" -> "scheduled run";
                case "workflow_dispatch" -> "started by hand (workflow_dispatch)";
                default -> "started by a repository_dispatch event";
            };
            return decision(eventName, true, why + ": syncing " + synced, Optional.empty());
        }
        return decision(
                eventName,
                false,
                "event '" + Text.printable(eventName) + "' does not start a sync (push, "
                        + String.join(", ", PULL_REQUEST_EVENTS) + ", " + String.join(", ", ALWAYS)
                        + " do): nothing to do",
                Optional.empty());
    }

    private static ActionsTrigger pullRequest(String eventName, JsonNode event, List<String> branches, String synced) {
        JsonNode pr = event.path("pull_request");
        if (!pr.isObject()) {
            throw malformed(eventName, "it has no \"pull_request\" object");
        }
        String action = text(event, "action", eventName);
        long number = event.path("number").canConvertToLong()
                ? event.path("number").asLong()
                : pr.path("number").asLong(0);
        String base = text(pr.path("base"), "ref", eventName + " (pull_request.base)");
        String which = "pull request #" + number;
        if (!action.equals("closed")) {
            return decision(
                    eventName,
                    false,
                    which + " was " + Text.printable(action) + ", not merged: nothing to sync",
                    Optional.empty());
        }
        if (!bool(pr, "merged", eventName + " (pull_request.merged)")) {
            return decision(eventName, false, which + " was closed without merging: nothing to sync", Optional.empty());
        }
        if (!branches.contains(base)) {
            return decision(
                    eventName,
                    false,
                    which + " was merged into '" + Text.printable(base) + "', which is not a synced branch (" + synced
                            + "): nothing to sync",
                    Optional.empty());
        }
        return decision(eventName, true, which + " was merged into " + base + ": syncing " + synced, Optional.of(base));
    }

    private static ActionsTrigger push(JsonNode event, List<String> branches, String synced) {
        String ref = text(event, "ref", "push");
        if (!ref.startsWith(HEADS)) {
            return decision(
                    "push",
                    false,
                    "push to '" + Text.printable(ref) + "', which is not a branch: nothing to do",
                    Optional.empty());
        }
        String branch = ref.substring(HEADS.length());
        if (!branches.contains(branch)) {
            return decision(
                    "push",
                    false,
                    "push to '" + Text.printable(branch) + "', which is not a synced branch (" + synced
                            + "): nothing to do",
                    Optional.empty());
        }
        if (event.has("deleted") && bool(event, "deleted", "push")) {
            // With no watermark, a sync would re-create the branch from the other side: a deletion is for a human.
            return decision(
                    "push",
                    false,
                    "branch " + branch + " was deleted by this push: nothing to sync (a deletion"
                            + " is never mirrored; delete it on the other side too, or push it again)",
                    Optional.of(branch));
        }
        return decision("push", true, "push to " + branch + ": syncing " + synced, Optional.of(branch));
    }

    private static ActionsTrigger decision(String event, boolean sync, String reason, Optional<String> branch) {
        return new Builder()
                .eventName(event)
                .shouldSync(sync)
                .reason(reason)
                .branch(branch)
                .build();
    }

    private static List<String> checkBranches(Collection<String> syncedBranches) {
        if (syncedBranches == null || syncedBranches.isEmpty()) {
            throw new MirrorSyncException(Reason.INVALID_INPUT, "name at least one synced branch");
        }
        List<String> out = new ArrayList<>();
        for (String name : syncedBranches) {
            try {
                out.add(BranchNames.check(name));
            } catch (IllegalArgumentException e) {
                throw new MirrorSyncException(Reason.INVALID_INPUT, e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    private static JsonNode read(Path payload) {
        String where = "the event payload " + Text.printable(payload.toString());
        if (!Files.exists(payload)) {
            throw new MirrorSyncException(Reason.INVALID_INPUT, where + " does not exist (GITHUB_EVENT_PATH)");
        }
        if (!Files.isRegularFile(payload)) {
            throw new MirrorSyncException(Reason.INVALID_INPUT, where + " is not a regular file");
        }
        try {
            long size = Files.size(payload);
            if (size > MAX_PAYLOAD_BYTES) {
                throw new MirrorSyncException(
                        Reason.INVALID_INPUT,
                        where + " is " + size + " bytes, over the " + MAX_PAYLOAD_BYTES + " a GitHub event can be");
            }
            JsonNode json;
            // Read at most the limit even if the file grows after the size check.
            try (InputStream in = Files.newInputStream(payload)) {
                byte[] bytes = in.readNBytes((int) MAX_PAYLOAD_BYTES + 1);
                if (bytes.length > MAX_PAYLOAD_BYTES) {
                    throw new MirrorSyncException(
                            Reason.INVALID_INPUT,
                            where + " is over the " + MAX_PAYLOAD_BYTES + " bytes a GitHub event can be");
                }
                json = JSON.readTree(bytes);
            }
            if (json == null || !json.isObject()) {
                throw new MirrorSyncException(Reason.INVALID_INPUT, where + " is not a JSON object");
            }
            return json;
        } catch (JsonProcessingException e) {
            String location = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            throw new MirrorSyncException(Reason.INVALID_INPUT, where + " is not valid JSON" + location, e);
        } catch (IOException e) {
            throw new MirrorSyncException(
                    Reason.INVALID_INPUT,
                    where + " cannot be read: " + e.getClass().getSimpleName(),
                    e);
        }
    }

    private static String text(JsonNode node, String field, String event) {
        JsonNode value = node.path(field);
        if (!value.isTextual()) {
            throw malformed(event, "it has no text field \"" + field + "\"");
        }
        return value.asText();
    }

    /** A JSON boolean, as GitHub's schema has it: a string such as {@code "true"} is not one. */
    private static boolean bool(JsonNode node, String field, String event) {
        JsonNode value = node.path(field);
        if (!value.isBoolean()) {
            throw malformed(event, "its field \"" + field + "\" is not a JSON boolean (true or false)");
        }
        return value.booleanValue();
    }

    private static MirrorSyncException malformed(String event, String what) {
        return new MirrorSyncException(
                Reason.INVALID_INPUT,
                "the " + Text.printable(event) + " event payload is not one GitHub sends: " + what);
    }

    static final class Builder extends ImmutableActionsTrigger.Builder {}
}
