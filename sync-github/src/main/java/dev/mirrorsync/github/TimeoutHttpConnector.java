package dev.mirrorsync.github;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * github-api's JDK {@code HttpClient} connector with a deadline. The stock connector sets no request timeout,
 * so a GitHub that accepts the connection and never answers would hang a CI job until the job's own limit.
 * Redirects are left to github-api, which drops the {@code Authorization} header when one leaves the host.
 */
final class TimeoutHttpConnector implements GitHubConnector {
    private final HttpClient client;
    private final Duration timeout;

    TimeoutHttpConnector(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(request.url().toURI()).timeout(timeout);
        } catch (URISyntaxException e) {
            throw new IOException("not a valid request URL: " + request.url(), e);
        }
        for (Map.Entry<String, List<String>> header : request.allHeaders().entrySet()) {
            List<String> values = header.getValue();
            if (header.getKey() != null && values != null && !values.isEmpty()) {
                builder.header(header.getKey(), String.join(",", values));
            }
        }
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        if (request.hasBody() && request.body() != null) {
            try (InputStream in = request.body()) {
                body = HttpRequest.BodyPublishers.ofByteArray(in.readAllBytes());
            }
        }
        builder.method(request.method(), body);
        try {
            HttpResponse<InputStream> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
            return new Response(request, response);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("interrupted while waiting for GitHub");
            interrupted.initCause(e);
            throw interrupted;
        }
    }

    private static final class Response extends GitHubConnectorResponse.ByteArrayResponse {
        private final HttpResponse<InputStream> response;

        Response(GitHubConnectorRequest request, HttpResponse<InputStream> response) {
            super(request, response.statusCode(), response.headers().map());
            this.response = response;
        }

        @Override
        protected InputStream rawBodyStream() {
            return response.body();
        }

        @Override
        public void close() throws IOException {
            super.close();
            response.body().close();
        }
    }
}
