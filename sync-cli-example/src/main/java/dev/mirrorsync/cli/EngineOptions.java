package dev.mirrorsync.cli;

import picocli.CommandLine.Option;

/** Where issues go, where watermarks are kept, and where the local cache lives. */
final class EngineOptions {
    @Option(names = "--tracker", paramLabel = "none|file:DIR|github:OWNER/REPO|ID:ARGS", defaultValue = "none",
            description = "Where problems that need a human are filed (default: ${DEFAULT-VALUE}).")
    String tracker;

    @Option(names = "--tracker-endpoint", paramLabel = "URL",
            description = "The tracker's API endpoint, for GitHub Enterprise (default: https://api.github.com).")
    String trackerEndpoint;

    @Option(names = "--tracker-token-env", paramLabel = "VAR", defaultValue = "GITHUB_TOKEN",
            description = "The environment variable holding the tracker's token (default: ${DEFAULT-VALUE}).")
    String trackerTokenEnv;

    @Option(names = "--state", paramLabel = "ref|file:PATH|none", defaultValue = "ref",
            description = "Where each branch's watermark is kept: a ref on the private side, a file, or nowhere (default: ${DEFAULT-VALUE}).")
    String state;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "The local bare cache, reused across runs (default: a directory under ~/.cache/mirror-sync).")
    String cache;
}
