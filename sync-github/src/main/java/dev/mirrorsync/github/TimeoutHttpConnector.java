package dev.mirrorsync.github;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * github-api's JDK {@code HttpClient} connector with a deadline for the whole exchange, the answer's body included.
 * The stock connector sets no timeout, so a GitHub that accepts the connection and never answers (or stops in the
 * middle of its body) would hang a CI job until the job's own limit.
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
        // The request timeout ends at the answer's headers; a body that stalls after them would block a read for good,
        // so the body is read under the same deadline, by a helper thread that is abandoned (its stream closed) when
        // the deadline passes. The exchange itself stays synchronous: the JDK then never repeats a request on its own
        // (sendAsync with a byte-array body did, after a reset, and a POST that had created an issue created another).
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpResponse<InputStream> response;
        try {
            response = client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            throw interrupted(e);
        }
        InputStream stream = response.body();
        CompletableFuture<byte[]> answer = CompletableFuture.supplyAsync(
                () -> {
                    try (InputStream in = stream) {
                        return in.readAllBytes();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                BODY_READERS);
        try {
            long left = Math.max(1, deadline - System.nanoTime());
            return new Response(request, response, answer.get(left, TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            closeQuietly(stream);
            throw new HttpTimeoutException("GitHub's answer (" + response.statusCode()
                    + ") did not arrive in full within " + timeout.toMillis() + " ms (the timeout)");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            throw new IOException("reading GitHub's answer failed: " + cause, cause);
        } catch (InterruptedException e) {
            closeQuietly(stream);
            throw interrupted(e);
        }
    }

    private static final ExecutorService BODY_READERS = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "mirror-sync-github-answer");
        thread.setDaemon(true);
        return thread;
    });

    private static InterruptedIOException interrupted(InterruptedException e) {
        Thread.currentThread().interrupt();
        InterruptedIOException interrupted = new InterruptedIOException("interrupted while waiting for GitHub");
        interrupted.initCause(e);
        return interrupted;
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException e) {
            // the deadline has passed already; nothing more to do
        }
    }

    private static final class Response extends GitHubConnectorResponse.ByteArrayResponse {
        private final byte[] body;

        Response(GitHubConnectorRequest request, HttpResponse<InputStream> response, byte[] body) {
            super(request, response.statusCode(), response.headers().map());
            this.body = body;
        }

        @Override
        protected InputStream rawBodyStream() {
            return new ByteArrayInputStream(body);
        }
    }
}
