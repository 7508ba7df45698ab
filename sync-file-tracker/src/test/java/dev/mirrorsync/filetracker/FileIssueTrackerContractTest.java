package dev.mirrorsync.filetracker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mirrorsync.core.spi.IssueRef;
import dev.mirrorsync.core.spi.IssueTracker;
import dev.mirrorsync.testing.IssueTrackerContract;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileIssueTrackerContractTest extends IssueTrackerContract {
    @TempDir
    Path dir;

    @Override
    protected IssueTracker newTracker() {
        return new FileIssueTracker(dir.resolve("issues"));
    }

    @Test
    void writesTheContractsFileShape() throws Exception {
        FileIssueTracker tracker = new FileIssueTracker(dir.resolve("shape"));
        IssueRef ref = tracker.open(draft("mirror-sync:pair:main", "main diverged", "body"));
        tracker.close(ref, "Back in sync.");

        JsonNode file = new ObjectMapper()
                .readTree(dir.resolve("shape").resolve(ref.id() + ".json").toFile());
        assertThat(file.fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("number", "title", "body", "labels", "state", "comments");
        assertThat(file.path("number").isInt()).isTrue();
        assertThat(file.path("state").asText()).isEqualTo("closed");
        assertThat(file.path("comments").get(0).asText()).isEqualTo("Back in sync.");
        assertThat(tracker.isPubliclyVisible()).isFalse();
    }
}
