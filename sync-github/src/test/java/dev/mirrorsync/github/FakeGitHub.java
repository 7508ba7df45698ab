package dev.mirrorsync.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.jetty12.Jetty12HttpServerFactory;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small, stateful GitHub REST API behind WireMock on Jetty 12: repositories, labels, issues and comments,
 * answered with bodies shaped like GitHub's documented ones. Faults are plain WireMock stubs at a higher
 * priority than the fake ({@link #server()}), so a test can break one call and keep the rest realistic.
 */
final class FakeGitHub implements AutoCloseable {
    static final String TOKEN = "ghs_fakeInstallationToken0123456789abcdef";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAME = "fake-github";
    private static final Pattern REPO = Pattern.compile("/repos/([^/]+)/([^/]+)(/.*)?");

    private final Map<String, Repo> repos = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private final WireMockServer server;
    private int pageSize = 100;
    private int nextId = 1000;

    FakeGitHub() {
        server = new WireMockServer(wireMockConfig()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .httpServerFactory(new Jetty12HttpServerFactory())
                .extensionScanningEnabled(false)
                .containerThreads(12)
                .extensions(new Transformer()));
        server.start();
        server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withTransformers(NAME)));
    }

    WireMockServer server() {
        return server;
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Caps every page at {@code size} items whatever {@code per_page} asks for, to force pagination. */
    synchronized void pageSize(int size) {
        this.pageSize = size;
    }

    synchronized Repo repository(String fullName, String visibility) {
        Repo repo = new Repo(fullName, visibility);
        repos.put(fullName, repo);
        return repo;
    }

    GitHubIssueTracker tracker(String repository) {
        return GitHubIssueTracker.builder()
                .endpoint(endpoint())
                .repository(repository)
                .token(TOKEN)
                .tokenVariable("GITHUB_TOKEN")
                .timeout(Duration.ofSeconds(5))
                .build();
    }

    @Override
    public void close() {
        server.stop();
    }

    /** One repository's state. Tests read it to check what the tracker did. */
    final class Repo {
        final String fullName;
        final String visibility;
        final Map<String, Map<String, Object>> labels = new LinkedHashMap<>();
        final Map<Integer, Issue> issues = new TreeMap<>();
        boolean readOnly;
        boolean visibilityFieldMissing;
        /** Creating a label fails validation with this {@code errors[].code} on {@code color} (GitHub: "invalid"). */
        String labelColorError;
        /** Another client creates every label between our look-up (404) and our create (422 already_exists). */
        boolean labelsCreatedConcurrently;

        private int nextNumber = 1;

        private Repo(String fullName, String visibility) {
            this.fullName = fullName;
            this.visibility = visibility;
        }

        synchronized Issue issue(
                String title, String body, String state, List<String> labelNames, boolean pullRequest) {
            labelNames.forEach(this::label);
            Issue issue = new Issue(nextNumber++, title, body, labelNames);
            issue.state = state;
            issue.pullRequest = pullRequest;
            issues.put(issue.number, issue);
            return issue;
        }

        synchronized Map<String, Object> label(String name) {
            return labels.computeIfAbsent(name, n -> {
                Map<String, Object> label = new LinkedHashMap<>();
                label.put("id", nextId++);
                label.put("node_id", "LA_kwDO" + n.hashCode());
                label.put("url", endpoint() + "/repos/" + fullName + "/labels/" + n);
                label.put("name", n);
                label.put("color", "ededed");
                label.put("default", false);
                label.put("description", null);
                return label;
            });
        }

        synchronized List<Issue> openIssues() {
            return issues.values().stream().filter(i -> i.state.equals("open")).toList();
        }
    }

    static final class Issue {
        final int number;
        String title;
        String body;
        String state = "open";
        boolean pullRequest;
        String head;
        String base;
        final List<String> labels;
        final List<String> comments = new ArrayList<>();

        private Issue(int number, String title, String body, List<String> labels) {
            this.number = number;
            this.title = title;
            this.body = body;
            this.labels = new ArrayList<>(labels);
        }
    }

    private final class Transformer implements ResponseDefinitionTransformerV2 {
        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            synchronized (FakeGitHub.this) {
                try {
                    return handle(event.getRequest());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    private ResponseDefinition handle(Request request) throws IOException {
        if (!("token " + TOKEN).equals(request.getHeader("Authorization"))) {
            return error(401, "Bad credentials");
        }
        URI uri = URI.create(request.getUrl());
        Matcher m = REPO.matcher(uri.getRawPath());
        if (!m.matches()) {
            return error(404, "Not Found");
        }
        Repo repo = repos.get(decode(m.group(1)) + "/" + decode(m.group(2)));
        if (repo == null) {
            return error(404, "Not Found");
        }
        String rest = m.group(3) == null ? "" : m.group(3);
        String method = request.getMethod().getName();
        Map<String, String> query = query(uri.getRawQuery());
        JsonNode in = request.getBody().length == 0 ? JSON.createObjectNode() : JSON.readTree(request.getBody());
        if (!method.equals("GET") && repo.readOnly) {
            return error(
                    403,
                    "Resource not accessible by personal access token",
                    "x-accepted-github-permissions",
                    "issues=write");
        }
        if (rest.isEmpty() && method.equals("GET")) {
            return ok(200, repositoryJson(repo));
        }
        if (rest.startsWith("/labels/") && method.equals("GET")) {
            Map<String, Object> label = repo.labels.get(decode(rest.substring("/labels/".length())));
            if (repo.labelsCreatedConcurrently) {
                repo.label(decode(rest.substring("/labels/".length())));
                return error(404, "Not Found");
            }
            return label == null ? error(404, "Not Found") : ok(200, label);
        }
        if (rest.equals("/labels") && method.equals("POST")) {
            String name = in.path("name").asText();
            if (repo.labels.containsKey(name)) {
                return validationFailed("Label", "name", "already_exists", "create-a-label");
            }
            if (repo.labelColorError != null) {
                return validationFailed("Label", "color", repo.labelColorError, "create-a-label");
            }
            Map<String, Object> label = repo.label(name);
            label.put("color", in.path("color").asText());
            label.put("description", in.path("description").asText(null));
            return ok(201, label);
        }
        if (rest.equals("/issues") && method.equals("GET")) {
            return listIssues(repo, query, request);
        }
        if (rest.equals("/issues") && method.equals("POST")) {
            List<String> names = new ArrayList<>();
            in.path("labels").forEach(l -> names.add(l.asText()));
            Issue issue = repo.issue(in.path("title").asText(), in.path("body").asText(null), "open", names, false);
            return ok(201, issueJson(repo, issue));
        }
        if (rest.equals("/pulls") && method.equals("GET")) {
            String state = query.getOrDefault("state", "open");
            List<Object> items = new ArrayList<>();
            for (Issue pr : repo.issues.values()) {
                if (pr.pullRequest
                        && (state.equals("all") || pr.state.equals(state))
                        && (!query.containsKey("head") || query.get("head").equals(owner(repo) + ":" + pr.head))
                        && (!query.containsKey("base") || query.get("base").equals(pr.base))) {
                    items.add(pullJson(repo, pr));
                }
            }
            return ok(200, items);
        }
        if (rest.equals("/pulls") && method.equals("POST")) {
            String head = in.path("head").asText();
            String base = in.path("base").asText();
            boolean exists = repo.issues.values().stream()
                    .anyMatch(
                            i -> i.pullRequest && i.state.equals("open") && head.equals(i.head) && base.equals(i.base));
            if (exists) {
                return error(422, "Validation Failed");
            }
            Issue pr = repo.issue(in.path("title").asText(), in.path("body").asText(null), "open", List.of(), true);
            pr.head = head;
            pr.base = base;
            return ok(201, pullJson(repo, pr));
        }
        Matcher issuePath = Pattern.compile("/issues/(\\d+)(/comments)?").matcher(rest);
        if (issuePath.matches()) {
            Issue issue = repo.issues.get(Integer.parseInt(issuePath.group(1)));
            if (issue == null) {
                return error(404, "Not Found");
            }
            if (issuePath.group(2) != null && method.equals("POST")) {
                issue.comments.add(in.path("body").asText());
                Map<String, Object> comment = new LinkedHashMap<>();
                comment.put("id", nextId++);
                comment.put("body", in.path("body").asText());
                comment.put("html_url", htmlUrl(repo, issue) + "#issuecomment-" + nextId);
                comment.put("user", user());
                return ok(201, comment);
            }
            if (method.equals("GET")) {
                return ok(200, issueJson(repo, issue));
            }
            if (method.equals("PATCH")) {
                if (in.has("title")) {
                    issue.title = in.get("title").asText();
                }
                if (in.has("body")) {
                    issue.body = in.get("body").asText();
                }
                if (in.has("state")) {
                    issue.state = in.get("state").asText();
                }
                return ok(200, issueJson(repo, issue));
            }
        }
        return error(404, "Not Found");
    }

    private ResponseDefinition listIssues(Repo repo, Map<String, String> query, Request request) throws IOException {
        String state = query.getOrDefault("state", "open");
        String label = query.get("labels");
        List<Issue> matching = repo.issues.values().stream()
                .filter(i -> state.equals("all") || i.state.equals(state))
                .filter(i -> label == null || i.labels.contains(label))
                .toList();
        int perPage = Math.min(pageSize, Integer.parseInt(query.getOrDefault("per_page", "30")));
        int page = Integer.parseInt(query.getOrDefault("page", "1"));
        int from = Math.min((page - 1) * perPage, matching.size());
        int to = Math.min(from + perPage, matching.size());
        List<Object> items = new ArrayList<>();
        for (Issue issue : matching.subList(from, to)) {
            items.add(issueJson(repo, issue));
        }
        ResponseDefinition response = ok(200, items);
        if (to < matching.size()) {
            Map<String, String> next = new LinkedHashMap<>(query);
            next.put("page", Integer.toString(page + 1));
            next.put("per_page", Integer.toString(perPage));
            StringBuilder url = new StringBuilder(endpoint())
                    .append(URI.create(request.getUrl()).getRawPath())
                    .append('?');
            next.forEach((k, v) -> url.append(k).append('=').append(v).append('&'));
            url.setLength(url.length() - 1);
            return ResponseDefinitionBuilder.like(response)
                    .withHeader("Link", "<" + url + ">; rel=\"next\"")
                    .build();
        }
        return response;
    }

    private Map<String, Object> repositoryJson(Repo repo) {
        String[] parts = repo.fullName.split("/");
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", 1296269);
        json.put("node_id", "MDEwOlJlcG9zaXRvcnkxMjk2MjY5");
        json.put("name", parts[1]);
        json.put("full_name", repo.fullName);
        json.put(
                "owner",
                Map.of("login", parts[0], "id", 1, "type", "Organization", "url", endpoint() + "/users/" + parts[0]));
        json.put("private", !repo.visibility.equals("public"));
        if (!repo.visibilityFieldMissing) {
            json.put("visibility", repo.visibility);
        }
        json.put("html_url", "https://github.com/" + repo.fullName);
        json.put("description", "A repository");
        json.put("fork", false);
        json.put("url", endpoint() + "/repos/" + repo.fullName);
        json.put("default_branch", "main");
        json.put("has_issues", true);
        json.put("archived", false);
        json.put("created_at", "2011-01-26T19:01:12Z");
        json.put("updated_at", "2011-01-26T19:14:43Z");
        json.put("pushed_at", "2011-01-26T19:06:43Z");
        return json;
    }

    private Map<String, Object> issueJson(Repo repo, Issue issue) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", 100000 + issue.number);
        json.put("node_id", "I_kwDO" + issue.number);
        json.put("url", endpoint() + "/repos/" + repo.fullName + "/issues/" + issue.number);
        json.put("repository_url", endpoint() + "/repos/" + repo.fullName);
        json.put("html_url", htmlUrl(repo, issue));
        json.put("number", issue.number);
        json.put("state", issue.state);
        json.put("state_reason", issue.state.equals("closed") ? "completed" : null);
        json.put("title", issue.title);
        json.put("body", issue.body);
        json.put("user", user());
        json.put("labels", issue.labels.stream().map(repo::label).toList());
        json.put("assignee", null);
        json.put("assignees", List.of());
        json.put("locked", false);
        json.put("comments", issue.comments.size());
        json.put("created_at", String.format("2024-01-01T00:00:%02dZ", issue.number % 60));
        json.put("updated_at", "2024-01-02T00:00:00Z");
        json.put("closed_at", issue.state.equals("closed") ? "2024-01-03T00:00:00Z" : null);
        json.put("author_association", "NONE");
        if (issue.pullRequest) {
            json.put("pull_request", Map.of("url", endpoint() + "/repos/" + repo.fullName + "/pulls/" + issue.number));
        }
        return json;
    }

    private Map<String, Object> pullJson(Repo repo, Issue pr) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("url", endpoint() + "/repos/" + repo.fullName + "/pulls/" + pr.number);
        json.put("id", 200000 + pr.number);
        json.put("node_id", "PR_kwDO" + pr.number);
        json.put("html_url", htmlUrl(repo, pr));
        json.put("issue_url", endpoint() + "/repos/" + repo.fullName + "/issues/" + pr.number);
        json.put("number", pr.number);
        json.put("state", pr.state);
        json.put("locked", false);
        json.put("title", pr.title);
        json.put("body", pr.body);
        json.put("user", user());
        json.put("labels", List.of());
        json.put("created_at", "2024-01-01T00:00:00Z");
        json.put("updated_at", "2024-01-01T00:00:00Z");
        json.put(
                "head",
                Map.of(
                        "label",
                        owner(repo) + ":" + pr.head,
                        "ref",
                        pr.head,
                        "sha",
                        "6dcb09b5b57875f334f61aebed695e2e4193db5e",
                        "repo",
                        repositoryJson(repo)));
        json.put(
                "base",
                Map.of(
                        "label",
                        owner(repo) + ":" + pr.base,
                        "ref",
                        pr.base,
                        "sha",
                        "8e5c6f21a1ad0dcfa8d1c5e8e4b6f1e7d1b2c3a4",
                        "repo",
                        repositoryJson(repo)));
        json.put("draft", false);
        json.put("merged", false);
        json.put("author_association", "NONE");
        return json;
    }

    private static String owner(Repo repo) {
        return repo.fullName.substring(0, repo.fullName.indexOf('/'));
    }

    private static String htmlUrl(Repo repo, Issue issue) {
        return "https://github.com/" + repo.fullName + (issue.pullRequest ? "/pull/" : "/issues/") + issue.number;
    }

    private static Map<String, Object> user() {
        return Map.of("login", "mirror-sync[bot]", "id", 41898282, "type", "Bot");
    }

    private static ResponseDefinition ok(int status, Object body) throws IOException {
        return aResponse()
                .withStatus(status)
                .withHeaders(new HttpHeaders(
                        new HttpHeader("Content-Type", "application/json; charset=utf-8"),
                        new HttpHeader("x-ratelimit-limit", "5000"),
                        new HttpHeader("x-ratelimit-remaining", "4999"),
                        new HttpHeader("x-ratelimit-reset", "1893456000")))
                .withBody(JSON.writeValueAsString(body))
                .build();
    }

    static String errorBody(String message) {
        return "{\"message\":\"" + message + "\",\"documentation_url\":\"https://docs.github.com/rest\"}";
    }

    /** GitHub's 422 body: {@code {"message":"Validation Failed","errors":[{"resource","code","field"}],...}}. */
    private static ResponseDefinition validationFailed(String resource, String field, String code, String doc)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", "Validation Failed");
        body.put("errors", List.of(Map.of("resource", resource, "code", code, "field", field)));
        body.put("documentation_url", "https://docs.github.com/rest/issues/labels#" + doc);
        body.put("status", "422");
        return aResponse()
                .withStatus(422)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(JSON.writeValueAsString(body))
                .build();
    }

    private static ResponseDefinition error(int status, String message, String... headers) {
        ResponseDefinitionBuilder b = aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(errorBody(message));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            b.withHeader(headers[i], headers[i + 1]);
        }
        return b.build();
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
            }
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
