package dev.mirrorsync.cli;

import picocli.CommandLine.Option;

/** How results are printed. */
final class OutputOptions {
    @Option(names = "--json", description = "Print one JSON object instead of lines for people.")
    boolean json;
}
