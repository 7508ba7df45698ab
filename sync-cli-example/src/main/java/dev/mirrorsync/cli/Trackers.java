package dev.mirrorsync.cli;

import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.PrintableText;
import dev.mirrorsync.core.spi.IssueTracker;
import dev.mirrorsync.core.spi.IssueTrackerProvider;
import dev.mirrorsync.core.spi.TrackerConfig;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/** Finds issue trackers on the class path ({@link ServiceLoader}), so a jar beside mirror-sync adds one. */
final class Trackers {
    private Trackers() {}

    static List<IssueTrackerProvider> available() {
        return ServiceLoader.load(IssueTrackerProvider.class).stream()
                .map(ServiceLoader.Provider::get)
                .sorted((a, b) -> a.id().compareTo(b.id()))
                .toList();
    }

    /** {@code none}, or {@code ID} / {@code ID:ARGS} of an available provider. */
    static Optional<IssueTracker> create(String spec, EngineOptions options, Console console) {
        if (spec.equals("none")) {
            return Optional.empty();
        }
        int colon = spec.indexOf(':');
        String id = colon < 0 ? spec : spec.substring(0, colon);
        String args = colon < 0 ? "" : spec.substring(colon + 1);
        List<IssueTrackerProvider> providers = available();
        IssueTrackerProvider provider = providers.stream()
                .filter(p -> p.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new MirrorSyncException(MirrorSyncException.Reason.INVALID_INPUT,
                        "No issue tracker '" + PrintableText.of(id) + "'. Available: none, "
                                + String.join(", ", providers.stream().map(IssueTrackerProvider::id).toList())));
        TrackerConfig config = TrackerConfig.builder()
                .args(args)
                .endpoint(Optional.ofNullable(options.trackerEndpoint))
                .token(console.env(options.trackerTokenEnv))
                .tokenVariable(options.trackerTokenEnv)
                .build();
        return Optional.of(provider.create(config));
    }
}
