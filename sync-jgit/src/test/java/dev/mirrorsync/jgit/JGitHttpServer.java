package dev.mirrorsync.jgit;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPInputStream;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.resolver.FileResolver;

/**
 * JGit's own smart-HTTP server ({@link GitServlet}) in Jetty 12, behind a basic-auth filter that takes the token
 * as the password of any user. GitServlet accepts pushes only from an authenticated remote user, so the filter
 * wraps authenticated requests; a read-only token may fetch but gets 403 on push. Records every request.
 */
public final class JGitHttpServer implements AutoCloseable {
    private final Server server;
    private final String token;
    private final String readOnlyToken;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> headers = new CopyOnWriteArrayList<>();
    private final AtomicReference<Runnable> preReceive = new AtomicReference<>();
    private final AtomicInteger failWith = new AtomicInteger();

    public JGitHttpServer(Path root, String token, String readOnlyToken) throws Exception {
        JGitRepos.isolateHostConfig();
        this.token = token;
        this.readOnlyToken = readOnlyToken;
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        GitServlet git = new GitServlet();
        git.setRepositoryResolver(new FileResolver<>(root.toFile(), true));
        git.setReceivePackFactory((request, db) -> {
            ReceivePack receivePack = new ReceivePack(db);
            receivePack.setPreReceiveHook((rp, commands) -> {
                Runnable hook = preReceive.getAndSet(null);
                if (hook != null) {
                    try {
                        hook.run();
                    } catch (RuntimeException | AssertionError e) {
                        // A failing hook declines the push, as a failing pre-receive script does in C git.
                        commands.forEach(
                                c -> c.setResult(ReceiveCommand.Result.REJECTED_OTHER_REASON, "declined by a hook"));
                    }
                }
            });
            return receivePack;
        });
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(git), "/git/*");
        context.addFilter(new FilterHolder(new AuthFilter()), "/*", EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        server.start();
    }

    public String url(String repoName) {
        return "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/git/" + repoName;
    }

    /** Every request so far, as {@code METHOD /path?query}, POSTs followed by the git command they carry ({@code [fetch]}, {@code [ls-refs]}). */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** Every header line received so far. */
    List<String> headers() {
        return List.copyOf(headers);
    }

    public void clearRequests() {
        requests.clear();
        headers.clear();
    }

    /** Runs once, inside the next push, after its commands arrived and before any ref is updated; if it throws, the push is declined. */
    public void beforeNextRefUpdate(Runnable hook) {
        preReceive.set(hook);
    }

    /** Answers every request with this status from now on (0: serve normally). */
    void failWith(int status) {
        failWith.set(status);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    /** A request whose body was read up front, so the log can say which git command it carried. */
    private static final class BufferedRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedRequest(HttpServletRequest request) throws IOException {
            super(request);
            body = request.getInputStream().readAllBytes();
        }

        /** {@code [fetch]} when the body asks for objects (v2 {@code command=fetch} or v0 {@code want}), else {@code [ls-refs]} or {@code [other]}. */
        String summary() throws IOException {
            byte[] plain = body;
            if ("gzip".equalsIgnoreCase(getHeader("Content-Encoding"))) {
                plain = new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
            }
            String text = new String(plain, StandardCharsets.ISO_8859_1);
            if (text.contains("command=fetch") || text.contains("want ")) {
                return "[fetch]";
            }
            return text.contains("command=ls-refs") ? "[ls-refs]" : "[other]";
        }

        @Override
        public jakarta.servlet.ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new jakarta.servlet.ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(jakarta.servlet.ReadListener listener) {
                    throw new UnsupportedOperationException();
                }
            };
        }
    }

    private final class AuthFilter implements Filter {
        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest request = (HttpServletRequest) req;
            HttpServletResponse response = (HttpServletResponse) res;
            String query = request.getQueryString() == null ? "" : "?" + request.getQueryString();
            if ("POST".equals(request.getMethod())) {
                request = new BufferedRequest(request);
            }
            requests.add(request.getMethod() + " " + request.getRequestURI() + query
                    + (request instanceof BufferedRequest buffered ? " " + buffered.summary() : ""));
            for (String name : Collections.list(request.getHeaderNames())) {
                headers.add(name + ": " + request.getHeader(name));
            }
            int failure = failWith.get();
            if (failure != 0) {
                response.sendError(failure);
                return;
            }
            String password = password(request.getHeader("Authorization"));
            boolean push = (request.getRequestURI() + query).contains("git-receive-pack");
            if (token.equals(password) || (readOnlyToken.equals(password) && !push)) {
                chain.doFilter(
                        new HttpServletRequestWrapper(request) {
                            @Override
                            public String getRemoteUser() {
                                return Remotes.TOKEN_USER;
                            }
                        },
                        response);
            } else if (readOnlyToken.equals(password)) {
                response.sendError(HttpServletResponse.SC_FORBIDDEN);
            } else {
                response.setHeader("WWW-Authenticate", "Basic realm=\"git\"");
                response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            }
        }

        private String password(String header) {
            if (header == null || !header.startsWith("Basic ")) {
                return null;
            }
            String decoded =
                    new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(colon + 1);
        }
    }
}
