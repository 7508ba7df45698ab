package dev.mirrorsync.cli;

import dev.mirrorsync.core.MirrorPair;
import dev.mirrorsync.core.RepoLocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The repositories and branches of a pair, and where their tokens come from. */
final class PairOptions {
    @Option(names = "--private", required = true, paramLabel = "URL",
            description = "The private repository: https://…, ssh://…, file://… or a local path.")
    String privateUrl;

    @Option(names = "--public", required = true, paramLabel = "URL", description = "The public repository.")
    String publicUrl;

    @Option(names = "--branch", paramLabel = "NAME", description = "A branch to sync (repeatable; default: main).")
    List<String> branches = new ArrayList<>();

    @Option(names = "--name", paramLabel = "PAIR",
            description = "A stable name for the pair: keys its issues and watermarks (default: from the public URL).")
    String name;

    @Option(names = "--private-token-env", paramLabel = "VAR", defaultValue = "MIRROR_SYNC_PRIVATE_TOKEN",
            description = "The environment variable holding the private side's HTTPS token (default: ${DEFAULT-VALUE}).")
    String privateTokenEnv;

    @Option(names = "--public-token-env", paramLabel = "VAR", defaultValue = "MIRROR_SYNC_PUBLIC_TOKEN",
            description = "The environment variable holding the public side's HTTPS token (default: ${DEFAULT-VALUE}).")
    String publicTokenEnv;

    /**
     * @throws IllegalArgumentException for a URL or branch name that git would not accept, or that embeds credentials
     */
    MirrorPair toPair(Console console) {
        return MirrorPair.builder()
                .name(name != null ? name : defaultName(publicUrl))
                .privateRepo(location(privateUrl, privateTokenEnv, console))
                .publicRepo(location(publicUrl, publicTokenEnv, console))
                .branches(branches.isEmpty() ? List.of("main") : branches)
                .build();
    }

    private static RepoLocation location(String url, String tokenEnv, Console console) {
        RepoLocation plain = RepoLocation.of(url);
        boolean http = plain.scheme().equals("https") || plain.scheme().equals("http");
        Optional<String> token = http ? console.env(tokenEnv) : Optional.empty();
        return RepoLocation.of(url, token);
    }

    /** The public repository's last path component without {@code .git}, made safe for a pair name. */
    static String defaultName(String publicUrl) {
        String trimmed = publicUrl.replaceAll("[/\\\\]+$", "");
        String last = trimmed.substring(Math.max(trimmed.lastIndexOf('/'), Math.max(trimmed.lastIndexOf(':'), trimmed.lastIndexOf('\\'))) + 1);
        if (last.toLowerCase(Locale.ROOT).endsWith(".git")) {
            last = last.substring(0, last.length() - 4);
        }
        String safe = last.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
        return safe.isEmpty() ? "mirror" : safe.substring(0, Math.min(safe.length(), 100));
    }
}
