package dev.mirrorsync.cli;

import dev.mirrorsync.core.BranchPattern;
import dev.mirrorsync.core.BranchReport;
import dev.mirrorsync.core.MirrorPair;
import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.RepoLocation;
import dev.mirrorsync.core.Side;
import dev.mirrorsync.core.SyncReport;
import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The repositories and branches of a pair, and where their tokens come from. */
final class PairOptions {
    static final String PRIVATE_TOKEN_ENV = "MIRROR_SYNC_PRIVATE_TOKEN";
    static final String PUBLIC_TOKEN_ENV = "MIRROR_SYNC_PUBLIC_TOKEN";

    @Option(
            names = "--private",
            paramLabel = "URL",
            description =
                    "The private repository: https://…, ssh://…, file://… or a local path (required, unless sync --config).")
    String privateUrl;

    @Option(
            names = "--public",
            paramLabel = "URL",
            description = "The public repository (required, unless sync --config).")
    String publicUrl;

    @Option(
            names = "--branch",
            paramLabel = "NAME",
            description = "A branch to sync, or a pattern ('release/*': * within one path component, ** across them;"
                    + " repeatable; default: main).")
    List<String> branches = new ArrayList<>();

    @Option(
            names = "--exclude",
            paramLabel = "PATTERN",
            description = "Leave out the branches a --branch pattern or --all-branches would select (repeatable).")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--all-branches", description = "Sync every branch on either side (the pattern '**').")
    boolean allBranches;

    @Option(
            names = "--tags",
            description =
                    "Also sync tags: a tag on one side only is created on the other; one that"
                            + " points elsewhere, or was moved or deleted after it was synced, is reported (exit 3), never moved or deleted.")
    boolean tags;

    @Option(
            names = "--name",
            paramLabel = "PAIR",
            description = "A stable name for the pair: keys its issues and watermarks (default: from the public URL).")
    String name;

    @Option(
            names = "--private-token-env",
            paramLabel = "VAR",
            defaultValue = PRIVATE_TOKEN_ENV,
            description =
                    "The environment variable holding the private side's HTTPS token (default: ${DEFAULT-VALUE}).")
    String privateTokenEnv;

    @Option(
            names = "--public-token-env",
            paramLabel = "VAR",
            defaultValue = PUBLIC_TOKEN_ENV,
            description = "The environment variable holding the public side's HTTPS token (default: ${DEFAULT-VALUE}).")
    String publicTokenEnv;

    /**
     * @throws IllegalArgumentException for a URL or branch name that git would not accept, or that embeds credentials,
     *     and for a local path that is missing, a file, or not a git repository
     */
    MirrorPair toPair(Console console) {
        if (privateUrl == null || publicUrl == null) {
            throw new IllegalArgumentException(
                    "Missing required option: " + (privateUrl == null ? "'--private=URL'" : "'--public=URL'")
                            + " (both --private and --public are needed; sync also takes a fleet file: --config FILE)");
        }
        List<String> names =
                branches.stream().filter(b -> !BranchPattern.isPattern(b)).toList();
        List<BranchPattern> patterns = new ArrayList<>(branches.stream()
                .filter(BranchPattern::isPattern)
                .map(BranchPattern::of)
                .toList());
        if (allBranches) {
            patterns.add(BranchPattern.of("**"));
        }
        if (!excludes.isEmpty() && patterns.isEmpty()) {
            throw new IllegalArgumentException(
                    "--exclude leaves out branches a pattern selects, but no --branch pattern"
                            + " or --all-branches was given; add one (for example --all-branches)");
        }
        return MirrorPair.builder()
                .name(name != null ? name : defaultName(publicUrl))
                .privateRepo(location("--private", privateUrl, privateTokenEnv, console))
                .publicRepo(location("--public", publicUrl, publicTokenEnv, console))
                .branches(names.isEmpty() && patterns.isEmpty() ? List.of("main") : names)
                .branchPatterns(patterns)
                .excludedBranches(excludes.stream().map(BranchPattern::of).toList())
                .syncTags(tags)
                .build();
    }

