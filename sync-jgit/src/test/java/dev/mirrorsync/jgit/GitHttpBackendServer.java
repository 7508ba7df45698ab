package dev.mirrorsync.jgit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * C git's own smart-HTTP server: {@code git-http-backend} as a CGI behind lighttpd, with basic auth (user
 * {@code x-access-token}, the token as password). An authenticated request may push. Config in a temp dir,
 * a free port on 127.0.0.1, started per test class. Every authenticated request that reaches git is recorded
 * ({@link #requests()}): a small CGI wrapper appends it to a log before it runs git-http-backend, so the record is
 * written before the answer is, and a test can count round trips without waiting for a log flush.
 */
public final class GitHttpBackendServer implements AutoCloseable {
    private static final Path LIGHTTPD = Path.of("/usr/sbin/lighttpd");

    private final Process process;
    private final int port;
    private final Path errorLog;
    private final Path requestLog;

    /**
     * Fails when lighttpd is missing on CI (where {@code .ci/run} installs it), skips the test elsewhere.
     */
    public static void requireLighttpd() {
        boolean present = Files.isExecutable(LIGHTTPD) || onPath("lighttpd");
        if (!present && System.getenv("CI") != null) {
            fail("lighttpd is not installed, but CI must run the git-http-backend tests: apt-get install -y lighttpd"
                    + " (.ci/run does this)");
        }
        assumeTrue(present, "lighttpd is not installed (apt-get install -y lighttpd); skipping the C git HTTP tests");
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null
                && List.of(path.split(":")).stream().anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    public GitHttpBackendServer(Path root, Path work, String token) throws IOException, InterruptedException {
        requireLighttpd();
        String execPath = GitCli.git(work, "--exec-path");
        Path users = work.resolve("users");
        Files.writeString(users, Remotes.TOKEN_USER + ":" + token + "\n");
        errorLog = work.resolve("error.log");
        requestLog = work.resolve("requests.log");
        Path cgi = work.resolve("git-http-backend-recorded");
        // A POST's body is kept in a file so that its protocol v2 command (the first pkt-line, "command=ls-refs" or
        // "command=fetch") can be read before git-http-backend gets the same bytes.
        Files.writeString(
                cgi,
                String.join(
                        "\n",
                        "#!/bin/sh",
                        "command=",
                        "if [ \"$REQUEST_METHOD\" = POST ]; then",
                        "  body=$(mktemp '" + work + "/body.XXXXXX')",
                        "  cat > \"$body\"",
                        "  if [ \"$HTTP_CONTENT_ENCODING\" = gzip ]; then first() { gzip -dc < \"$body\"; }; "
                                + "else first() { cat \"$body\"; }; fi",
                        "  command=$(first 2>/dev/null | head -c 64 | tr -c 'a-z=-' ' ' | grep -o 'command=[a-z-]*')",
                        "  if [ \"$command\" = command=ls-refs ]; then",
                        "    prefixes=$(first 2>/dev/null | tr -c 'A-Za-z0-9/._+@=-' ' ' | grep -o 'ref-prefix [^ ]*'"
                                + " | cut -d' ' -f2 | tr '\\n' ' ')",
                        "    printf '%s\\n' \"${prefixes% }\" >> '" + work.resolve("ref-prefixes.log") + "'",
                        "  fi",
                        "  exec < \"$body\"",
                        "  rm -f \"$body\"",
                        "fi",
                        "printf '%s %s %s %s\\n' \"$REQUEST_METHOD\" \"$PATH_INFO\" \"$QUERY_STRING\" \"$command\" >> '"
                                + requestLog + "'",
                        "exec '" + execPath + "/git-http-backend'",
                        ""));
        Files.setPosixFilePermissions(cgi, PosixFilePermissions.fromString("rwxr-xr-x"));
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int candidate;
            try (ServerSocket socket = new ServerSocket(0)) {
                candidate = socket.getLocalPort();
            }
            Path config = work.resolve("lighttpd.conf");
            Files.writeString(
                    config,
                    String.join(
                            "\n",
                            "server.document-root = \"" + root + "\"",
                            "server.bind = \"127.0.0.1\"",
                            "server.port = " + candidate,
                            "server.errorlog = \"" + errorLog + "\"",
                            "server.modules = ( \"mod_alias\", \"mod_auth\", \"mod_authn_file\", \"mod_cgi\", \"mod_setenv\" )",
                            "auth.backend = \"plain\"",
                            "auth.backend.plain.userfile = \"" + users + "\"",
                            "alias.url = ( \"/git\" => \"" + cgi + "\" )",
                            "$HTTP[\"url\"] =~ \"^/git\" {",
                            "  cgi.assign = ( \"\" => \"\" )",
                            "  setenv.set-environment = ( \"GIT_PROJECT_ROOT\" => \"" + root
                                    + "\", \"GIT_HTTP_EXPORT_ALL\" => \"1\","
                                    + " \"GIT_CONFIG_NOSYSTEM\" => \"1\", \"GIT_CONFIG_GLOBAL\" => \"/dev/null\","
                                    + " \"PATH\" => \"" + System.getenv("PATH") + "\" )",
                            "  auth.require = ( \"\" => ( \"method\" => \"basic\", \"realm\" => \"git\", \"require\" => \"valid-user\" ) )",
                            "}",
                            ""));
            ProcessBuilder builder = new ProcessBuilder(LIGHTTPD.toString(), "-D", "-f", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("lighttpd.out").toFile());
            Process started = builder.start();
            if (waitForPort(candidate, started)) {
                process = started;
                port = candidate;
                return;
            }
            started.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            last = new IOException("lighttpd did not start on port " + candidate + ": "
                    + (Files.exists(errorLog) ? Files.readString(errorLog) : "")
                    + Files.readString(work.resolve("lighttpd.out")));
        }
        throw last;
    }

    private static boolean waitForPort(int port, Process process) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                return false;
            }
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        return false;
    }

    public String url(String repoName) {
        return "http://127.0.0.1:" + port + "/git/" + repoName;
    }

    /**
     * Every request that reached git so far, one line each: {@code METHOD /repo/path query command}, for example
     * {@code GET /private.git/info/refs service=git-upload-pack } (the start of a conversation: with protocol v2 it
     * advertises capabilities, with v0 refs), {@code POST /private.git/git-upload-pack  command=ls-refs} (protocol
     * v2's ref advertisement), {@code POST /private.git/git-upload-pack  command=fetch} or
     * {@code POST /public.git/git-receive-pack  } (a push).
     */
    public List<String> requests() throws IOException {
        return Files.exists(requestLog) ? Files.readAllLines(requestLog) : List.of();
    }

    /**
     * One line per protocol v2 ref listing ({@code command=ls-refs}) so far: the {@code ref-prefix} arguments it sent,
     * space-separated, in order; an empty line for a listing that asked for every ref.
     */
    public List<String> refPrefixes() throws IOException {
        Path log = requestLog.resolveSibling("ref-prefixes.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
