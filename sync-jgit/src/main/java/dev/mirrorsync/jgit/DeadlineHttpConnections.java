package dev.mirrorsync.jgit;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.ProtocolException;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;

/**
 * JGit's HTTP connections (the JDK's {@link HttpURLConnection}) with a deadline that also holds while a request is
 * being <em>written</em>. A read timeout bounds each read, but nothing bounds a write: a server, proxy or black-holed
 * connection that stops taking a pushed pack leaves the JDK blocked in a socket write for as long as TCP keeps
 * retransmitting (about fifteen minutes). Here each write of a request body is watched (JGit always streams bodies,
 * fixed-length or chunked), and a write that makes no progress for the timeout has its connection closed; the caller
 * then gets a {@link SocketTimeoutException} that says so, which JGit and {@link JGitErrors} treat
 * as the network failure it is.
 *
 * <p>It also remembers the HTTP status of the latest answer, so that a failure is classified by its status, not by
 * digits in a message. One instance serves one transport; JGit uses a transport from one thread at a time.
 */
final class DeadlineHttpConnections implements HttpConnectionFactory {
    private final ScheduledThreadPoolExecutor watchdog;
    private final int timeoutMillis;
    private volatile int lastStatus = -1;

    DeadlineHttpConnections(ScheduledThreadPoolExecutor watchdog, int timeoutMillis) {
        this.watchdog = watchdog;
        this.timeoutMillis = timeoutMillis;
    }

