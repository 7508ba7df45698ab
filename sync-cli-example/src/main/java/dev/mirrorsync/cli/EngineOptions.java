package dev.mirrorsync.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Where issues go, and (from {@link StoreOptions}) where watermarks are kept and where the local cache lives. */
final class EngineOptions extends StoreOptions {
    static final String TRACKER_TOKEN_ENV = "GITHUB_TOKEN";

    @Option(names = "--tracker", paramLabel = "none|file:DIR|github:OWNER/REPO|ID:ARGS", defaultValue = "none",
            description = "Where problems that need a human are filed (default: ${DEFAULT-VALUE}).")
    String tracker;

    @Option(names = "--tracker-endpoint", paramLabel = "URL",
            description = "The tracker's API endpoint, for GitHub Enterprise (default: https://api.github.com).")
    String trackerEndpoint;

    @Option(names = "--tracker-token-env", paramLabel = "VAR", defaultValue = TRACKER_TOKEN_ENV,
            description = "The environment variable holding the tracker's token (default: ${DEFAULT-VALUE}).")
    String trackerTokenEnv;

    @Option(names = "--tracker-path", paramLabel = "DIR_OR_JAR",
            description = {"Where to find more trackers (repeatable): a jar, or a directory of jars, with an IssueTrackerProvider",
                "listed in META-INF/services. Also read: the plugins/ directory beside the mirror-sync jar."})
    List<String> trackerPath = new ArrayList<>();

    /** For read-only commands: the store options given, and no tracker. */
    static EngineOptions withoutTracker(StoreOptions store) {
        EngineOptions engine = new EngineOptions();
        engine.state = store.state;
        engine.cache = store.cache;
        engine.backend = store.backend;
        engine.tracker = "none";
        return engine;
    }
}
