package dev.mirrorsync.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * C git's smart-HTTP server, as GitHub-like as this machine allows: {@code git-http-backend} as a CGI behind
 * lighttpd on 127.0.0.1, every repository under {@code root} exported, pushes allowed by each repository's
 * {@code http.receivepack}. Request and response bodies are streamed, not spooled to temporary files.
 * Protocol v2 is passed through, as GitHub speaks it.
 */
final class GitHttpServer implements AutoCloseable {
    static final Path LIGHTTPD = Path.of("/usr/sbin/lighttpd");

    private final Process process;
    private final int port;

    private GitHttpServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static boolean available() {
        return Files.isExecutable(LIGHTTPD);
    }

    static GitHttpServer start(Path root, Path work) throws IOException, InterruptedException {
        if (!available()) {
            throw new IllegalStateException("lighttpd is missing: apt-get install -y lighttpd (.ci/run does this)");
        }
        String execPath = Processes.git(work, "--exec-path");
        Path errorLog = work.resolve("lighttpd-error.log");
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
                            "server.max-connections = 256",
                            "server.stream-request-body = 2",
                            "server.stream-response-body = 2",
                            "server.modules = ( \"mod_alias\", \"mod_cgi\", \"mod_setenv\" )",
                            "alias.url = ( \"/git\" => \"" + execPath + "/git-http-backend\" )",
                            "$HTTP[\"url\"] =~ \"^/git\" {",
                            "  cgi.assign = ( \"\" => \"\" )",
                            "  setenv.set-environment = ( \"GIT_PROJECT_ROOT\" => \"" + root
                                    + "\", \"GIT_HTTP_EXPORT_ALL\" => \"1\","
                                    + " \"GIT_CONFIG_NOSYSTEM\" => \"1\", \"GIT_CONFIG_GLOBAL\" => \"/dev/null\","
                                    + " \"PATH\" => \"" + System.getenv("PATH") + "\" )",
                            "}",
                            ""));
            Process started = new ProcessBuilder(LIGHTTPD.toString(), "-D", "-f", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("lighttpd.out").toFile())
                    .start();
            if (waitForPort(candidate, started)) {
                // an interrupted harness (Ctrl-C) must not leave a server behind
                Runtime.getRuntime().addShutdownHook(new Thread(started::destroyForcibly, "stop-lighttpd"));
                return new GitHttpServer(started, candidate);
            }
            started.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            last = new IOException("lighttpd did not start on port " + candidate + ": "
                    + (Files.exists(errorLog) ? Files.readString(errorLog) : "")
                    + Files.readString(work.resolve("lighttpd.out")));
        }
        throw last;
    }

    /** Makes a bare repository under the root pushable over HTTP, with no background gc to disturb timings. */
    static void configure(Path bareRepo) {
        for (List<String> setting : List.of(
                List.of("http.receivepack", "true"),
                List.of("gc.auto", "0"),
                List.of("receive.autogc", "false"),
                List.of("core.logAllRefUpdates", "false"),
                List.of("uploadpack.allowFilter", "true"))) {
            Processes.git(bareRepo, "config", setting.get(0), setting.get(1));
        }
    }

    @SuppressWarnings("try") // connecting is the test; the socket is only closed again
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

    int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
