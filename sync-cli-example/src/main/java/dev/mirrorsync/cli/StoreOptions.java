package dev.mirrorsync.cli;

import picocli.CommandLine.Option;

/** Where watermarks are kept and where the local cache lives: what every command that observes a pair reads. */
class StoreOptions {
    @Option(
            names = "--state",
            paramLabel = "ref|file:PATH|none",
            defaultValue = "ref",
            description =
                    "Where each branch's watermark is kept: a ref on the private side, a file, or nowhere (default: ${DEFAULT-VALUE}).")
    String state;

    @Option(
            names = "--cache",
            paramLabel = "DIR",
            description = "The local bare cache, reused across runs (default: a directory under ~/.cache/mirror-sync).")
    String cache;

    @Option(
            names = "--backend",
            paramLabel = "jgit|git|auto",
            defaultValue = "auto",
            description = {
                "How git is spoken: jgit (embedded, needs nothing installed), git (the git command, 2.38 or newer),",
                "or auto: git when a suitable one is on PATH, else jgit (default: ${DEFAULT-VALUE})."
            })
    String backend;
}