    /** A watchdog thread for all connections of one backend; a daemon, so it never keeps a JVM alive. */
    static ScheduledThreadPoolExecutor newWatchdog() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "mirror-sync-http-deadline");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /** The status of the latest answer to a request made since the latest connection was opened; -1 for none. */
    int lastStatus() {
        return lastStatus;
    }

    @Override
    public HttpConnection create(URL url) throws IOException {
        return create(url, null);
    }

    @Override
    public HttpConnection create(URL url, Proxy proxy) throws IOException {
        // A new request has no answer yet: a failure from here on must not be read with an older request's status.
        lastStatus = -1;
        HttpURLConnection connection =
                (HttpURLConnection) (proxy == null ? url.openConnection() : url.openConnection(proxy));
        return new Watched(connection);
    }

    /**
     * A write that outlived the deadline. JGit wraps it in messages of its own timers ("Read timed out after 10,000
     * ms", its wait for a push's status being ten timeouts), which are not what happened: this one's message is.
     */
    static final class Expired extends SocketTimeoutException {
        private static final long serialVersionUID = 1L;

        Expired(String message) {
            super(message);
        }
    }

    /** Runs one blocking step under the deadline. */
    private interface Step<T> {
        T run() throws IOException;
    }

    private final class Watched implements HttpConnection {
        private final HttpURLConnection connection;

        Watched(HttpURLConnection connection) {
            this.connection = connection;
        }

        /**
         * Set by the watchdog when a write outlived the deadline and the connection was closed: from then on every use
         * of it fails this way (the JDK's own stream reports the closed socket late, or as any exception at all).
         */
        private volatile Expired expiredWith;

        private <T> T watched(String doing, Step<T> step) throws IOException {
            failIfExpired(null);
            ScheduledFuture<?> alarm = watchdog.schedule(
                    () -> {
                        expiredWith =
                                new Expired(doing + " " + connection.getURL().getHost() + " made no progress for "
                                        + timeoutMillis + " ms (the timeout): the connection was closed");
                        connection.disconnect();
                    },
                    timeoutMillis,
                    TimeUnit.MILLISECONDS);
            T result;
            try {
                result = step.run();
            } catch (IOException | RuntimeException e) {
                alarm.cancel(false);
                failIfExpired(e);
                throw e;
            }
            alarm.cancel(false);
            failIfExpired(null);
            return result;
        }

        /** A step that is not watched, but may come after a write that was: it then fails as that write did. */
        private <T> T afterDeadline(Step<T> step) throws IOException {
            failIfExpired(null);
            try {
                return step.run();
            } catch (IOException | RuntimeException e) {
                failIfExpired(e);
                throw e;
            }
        }

        private void failIfExpired(Exception cause) throws SocketTimeoutException {
            Expired expired = expiredWith;
            if (expired != null) {
                if (cause != null && expired.getCause() == null) {
                    expired.initCause(cause);
                }
                throw expired;
            }
        }

        @Override
        public int getResponseCode() throws IOException {
            // Connecting and each read are bounded by the connect and read timeouts JGit sets; only writes need a
            // watch.
            int status = afterDeadline(connection::getResponseCode);
            lastStatus = status;
            return status;
        }

        @Override
        public URL getURL() {
            return connection.getURL();
        }

        @Override
        public String getResponseMessage() throws IOException {
            return afterDeadline(connection::getResponseMessage);
        }

        @Override
        public Map<String, List<String>> getHeaderFields() {
            return connection.getHeaderFields();
        }

        @Override
        public void setRequestProperty(String key, String value) {
            connection.setRequestProperty(key, value);
        }

        @Override
        public void setRequestMethod(String method) throws ProtocolException {
            connection.setRequestMethod(method);
        }

        @Override
        public void setUseCaches(boolean usecaches) {
            connection.setUseCaches(usecaches);
        }

        @Override
        public void setConnectTimeout(int timeout) {
            connection.setConnectTimeout(timeout);
        }

        @Override
        public void setReadTimeout(int timeout) {
            connection.setReadTimeout(timeout);
        }

        @Override
        public String getContentType() {
            return connection.getContentType();
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return afterDeadline(connection::getInputStream);
        }

        @Override
        public String getHeaderField(String name) {
            return connection.getHeaderField(name);
        }

        @Override
        public List<String> getHeaderFields(String name) {
            for (Map.Entry<String, List<String>> header :
                    connection.getHeaderFields().entrySet()) {
                if (header.getKey() != null && header.getKey().equalsIgnoreCase(name)) {
                    return List.copyOf(header.getValue());
                }
            }
            return List.of();
        }

        @Override
        public int getContentLength() {
            return connection.getContentLength();
        }

        @Override
        public void setInstanceFollowRedirects(boolean followRedirects) {
            connection.setInstanceFollowRedirects(followRedirects);
        }

        @Override
        public void setDoOutput(boolean dooutput) {
            connection.setDoOutput(dooutput);
        }

        @Override
        public void setFixedLengthStreamingMode(int contentLength) {
            connection.setFixedLengthStreamingMode(contentLength);
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            OutputStream body = connection.getOutputStream();
            return new FilterOutputStream(body) {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    watched("sending to", () -> {
                        out.write(b, off, len);
                        return null;
                    });
                }

                @Override
                public void flush() throws IOException {
                    watched("sending to", () -> {
                        out.flush();
                        return null;
                    });
                }

                @Override
                public void close() throws IOException {
                    watched("sending to", () -> {
                        out.close();
                        return null;
                    });
                }
            };
        }

        @Override
        public void setChunkedStreamingMode(int chunklen) {
            connection.setChunkedStreamingMode(chunklen);
        }

        @Override
        public String getRequestMethod() {
            return connection.getRequestMethod();
        }

        @Override
        public boolean usingProxy() {
            return connection.usingProxy();
        }

        @Override
        public void connect() throws IOException {
            connection.connect();
        }

        @Override
        public void configure(KeyManager[] km, TrustManager[] tm, SecureRandom random)
                throws NoSuchAlgorithmException, KeyManagementException {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(km, tm, random);
            ((HttpsURLConnection) connection).setSSLSocketFactory(context.getSocketFactory());
        }

        @Override
        public void setHostnameVerifier(HostnameVerifier verifier) {
            ((HttpsURLConnection) connection).setHostnameVerifier(verifier);
        }
    }
}