    private static RepoLocation location(String option, String url, String tokenEnv, Console console) {
        RepoLocation plain = RepoLocation.of(url);
        if (plain.scheme().equals("file")) {
            checkLocalRepository(option, plain);
        }
        Optional<String> token = isHttp(plain) ? console.env(tokenEnv) : Optional.empty();
        return RepoLocation.of(url, token);
    }

    private static boolean isHttp(RepoLocation location) {
        return location.scheme().equals("https") || location.scheme().equals("http");
    }

    /**
     * A local repository is never a credentials problem: says what is at the path instead (nothing, a file, a
     * directory that is not a git repository), before anything is touched.
     */
    private static void checkLocalRepository(String option, RepoLocation location) {
        Path path;
        try {
            path = location.url().startsWith("file:") ? Path.of(URI.create(location.url())) : Path.of(location.url());
        } catch (IllegalArgumentException | FileSystemNotFoundException e) {
            return; // file://host/… and other forms git may know better: let git answer
        }
        if (!Files.exists(path)) {
            throw new IllegalArgumentException(
                    option + " " + path + ": nothing is there; give the path of an existing git"
                            + " repository (create one with: git init --bare " + path + ")");
        }
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException(option + " " + path
                    + " is a file, not a git repository; give the path of" + " a repository's directory");
        }
        boolean bare = Files.isRegularFile(path.resolve("HEAD"))
                && Files.isDirectory(path.resolve("objects"))
                && Files.isDirectory(path.resolve("refs"));
        if (!bare && !Files.exists(path.resolve(".git"))) {
            throw new IllegalArgumentException(
                    option + " " + path + " is a directory but not a git repository (no HEAD,"
                            + " objects/ and refs/, and no .git); give the path of a repository, or create one there with: git init --bare");
        }
    }

    /**
     * Adds, to each branch that failed because a remote asked for credentials, the environment variable to set
     * when none was given for that side. The core names no variables; this is where its failure meets the options.
     */
    SyncReport withTokenAdvice(SyncReport report, MirrorPair mirrorPair, Console console) {
        SyncReport.Builder advised = SyncReport.builder().from(report).branches(List.of());
        for (BranchReport branch : report.branches()) {
            advised.addBranches(
                    branch.failure().isPresent()
                            ? BranchReport.builder()
                                    .from(branch)
                                    .message(withTokenAdvice(
                                            branch.failure().get(), branch.message(), mirrorPair, console))
                                    .build()
                            : branch);
        }
        return advised.build();
    }

    /** The message, with the variable to set when the failure is a remote without a token asking for one. */
    String withTokenAdvice(MirrorSyncException.Reason reason, String message, MirrorPair mirrorPair, Console console) {
        if (reason != MirrorSyncException.Reason.AUTHENTICATION && reason != MirrorSyncException.Reason.NOT_FOUND) {
            return message;
        }
        StringBuilder advised = new StringBuilder(message);
        for (Side side : Side.values()) {
            RepoLocation repo = mirrorPair.repo(side);
            String variable = side == Side.PRIVATE ? privateTokenEnv : publicTokenEnv;
            if (isHttp(repo)
                    && repo.token().isEmpty()
                    && message.contains(repo.url())
                    && console.env(variable).isEmpty()) {
                String option = side == Side.PRIVATE ? "--private-token-env" : "--public-token-env";
                advised.append(". No token was given for the ")
                        .append(side.label())
                        .append(" side: set ")
                        .append(variable)
                        .append(" to a token that may read and push to ")
                        .append(repo.url())
                        .append(" (or name another variable with ")
                        .append(option)
                        .append(")");
            }
        }
        return advised.toString();
    }

    /** The public repository's last path component without {@code .git}, made safe for a pair name. */
    static String defaultName(String publicUrl) {
        String trimmed = publicUrl.replaceAll("[/\\\\]+$", "");
        String last = trimmed.substring(
                Math.max(trimmed.lastIndexOf('/'), Math.max(trimmed.lastIndexOf(':'), trimmed.lastIndexOf('\\'))) + 1);
        if (last.toLowerCase(Locale.ROOT).endsWith(".git")) {
            last = last.substring(0, last.length() - 4);
        }
        String safe = last.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
        return safe.isEmpty() ? "mirror" : safe.substring(0, Math.min(safe.length(), 100));
    }
}
