package dev.mirrorsync.jgit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mirrorsync.core.spi.PushResult;
import java.util.EnumMap;
import java.util.Map;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.junit.jupiter.api.Test;

class PushStatusesTest {
    @Test
    void everyJGitStatusIsMappedAndDescribed() {
        Map<RemoteRefUpdate.Status, PushResult.Status> mapped = new EnumMap<>(RemoteRefUpdate.Status.class);
        for (RemoteRefUpdate.Status status : RemoteRefUpdate.Status.values()) {
            mapped.put(status, PushStatuses.map(status));
            assertThat(PushStatuses.describe(status))
                    .as("description of %s", status)
                    .isNotBlank();
        }
        assertThat(mapped).hasSize(RemoteRefUpdate.Status.values().length).doesNotContainValue(null);
    }

    @Test
    void onlyUpdatedAndUpToDateAreSuccesses() {
        for (RemoteRefUpdate.Status status : RemoteRefUpdate.Status.values()) {
            boolean success = status == RemoteRefUpdate.Status.OK || status == RemoteRefUpdate.Status.UP_TO_DATE;
            assertThat(PushStatuses.map(status).isSuccess()).as("%s", status).isEqualTo(success);
        }
    }

    @Test
    void theDecisiveStatusesMapAsTheEngineExpects() {
        assertThat(PushStatuses.map(RemoteRefUpdate.Status.OK)).isEqualTo(PushResult.Status.OK);
        assertThat(PushStatuses.map(RemoteRefUpdate.Status.UP_TO_DATE)).isEqualTo(PushResult.Status.UP_TO_DATE);
        assertThat(PushStatuses.map(RemoteRefUpdate.Status.REJECTED_REMOTE_CHANGED))
                .isEqualTo(PushResult.Status.REJECTED_STALE_LEASE);
        assertThat(PushStatuses.map(RemoteRefUpdate.Status.REJECTED_NONFASTFORWARD))
                .isEqualTo(PushResult.Status.REJECTED_NON_FAST_FORWARD);
        assertThat(PushStatuses.map(RemoteRefUpdate.Status.REJECTED_OTHER_REASON))
                .isEqualTo(PushResult.Status.REJECTED_OTHER);
        assertThat(PushStatuses.map(RemoteRefUpdate.Status.AWAITING_REPORT))
                .isEqualTo(PushResult.Status.REJECTED_OTHER);
    }
}
