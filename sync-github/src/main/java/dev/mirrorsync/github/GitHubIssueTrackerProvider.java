package dev.mirrorsync.github;

import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.MirrorSyncException.Reason;
import dev.mirrorsync.core.spi.CodeHost;
import dev.mirrorsync.core.spi.IssueTracker;
import dev.mirrorsync.core.spi.IssueTrackerProvider;
import dev.mirrorsync.core.spi.TrackerConfig;

/**
 * {@code --tracker github:OWNER/REPO}: a {@link GitHubIssueTracker} for that repository, at
 * {@link TrackerConfig#endpoint()} (GitHub Enterprise) or GitHub.com, with the token from
 * {@link TrackerConfig#token()}. Found by the CLI through {@link java.util.ServiceLoader}.
 */
public final class GitHubIssueTrackerProvider implements IssueTrackerProvider {
    /** The variable named in messages when the caller did not say where the token came from. */
    static final String DEFAULT_TOKEN_VARIABLE = "GITHUB_TOKEN";

    /** For {@link java.util.ServiceLoader}. */
    public GitHubIssueTrackerProvider() {}

    @Override
    public String id() {
        return "github";
    }

    @Override
    public String description() {
        return "github:OWNER/REPO  issues in a GitHub repository (token from " + DEFAULT_TOKEN_VARIABLE
                + "; GitHub Enterprise: --tracker-endpoint https://HOST/api/v3)";
    }

    /**
     * @throws MirrorSyncException {@code INVALID_INPUT} when ARGS is not {@code OWNER/REPO} or the endpoint is not
     *     an http(s) URL; {@code AUTHENTICATION} when there is no token, naming the variable to set
     */
    @Override
    public IssueTracker create(TrackerConfig config) {
        String variable = config.tokenVariable().filter(v -> !v.isBlank()).orElse(DEFAULT_TOKEN_VARIABLE);
        String args = config.args().strip();
        if (args.isEmpty()) {
            throw new MirrorSyncException(
                    Reason.INVALID_INPUT,
                    "--tracker github needs the repository to file issues in: --tracker github:OWNER/REPO");
        }
        String repository = CodeHost.checkRepository(args, "--tracker github:OWNER/REPO");
        if (config.token().filter(t -> !t.isBlank()).isEmpty()) {
            throw new MirrorSyncException(
                    Reason.AUTHENTICATION,
                    "--tracker github:" + repository + " needs a token: " + variable
                            + " is not set or empty (a token with \"Issues: Read and write\" on " + repository + ")");
        }
        GitHubIssueTracker.Builder builder = GitHubIssueTracker.builder()
                .repository(repository)
                .token(config.token().get())
                .tokenVariable(variable);
        config.endpoint().filter(e -> !e.isBlank()).ifPresent(builder::endpoint);
        return builder.build();
    }
}
