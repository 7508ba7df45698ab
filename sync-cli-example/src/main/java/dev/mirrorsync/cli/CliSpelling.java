package dev.mirrorsync.cli;

import dev.mirrorsync.core.Direction;
import dev.mirrorsync.core.MirrorPair;
import dev.mirrorsync.core.ResolveRequest;
import dev.mirrorsync.core.ResolveStrategy;
import dev.mirrorsync.core.ShellWords;
import dev.mirrorsync.core.Side;
import dev.mirrorsync.core.Spelling;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The library's next steps in the CLI's words: its options ({@code --accept-rewrite}, {@code --direction to-public}),
 * its spelling of choices ({@code prefer-private}), and above all the {@code mirror-sync resolve} command line that an
 * issue prints. Running that command resolves the branch and closes the issue, because it carries every option of the sync that filed it which decides where the pair's state lives
 * ({@code --state}, {@code --name}, {@code --cache}), how git is spoken ({@code --backend}), where its tokens come
 * from, and where the issue is ({@code --tracker} and its settings). Options left at their defaults are left out;
 * relative paths are made absolute, so the command works from any directory; every word is quoted for the shell.
 */
final class CliSpelling implements Spelling {
    private final PairOptions pair;
    private final EngineOptions engine;

    CliSpelling(PairOptions pair, EngineOptions engine) {
        this.pair = pair;
        this.engine = engine;
    }

    @Override
    public String resolveCommand(
            MirrorPair mirrorPair, String branch, ResolveRequest resolution, String privateRepository) {
        List<String> words = new ArrayList<>(List.of(
                "mirror-sync",
                "resolve",
                "--private",
                privateRepository,
                "--public",
                ShellWords.quote(mirrorPair.publicRepo().url()),
                "--branch",
                ShellWords.quote(branch),
                "--name",
                ShellWords.quote(mirrorPair.name()),
                "--strategy",
                Choices.spelling(resolution.strategy())));
        if (resolution.acceptRewrite()) {
            words.add("--accept-rewrite");
        }
        option(words, "--private-token-env", pair.privateTokenEnv, PairOptions.PRIVATE_TOKEN_ENV);
        option(words, "--public-token-env", pair.publicTokenEnv, PairOptions.PUBLIC_TOKEN_ENV);
        option(words, "--state", withAbsolutePath(engine.state, "file:"), "ref");
        if (engine.cache != null) {
            words.addAll(List.of("--cache", ShellWords.quote(absolute(engine.cache))));
        }
        option(words, "--backend", engine.backend, "auto");
        option(words, "--tracker", withAbsolutePath(engine.tracker, "file:"), "none");
        if (engine.trackerEndpoint != null) {
            words.addAll(List.of("--tracker-endpoint", ShellWords.quote(engine.trackerEndpoint)));
        }
        option(words, "--tracker-token-env", engine.trackerTokenEnv, EngineOptions.TRACKER_TOKEN_ENV);
        for (String entry : engine.trackerPath) {
            words.addAll(List.of("--tracker-path", ShellWords.quote(absolute(entry))));
        }
        return String.join(" ", words);
    }

    @Override
    public String strategy(ResolveStrategy strategy) {
        return Choices.spelling(strategy);
    }

    @Override
    public String acceptRewrite() {
        return "--accept-rewrite";
    }

    @Override
    public String viaPullRequest() {
        return "--via-pull-request";
    }

    @Override
    public String resolveWith(List<ResolveStrategy> strategies, boolean acceptRewrite) {
        return "mirror-sync resolve --strategy "
                + String.join("|", strategies.stream().map(this::strategy).toList())
                + (acceptRewrite ? " " + acceptRewrite() : "");
    }

    @Override
    public String branchesHint() {
        return " (--branch)";
    }

    @Override
    public String directionHint(Side target) {
        Direction toTarget = target == Side.PUBLIC ? Direction.TO_PUBLIC : Direction.TO_PRIVATE;
        return " (--direction " + Choices.spelling(toTarget) + " or " + Choices.spelling(Direction.BOTH) + ")";
    }

    private static void option(List<String> words, String name, String value, String defaultValue) {
        if (value != null && !value.equals(defaultValue)) {
            words.addAll(List.of(name, ShellWords.quote(value)));
        }
    }

    /** {@code file:PATH} with PATH made absolute; any other value as it is. */
    private static String withAbsolutePath(String value, String prefix) {
        return value != null && value.startsWith(prefix) ? prefix + absolute(value.substring(prefix.length())) : value;
    }

    private static String absolute(String path) {
        try {
            return Path.of(path).toAbsolutePath().normalize().toString();
        } catch (InvalidPathException e) {
            return path; // refused with a clear message where the option is read
        }
    }
}
