package dev.mirrorsync.github;

import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.MirrorSyncException.Reason;
import dev.mirrorsync.core.PrintableText;
import dev.mirrorsync.core.spi.AccessCheck;
import dev.mirrorsync.core.spi.CodeHost;
import dev.mirrorsync.core.spi.IssueDraft;
import dev.mirrorsync.core.spi.IssueProtocol;
import dev.mirrorsync.core.spi.IssueRef;
import dev.mirrorsync.core.spi.IssueTracker;
import dev.mirrorsync.core.spi.TrackedIssue;
import dev.mirrorsync.github.GitHubFailures.Operation;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.kohsuke.github.GHException;
import org.kohsuke.github.GHIssue;
import org.kohsuke.github.GHIssueBuilder;
import org.kohsuke.github.GHIssueState;
import org.kohsuke.github.GHPullRequest;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link IssueTracker} that files mirror-sync's issues in one GitHub (or GitHub Enterprise) repository
 * through {@code org.kohsuke:github-api}.
 *
 * <pre>{@code
 * IssueTracker tracker = GitHubIssueTracker.builder()
 *         .repository("acme/cookbooks-private")
 *         .token(System.getenv("GITHUB_TOKEN"))      // a personal or an installation token
 *         .build();
 * }</pre>
 *
 * <p>An issue is found again by the hidden marker {@code <!-- KEY -->} in its body, among the open issues
 * labelled {@value #LABEL}; every issue this tracker opens carries that label and that marker. Labels the
 * repository lacks are created before the first issue that needs them.
 *
 * <p>It is also its repository's {@link CodeHost}: it opens the pull request of {@code resolve --via-pull-request}
 * there, comments on issues to link it, and reads branch protection.
 *
 * <p>Failures are {@link MirrorSyncException}s: rate limits ({@code RATE_LIMITED}) and 5xx answers
 * ({@code SERVER_ERROR}) are retryable and fail fast, leaving the backoff to the engine; {@code 401} is
 * {@code AUTHENTICATION}, {@code 403} is {@code PERMISSION} (naming the permission the token lacks),
 * {@code 404} is {@code NOT_FOUND}. No method, message or {@link #toString()} reveals the token.
 *
 * <p>Thread-safe. Building makes no request: the repository is read once, on first use.
 */
public final class GitHubIssueTracker implements IssueTracker, CodeHost {
    /** The label every issue of this tracker carries, and the one {@link #findOpen} filters on. */
    public static final String LABEL = IssueProtocol.LABEL;

    /** GitHub.com's API; GitHub Enterprise Server's is {@code https://HOST/api/v3}. */
    public static final String DEFAULT_ENDPOINT = "https://api.github.com";

    private static final Logger LOG = LoggerFactory.getLogger(GitHubIssueTracker.class);
    private static final int PAGE_SIZE = 100;
    private static final Map<String, String[]> KNOWN_LABELS = Map.of(
            LABEL,
            new String[] {"b60205", "mirror-sync could not keep a branch in sync"},
            IssueProtocol.URGENT,
            new String[] {"d93f0b", "Needs a human soon"});

    private final String repositoryName;
    private final String endpoint;
    private final GitHub github;
    private final GitHubFailures failures;
    private final Set<String> labelsKnownToExist = ConcurrentHashMap.newKeySet();
    private final Object repositoryLock = new Object();
    private GHRepository repository; // guarded by repositoryLock; read once, on first use

    private GitHubIssueTracker(Builder builder, String token) {
        this.repositoryName = builder.repository;
        this.endpoint = builder.endpoint;
        this.failures = new GitHubFailures(repositoryName, endpoint, builder.tokenVariable, token, builder.clock);
        try {
            // withAppInstallationToken, deliberately: it sends "Authorization: token ..." like withOAuthToken, which
            // works for personal tokens too, but without withOAuthToken's GET /user to learn the login, a call an
            // installation token (the Actions GITHUB_TOKEN) is refused, and a request we do not need anyway.
            this.github = new GitHubBuilder()
                    .withEndpoint(endpoint)
                    .withAppInstallationToken(token)
                    .withConnector(new TimeoutHttpConnector(builder.timeout))
                    .withRateLimitHandler(GitHubLimitException.rateLimitHandler())
                    .withAbuseLimitHandler(GitHubLimitException.abuseLimitHandler())
                    .build();
        } catch (IOException e) {
            throw failures.translate(e, Operation.READ_REPOSITORY);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Optional<TrackedIssue> findOpen(String key) {
        String marker = IssueProtocol.marker(key);
        GHRepository repo = ghRepository();
        try {
            GHIssue oldest = null;
            for (GHIssue issue : repo.queryIssues()
                    .state(GHIssueState.OPEN)
                    .label(LABEL)
                    .pageSize(PAGE_SIZE)
                    .list()) {
                String body = issue.getBody();
                if (issue.isPullRequest() || body == null || !body.contains(marker)) {
                    continue;
                }
                if (oldest == null || issue.getNumber() < oldest.getNumber()) {
                    oldest = issue;
                }
            }
            if (oldest == null) {
                return Optional.empty();
            }
            return Optional.of(TrackedIssue.builder()
                    .ref(ref(oldest))
                    .title(Objects.requireNonNullElse(oldest.getTitle(), ""))
                    .body(oldest.getBody())
                    .build());
        } catch (GHException e) {
            throw failures.translate(e, Operation.FIND);
        }
    }

    @Override
    public IssueRef open(IssueDraft draft) {
        GHRepository repo = ghRepository();
        Set<String> labels = new LinkedHashSet<>();
        labels.add(LABEL);
        labels.addAll(draft.labels());
        for (String label : labels) {
            ensureLabel(repo, label);
        }
        try {
            GHIssueBuilder builder = repo.createIssue(draft.title()).body(IssueProtocol.markedBody(draft));
            labels.forEach(builder::label);
            GHIssue issue = builder.create();
            LOG.info("opened issue #{} in {}", issue.getNumber(), repositoryName);
            return ref(issue);
        } catch (IOException e) {
            throw failures.translate(e, Operation.OPEN);
        }
    }

    @Override
    public void update(IssueRef issue, IssueDraft draft, String comment) {
        GHRepository repo = ghRepository();
        int number = number(issue);
        try {
            GHIssue current = repo.getIssue(number);
            String body = IssueProtocol.markedBody(draft);
            if (!draft.title().equals(current.getTitle())) {
                current.setTitle(draft.title());
            }
            if (!body.equals(current.getBody())) {
                current.setBody(body);
            }
            current.comment(comment);
            LOG.info("updated issue #{} in {}", number, repositoryName);
        } catch (IOException e) {
            throw failures.translate(e, Operation.UPDATE);
        }
    }

    /**
     * Comments, then closes. An issue that is closed already is left as it is (no second comment): a retry after
     * a failed close may thus have commented twice, which is better than closing without a word.
     */
    @Override
    public void close(IssueRef issue, String comment) {
        GHRepository repo = ghRepository();
        int number = number(issue);
        try {
            GHIssue current = repo.getIssue(number);
            if (current.getState() == GHIssueState.CLOSED) {
                return;
            }
            current.comment(comment);
            current.close();
            LOG.info("closed issue #{} in {}", number, repositoryName);
        } catch (IOException e) {
            throw failures.translate(e, Operation.CLOSE);
        }
    }

    @Override
    public void comment(IssueRef issue, String comment) {
        GHRepository repo = ghRepository();
        int number = number(issue);
        try {
            repo.getIssue(number).comment(comment);
        } catch (IOException e) {
            throw failures.translate(e, Operation.COMMENT);
        }
    }

    /**
     * Opens a pull request from {@code headBranch} into {@code baseBranch} of this tracker's repository, or returns
     * the one that is open already for the same branches (a second {@code resolve --via-pull-request} updates the
     * head branch; GitHub would refuse a second pull request for it).
     */
    @Override
    public IssueRef openPullRequest(String headBranch, String baseBranch, String title, String body) {
        GHRepository repo = ghRepository();
        try {
            Optional<IssueRef> open = openPullRequest(repo, headBranch, baseBranch);
            if (open.isPresent()) {
                return open.get();
            }
            try {
                GHPullRequest created = repo.createPullRequest(title, headBranch, baseBranch, body);
                LOG.info("opened pull request #{} in {}", created.getNumber(), repositoryName);
                return ref(created);
            } catch (HttpException e) {
                if (e.getResponseCode() == 422) { // opened by someone else in the meantime, or nothing to merge
                    Optional<IssueRef> raced = openPullRequest(repo, headBranch, baseBranch);
                    if (raced.isPresent()) {
                        return raced.get();
                    }
                }
                throw e;
            }
        } catch (IOException e) {
            throw failures.translate(e, Operation.OPEN_PULL_REQUEST);
        } catch (GHException e) {
            throw failures.translate(e, Operation.OPEN_PULL_REQUEST);
        }
    }

    private static Optional<IssueRef> openPullRequest(GHRepository repo, String head, String base) {
        Iterator<GHPullRequest> open = repo.queryPullRequests()
                .state(GHIssueState.OPEN)
                .head(head)
                .base(base)
                .list()
                .iterator();
        return open.hasNext() ? Optional.of(ref(open.next())) : Optional.empty();
    }

    /**
     * Public unless GitHub says the repository is private. An {@code internal} repository (GitHub Enterprise,
     * readable by every member of the enterprise) counts as public: its readers are not the private repository's.
     *
     * @throws MirrorSyncException when the repository cannot be read
     */
    @Override
    public boolean isPubliclyVisible() {
        GHRepository repo = ghRepository();
        GHRepository.Visibility visibility = repo.getVisibility();
        if (visibility == null) { // an older GitHub Enterprise Server that does not send "visibility"
            return !repo.isPrivate();
        }
        return switch (visibility) {
            case PRIVATE -> false;
            case PUBLIC, INTERNAL -> true;
            case UNKNOWN -> !repo.isPrivate();
        };
    }

    /**
     * Reads the repository (and, when the token may not create labels, the labels): issues must be enabled, and the
     * labels mirror-sync files with must exist or be creatable. GitHub shows a token's repository permissions in
     * {@code permissions} for personal tokens only; a fine-grained token's "Issues: write" and an installation token's
     * permissions are not visible, which the answer says.
     */
    @Override
    public List<AccessCheck> checkAccess() {
        GHRepository repo = ghRepository();
        List<AccessCheck> checks = new ArrayList<>();
        boolean permissionsShown = repo.hasPullAccess() || repo.hasPushAccess() || repo.hasAdminAccess();
        if (!repo.hasIssues()) {
            checks.add(AccessCheck.failed(
                    "issues",
                    "issues are disabled in " + repositoryName
                            + ": enable them under Settings > General > Features, or file elsewhere with --tracker"));
        } else if (permissionsShown) {
            checks.add(AccessCheck.passed(
                    "issues",
                    repositoryName + " has issues enabled and the token may read it"
                            + (repo.hasPushAccess() ? " and write to it" : "")));
        } else {
            checks.add(AccessCheck.notChecked(
                    "issues",
                    repositoryName + " has issues enabled; GitHub does not show this"
                            + " token's permissions (an installation or fine-grained token): it needs \"Issues: Read and write\""
                            + " (in a workflow: 'permissions: issues: write')"));
        }
        if (repo.hasPushAccess() || repo.hasAdminAccess()) {
            checks.add(AccessCheck.passed(
                    "labels",
                    "the token may create the labels "
                            + KNOWN_LABELS.keySet().stream().sorted().toList()));
            return checks;
        }
        List<String> missing = new ArrayList<>();
        for (String label : KNOWN_LABELS.keySet().stream().sorted().toList()) {
            try {
                repo.getLabel(label);
            } catch (FileNotFoundException e) {
                missing.add(label);
            } catch (IOException e) {
                throw failures.translate(e, Operation.READ_LABELS);
            }
        }
        if (missing.isEmpty()) {
            checks.add(AccessCheck.passed("labels", "the labels mirror-sync files with exist"));
        } else if (permissionsShown) {
            checks.add(AccessCheck.failed(
                    "labels",
                    "the labels " + missing + " are missing in " + repositoryName
                            + " and the token may not create them (read access only): create them by hand, or give the token"
                            + " \"Issues: Read and write\" or triage access"));
        } else {
            checks.add(AccessCheck.notChecked(
                    "labels",
                    "the labels " + missing + " are missing in " + repositoryName
                            + "; they are created with the first issue if the token has \"Issues: Read and write\""));
        }
        return checks;
    }

    /**
     * Best effort, from the branch's {@code protected} flag: a protected branch refuses a push from anyone the rule
     * does not let through, which GitHub shows only to admins. A token with admin access is reported as passing.
     */
    @Override
    public AccessCheck checkBranchProtection(String branch) {
        GHRepository repo = ghRepository();
        String what = "branch protection of " + branch;
        try {
            boolean protectedBranch = repo.getBranch(branch).isProtected();
            if (!protectedBranch) {
                return AccessCheck.passed(what, branch + " of " + repositoryName + " is not protected");
            }
            if (repo.hasAdminAccess()) {
                return AccessCheck.passed(
                        what,
                        branch + " of " + repositoryName + " is protected; the token has admin"
                                + " access, which passes unless the rule also binds administrators");
            }
            return AccessCheck.failed(
                    what,
                    branch + " of " + repositoryName + " is protected: a push by mirror-sync is"
                            + " refused unless the rule lets its token's account through; add it to the rule's bypass list, or"
                            + " resolve with 'mirror-sync resolve --via-pull-request'");
        } catch (FileNotFoundException e) {
            return AccessCheck.passed(
                    what, branch + " does not exist in " + repositoryName + " yet; no rule protects it");
        } catch (IOException e) {
            throw failures.translate(e, Operation.READ_BRANCH);
        }
    }

    /** This tracker is its repository's code host as well. */
    @Override
    public Optional<CodeHost> codeHost() {
        return Optional.of(this);
    }

    /** {@code OWNER/REPO}, as given to the builder. */
    @Override
    public String repository() {
        return repositoryName;
    }

    @Override
    public String describe() {
        return "github:" + repositoryName;
    }

    @Override
    public String toString() {
        return "GitHubIssueTracker[" + describe() + (DEFAULT_ENDPOINT.equals(endpoint) ? "" : " at " + endpoint) + "]";
    }

    private GHRepository ghRepository() {
        synchronized (repositoryLock) {
            if (repository == null) {
                try {
                    repository = github.getRepository(repositoryName);
                } catch (IOException e) {
                    throw failures.translate(e, Operation.READ_REPOSITORY);
                }
            }
            return repository;
        }
    }

    private void ensureLabel(GHRepository repo, String label) {
        if (labelsKnownToExist.contains(label)) {
            return;
        }
        try {
            try {
                repo.getLabel(label);
            } catch (FileNotFoundException missing) {
                String[] look = KNOWN_LABELS.getOrDefault(label, new String[] {"ededed", "Filed by mirror-sync"});
                try {
                    repo.createLabel(label, look[0], look[1]);
                    LOG.info("created label '{}' in {}", label, repositoryName);
                } catch (HttpException e) {
                    if (!GitHubFailures.isAlreadyExists(e)) { // only that 422 means: created by someone else meanwhile
                        throw e;
                    }
                }
            }
            labelsKnownToExist.add(label);
        } catch (IOException e) {
            throw failures.translate(e, Operation.CREATE_LABEL);
        }
    }

    private static IssueRef ref(GHIssue issue) {
        String id = Integer.toString(issue.getNumber());
        return issue.getHtmlUrl() == null
                ? IssueRef.of(id)
                : IssueRef.of(id, issue.getHtmlUrl().toString());
    }

    private int number(IssueRef ref) {
        try {
            int number = Integer.parseInt(ref.id());
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // falls through to the message below
        }
        throw new MirrorSyncException(
                Reason.INVALID_INPUT,
                "'" + PrintableText.of(ref.id()) + "' is not an issue number of " + repositoryName);
    }

    /**
     * Configures a {@link GitHubIssueTracker}: {@link #repository} and {@link #token} are required. Invalid values
     * make {@link #build()} throw {@link MirrorSyncException} with {@code INVALID_INPUT}.
     */
    public static final class Builder {
        private String repository;
        private String endpoint = DEFAULT_ENDPOINT;
        private String token;
        private String tokenVariable = "the GitHub token";
        private Duration timeout = Duration.ofSeconds(30);
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        /**
         * Turns a rate limit's {@code retry-after} seconds into the moment a failure names for retrying
         * ({@link dev.mirrorsync.core.MirrorSyncException#retryNotBefore()}); default: the system UTC clock. Give it the
         * clock the engine has, so that both measure the same wait.
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** {@code OWNER/REPO}: where issues are filed. */
        public Builder repository(String ownerAndName) {
            this.repository = ownerAndName;
            return this;
        }

        /** The REST API's root, for GitHub Enterprise Server: {@code https://HOST/api/v3}. Default {@value #DEFAULT_ENDPOINT}. */
        public Builder endpoint(String url) {
            this.endpoint = url;
            return this;
        }

        /**
         * A personal access token (fine-grained: "Issues: Read and write" on the repository) or an installation
         * token such as an Actions {@code GITHUB_TOKEN} (with {@code permissions: issues: write}). Never logged.
         */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /** The environment variable the token came from, named in error messages; default "the GitHub token". */
        public Builder tokenVariable(String name) {
            this.tokenVariable = Objects.requireNonNull(name, "name");
            return this;
        }

        /** How long one request may take, connecting included. Default 30 s. */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        public GitHubIssueTracker build() {
            repository = CodeHost.checkRepository(repository, "the GitHub repository for issues");
            endpoint = checkEndpoint(endpoint);
            if (token == null || token.isBlank()) {
                throw new MirrorSyncException(
                        Reason.AUTHENTICATION,
                        "no GitHub token: set " + tokenVariable + " to a token that may write issues in " + repository);
            }
            if (token.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
                throw new MirrorSyncException(
                        Reason.INVALID_INPUT,
                        "the token in " + tokenVariable + " contains whitespace or control characters; copy it again");
            }
            return new GitHubIssueTracker(this, token);
        }

        private static String checkEndpoint(String url) {
            if (url == null || url.isBlank()) {
                return DEFAULT_ENDPOINT;
            }
            URI uri;
            try {
                uri = new URI(url.strip());
            } catch (URISyntaxException e) {
                throw new MirrorSyncException(
                        Reason.INVALID_INPUT, "the GitHub API endpoint is not a URL: " + e.getReason());
            }
            if (uri.getRawUserInfo() != null) {
                // The message leaves the value out: it holds credentials.
                throw new MirrorSyncException(
                        Reason.INVALID_INPUT,
                        "the GitHub API endpoint must not contain credentials; pass the token on its own");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")
                    || uri.getHost() == null
                    || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                throw new MirrorSyncException(
                        Reason.INVALID_INPUT,
                        "the GitHub API endpoint must be an http(s) URL such as " + DEFAULT_ENDPOINT
                                + " or https://HOST/api/v3, got '" + PrintableText.of(url) + "'");
            }
            String text = uri.toString();
            return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
        }
    }
}
