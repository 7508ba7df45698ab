package dev.mirrorsync.github.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.MirrorSyncException.Reason;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Payloads shaped like the ones GitHub documents for each event (trimmed to the fields that matter, plus some that don't). */
class ActionsTriggerTest {
    private static final List<String> SYNCED = List.of("main", "release/1.0");

    @TempDir
    Path dir;

    private Path payload(String json) throws IOException {
        Path file = Files.createTempFile(dir, "event", ".json");
        Files.writeString(file, json);
        return file;
    }

    private static String pullRequest(String action, boolean merged, String base) {
        return """
                {
                  "action": "%s",
                  "number": 12,
                  "pull_request": {
                    "url": "https://api.github.com/repos/acme/cookbooks/pulls/12",
                    "number": 12,
                    "state": "closed",
                    "title": "Fix the soup recipe",
                    "merged": %s,
                    "merge_commit_sha": "6dcb09b5b57875f334f61aebed695e2e4193db5e",
                    "head": {"ref": "fix-soup", "sha": "e5bd3914e2e596debea16f433f57875b5b90bcd6"},
                    "base": {"ref": "%s", "sha": "8e5c6f21a1ad0dcfa8d1c5e8e4b6f1e7d1b2c3a4"}
                  },
                  "repository": {"full_name": "acme/cookbooks", "private": false},
                  "sender": {"login": "octocat"}
                }
                """.formatted(action, merged, base);
    }

    private ActionsTrigger decide(String event, String json) throws IOException {
        return ActionsTrigger.of(event, payload(json), SYNCED);
    }

    @Test
    void aPullRequestMergedIntoASyncedBranchSyncs() throws IOException {
        ActionsTrigger trigger = decide("pull_request", pullRequest("closed", true, "main"));

        assertThat(trigger.shouldSync()).isTrue();
        assertThat(trigger.eventName()).isEqualTo("pull_request");
        assertThat(trigger.branch()).contains("main");
        assertThat(trigger.reason()).isEqualTo("pull request #12 was merged into main: syncing main, release/1.0");
    }

    @Test
    void pullRequestTargetIsReadLikePullRequest() throws IOException {
        assertThat(decide("pull_request_target", pullRequest("closed", true, "release/1.0"))
                        .shouldSync())
                .isTrue();
        assertThat(decide("pull_request_target", pullRequest("closed", false, "release/1.0"))
                        .shouldSync())
                .isFalse();
    }

    @Test
    void aPullRequestClosedWithoutMergingIsACleanNoOp() throws IOException {
        ActionsTrigger trigger = decide("pull_request", pullRequest("closed", false, "main"));

        assertThat(trigger.shouldSync()).isFalse();
        assertThat(trigger.branch()).isEmpty();
        assertThat(trigger.reason()).isEqualTo("pull request #12 was closed without merging: nothing to sync");
    }

    @Test
    void aPullRequestMergedIntoAnotherBranchIsACleanNoOp() throws IOException {
        ActionsTrigger trigger = decide("pull_request", pullRequest("closed", true, "develop"));

        assertThat(trigger.shouldSync()).isFalse();
        assertThat(trigger.reason())
                .isEqualTo(
                        "pull request #12 was merged into 'develop', which is not a synced branch (main, release/1.0): nothing to sync");
    }

    @Test
    void aPullRequestThatWasOnlyOpenedDoesNotSync() throws IOException {
        ActionsTrigger trigger = decide("pull_request", pullRequest("opened", false, "main"));

        assertThat(trigger.shouldSync()).isFalse();
        assertThat(trigger.reason()).contains("opened, not merged");
    }

    @Test
    void aHostileBranchNameInThePayloadStaysOnOneLine() throws IOException {
        ActionsTrigger trigger = decide("pull_request", pullRequest("closed", true, "evil\\nsyncing main"));

        assertThat(trigger.shouldSync()).isFalse();
        assertThat(trigger.reason()).doesNotContain("\n").contains("evil\\u000asyncing main");
    }

    @Test
    void aPushToASyncedBranchSyncsAndOtherPushesDoNot() throws IOException {
        String push = """
                {"ref": "%s", "before": "0000000000000000000000000000000000000000",
                 "after": "6dcb09b5b57875f334f61aebed695e2e4193db5e", "deleted": false, "forced": false,
                 "repository": {"full_name": "acme/cookbooks-private"}, "pusher": {"name": "octocat"}}
                """;
        ActionsTrigger toMain = decide("push", push.formatted("refs/heads/release/1.0"));
        assertThat(toMain.shouldSync()).isTrue();
        assertThat(toMain.branch()).contains("release/1.0");

        ActionsTrigger toFeature = decide("push", push.formatted("refs/heads/feature"));
        assertThat(toFeature.shouldSync()).isFalse();
        assertThat(toFeature.reason()).contains("'feature'", "not a synced branch");

        ActionsTrigger tag = decide("push", push.formatted("refs/tags/v1.0"));
        assertThat(tag.shouldSync()).isFalse();
        assertThat(tag.reason()).contains("not a branch");
    }

    @Test
    void scheduleAndWorkflowDispatchAlwaysSync() throws IOException {
        ActionsTrigger schedule = decide("schedule", "{\"schedule\": \"0 8 * * *\"}");
        assertThat(schedule.shouldSync()).isTrue();
        assertThat(schedule.reason()).isEqualTo("scheduled run: syncing main, release/1.0");

        ActionsTrigger dispatch = decide(
                "workflow_dispatch",
                "{\"inputs\": {}, \"ref\": \"refs/heads/main\", \"repository\": {\"full_name\": \"acme/cookbooks-private\"}}");
        assertThat(dispatch.shouldSync()).isTrue();
        assertThat(dispatch.reason()).contains("by hand");
    }

    @Test
    void otherEventsDoNotStartASync() throws IOException {
        ActionsTrigger trigger = decide("issues", "{\"action\": \"opened\", \"issue\": {\"number\": 3}}");

        assertThat(trigger.shouldSync()).isFalse();
        assertThat(trigger.reason()).startsWith("event 'issues' does not start a sync");
    }

    @Test
    void readsTheEventFromTheEnvironmentItIsGiven() throws IOException {
        Path file = payload(pullRequest("closed", true, "main"));

        ActionsTrigger trigger = ActionsTrigger.fromEnvironment(
                Map.of("GITHUB_EVENT_NAME", "pull_request", "GITHUB_EVENT_PATH", file.toString()), List.of("main"));

        assertThat(trigger.shouldSync()).isTrue();
    }

    private MirrorSyncException invalid(Runnable call) {
        MirrorSyncException e = catchThrowableOfType(MirrorSyncException.class, call::run);
        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT);
        return e;
    }

    @Test
    void aMissingVariableIsInvalidInput() {
        assertThat(invalid(() -> ActionsTrigger.fromEnvironment(Map.of(), SYNCED))
                        .getMessage())
                .contains("GITHUB_EVENT_NAME");
        assertThat(invalid(() -> ActionsTrigger.fromEnvironment(Map.of("GITHUB_EVENT_NAME", "push"), SYNCED))
                        .getMessage())
                .contains("GITHUB_EVENT_PATH");
    }

    @Test
    void aMissingPayloadFileIsInvalidInput() {
        Path missing = dir.resolve("event.json");

        MirrorSyncException e = invalid(() -> ActionsTrigger.of("schedule", missing, SYNCED));

        assertThat(e.getMessage()).contains(missing.toString(), "does not exist");
        assertThat(invalid(() -> ActionsTrigger.of("schedule", dir, SYNCED)).getMessage())
                .contains("not a regular file");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"action\": \"closed\",",
                "not json",
                "",
                "[1, 2]",
                "{\"a\": 1} {\"b\": 2}",
                "{\"action\": \"closed\", \"action\": \"opened\"}"
            })
    void aMalformedPayloadIsInvalidInput(String json) throws IOException {
        Path file = payload(json);

        MirrorSyncException e = invalid(() -> ActionsTrigger.of("push", file, SYNCED));

        assertThat(e.getMessage()).contains(file.toString());
    }

    @Test
    void aMalformedPayloadSaysWhere() throws IOException {
        Path file = payload("{\n  \"ref\": \"refs/heads/main\",\n  oops\n}");

        assertThat(invalid(() -> ActionsTrigger.of("push", file, SYNCED)).getMessage())
                .contains("not valid JSON", "line 3");
    }

    @Test
    void aPayloadWithoutTheFieldsOfItsEventIsInvalidInput() throws IOException {
        Path noPullRequest = payload("{\"action\": \"closed\", \"number\": 1}");
        assertThat(invalid(() -> ActionsTrigger.of("pull_request", noPullRequest, SYNCED))
                        .getMessage())
                .contains("pull_request");

        Path noBase = payload("{\"action\": \"closed\", \"pull_request\": {\"merged\": true}}");
        assertThat(invalid(() -> ActionsTrigger.of("pull_request", noBase, SYNCED))
                        .getMessage())
                .contains("\"ref\"");

        Path noRef = payload("{\"after\": \"abc\"}");
        assertThat(invalid(() -> ActionsTrigger.of("push", noRef, SYNCED)).getMessage())
                .contains("\"ref\"");
    }

    @Test
    void anOversizedPayloadIsRefusedBeforeItIsRead() throws IOException {
        Path huge = dir.resolve("huge.json");
        try (RandomAccessFile file = new RandomAccessFile(huge.toFile(), "rw")) {
            file.setLength(ActionsTrigger.MAX_PAYLOAD_BYTES + 1); // sparse: costs no disk
        }

        assertThat(invalid(() -> ActionsTrigger.of("schedule", huge, SYNCED)).getMessage())
                .contains("bytes");
    }

    @Test
    void syncedBranchesAreChecked() throws IOException {
        Path file = payload("{}");
        assertThat(invalid(() -> ActionsTrigger.of("schedule", file, List.of())).getMessage())
                .contains("at least one");
        assertThat(invalid(() -> ActionsTrigger.of("schedule", file, List.of("-x")))
                        .getMessage())
                .contains("'-x'");
    }

    /** A real payload excerpt (see resources/actions-events/README.md) with some fields replaced. */
    private Path realPayload(String name, Map<String, Object> replace, String... objectPath) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root;
        try (var in = ActionsTriggerTest.class.getResourceAsStream("/actions-events/" + name)) {
            root = (ObjectNode) json.readTree(in);
        }
        ObjectNode target = root;
        for (String step : objectPath) {
            target = (ObjectNode) target.get(step);
        }
        for (Map.Entry<String, Object> field : replace.entrySet()) {
            target.set(field.getKey(), json.valueToTree(field.getValue()));
        }
        return payload(json.writeValueAsString(root));
    }

    /* GitHub's schema has a boolean "merged": a string, even "true", is a payload GitHub does not send. */
    @ParameterizedTest
    @ValueSource(strings = {"true", "yes", "1"})
    void aMergedFlagThatIsNotAJsonBooleanIsAMalformedPayload(String merged) throws IOException {
        Path file = realPayload("pull_request-closed.json", Map.of("merged", merged), "pull_request");
        MirrorSyncException e = catchThrowableOfType(
                MirrorSyncException.class, () -> ActionsTrigger.of("pull_request", file, List.of("master")));
        assertThat(e).as("merged = \"" + merged + "\"").isNotNull();
        assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT);
        assertThat(e.getMessage()).contains("\"merged\"").contains("boolean");
    }

    @Test
    void theRealClosedPullRequestPayloadReadsAsMergedOrNot() throws IOException {
        Path unmerged = realPayload("pull_request-closed.json", Map.of(), "pull_request");
        assertThat(ActionsTrigger.of("pull_request", unmerged, List.of("master"))
                        .shouldSync())
                .isFalse();
        Path merged = realPayload("pull_request-closed.json", Map.of("merged", true), "pull_request");
        ActionsTrigger trigger = ActionsTrigger.of("pull_request", merged, List.of("master"));
        assertThat(trigger.shouldSync()).isTrue();
        assertThat(trigger.branch()).contains("master");
    }

    /* A branch deletion must not run a sync: with no watermark, it would re-create the branch just deleted. */
    @Test
    void aPushThatDeletesASyncedBranchIsANoOpWithItsReason() throws IOException {
        Path file = realPayload("push-deleted.json", Map.of("ref", "refs/heads/main"));
        ActionsTrigger trigger = ActionsTrigger.of("push", file, SYNCED);
        assertThat(trigger.shouldSync()).isFalse();
        assertThat(trigger.branch()).contains("main");
        assertThat(trigger.reason()).contains("main").contains("deleted").contains("nothing to sync");
    }

    @Test
    void aDeletedFlagThatIsNotABooleanIsAMalformedPayload() throws IOException {
        Path file = realPayload("push-deleted.json", Map.of("ref", "refs/heads/main", "deleted", "true"));
        MirrorSyncException e =
                catchThrowableOfType(MirrorSyncException.class, () -> ActionsTrigger.of("push", file, SYNCED));
        assertThat(e).isNotNull();
        assertThat(e.reason()).isEqualTo(Reason.INVALID_INPUT);
        assertThat(e.getMessage()).contains("\"deleted\"");
    }
}
