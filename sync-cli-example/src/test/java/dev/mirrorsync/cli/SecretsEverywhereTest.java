package dev.mirrorsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command (sync, status, resolve, workflows, demo, sync --check) and the failure paths (a server that echoes the
 * credentials it received, an unreachable remote and tracker, a URL with a token in it) run with recognisable tokens in
 * the environment and {@code --verbose}; none of the tokens, nor the basic-auth value made from them, appears in
 * stdout, stderr, the log (captured from the process's standard error, where logback writes), JSON, issue bodies and
 * comments, exception traces, or any file of the cache, the issue directory, the generated workflows or the demo.
 */
class SecretsEverywhereTest {
    static final String PRIVATE_TOKEN = "ghp_PRIVATEsecret0123456789abcdefABCDEF01";
    static final String PUBLIC_TOKEN = "ghp_PUBLICsecret0123456789abcdefABCDEF012";
    static final String GITHUB_TOKEN = "ghs_GITHUBsecret0123456789abcdefABCDEF012";
    static final String CUSTOM_TOKEN = "glpat-CUSTOMsecret0123456789abcdefABCD";
    static final List<String> TOKENS = List.of(PRIVATE_TOKEN, PUBLIC_TOKEN, GITHUB_TOKEN, CUSTOM_TOKEN);

    @TempDir
    Path dir;

    private GitRepos git;
    private Path priv;
    private Path pub;
    private HttpServer echo;
    private final StringBuilder everything = new StringBuilder();
    private final AtomicInteger credentialsEchoed = new AtomicInteger();

    @BeforeEach
    void setUp() throws IOException {
        git = new GitRepos(dir);
        priv = git.bare("private");
        pub = git.bare("public");
        git.commit(priv, "a");
        git.copy(priv, pub, "main");
        git.commit(priv, "b");
        echo = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // A hostile or broken server: asks for credentials, then repeats them back in its answers and error pages.
        echo.createContext("/", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            byte[] body;
            if (auth == null) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"echo\"");
                body = "who are you?\n".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(401, body.length);
            } else {
                credentialsEchoed.incrementAndGet();
                String decoded = auth.startsWith("Basic ")
                        ? new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8)
                        : auth;
                body = ("{\"message\": \"bad credentials " + decoded + " (" + auth + ")\"}\n")
                        .getBytes(StandardCharsets.UTF_8);
                boolean api = !exchange.getRequestURI().getPath().contains(".git");
                exchange.getResponseHeaders().add("Content-Type", api ? "application/json" : "text/plain");
                exchange.sendResponseHeaders(api ? 500 : 200, body.length);
            }
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        echo.start();
    }

    @AfterEach
    void stop() {
        echo.stop(0);
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", dir.toString());
        env.put("MIRROR_SYNC_PRIVATE_TOKEN", PRIVATE_TOKEN);
        env.put("MIRROR_SYNC_PUBLIC_TOKEN", PUBLIC_TOKEN);
        env.put("GITHUB_TOKEN", GITHUB_TOKEN);
        env.put("MY_TOKEN", CUSTOM_TOKEN);
        return env;
    }

    /** Runs one command line in-process with --verbose, capturing the log that logback writes to standard error. */
    private Cli.Result run(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--verbose");
        PrintStream original = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        Cli.Result result;
        try {
            result = Cli.run(env(), all.toArray(String[]::new));
        } finally {
            System.setErr(original);
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        everything
                .append("\n$ ")
                .append(all.get(0))
                .append('\n')
                .append(result)
                .append("\n--- log\n")
                .append(logged);
        return result;
    }

    private String repos() {
        return "--private=" + priv + " --public=" + pub;
    }

    @Test
    void noTokenAppearsAnywhereWhateverTheCommandAndWhateverFails() throws Exception {
        Path cache = dir.resolve("cache");
        Path issues = dir.resolve("issues");
        String[] pair = repos().split(" ");
        String echoUrl = "http://127.0.0.1:" + echo.getAddress().getPort();

        // Every command, on the happy paths.
        run(concat(pair, "sync", "--json", "--cache", cache.toString(), "--tracker", "file:" + issues));
        git.commit(pub, "y");
        git.commit(priv, "x");
        run(concat(pair, "sync", "--cache", cache.toString(), "--tracker", "file:" + issues));
        git.commit(pub, "y2");
        run(concat(pair, "sync", "--json", "--cache", cache.toString(), "--tracker", "file:" + issues));
        run(concat(pair, "status", "--json"));
        run(concat(
                pair,
                "resolve",
                "--strategy",
                "merge",
                "--dry-run",
                "--cache",
                cache.toString(),
                "--tracker",
                "file:" + issues));
        run(concat(
                pair,
                "resolve",
                "--strategy",
                "merge",
                "--json",
                "--cache",
                cache.toString(),
                "--tracker",
                "file:" + issues));
        run(concat(pair, "sync", "--check", "--tracker", "file:" + issues));
        run(
                "workflows",
                "--private",
                "acme/cookbooks-private",
                "--public",
                "acme/cookbooks",
                "--out",
                dir.resolve("workflows").toString());
        run("demo", "--dir", dir.resolve("demo").toString());

        // The failure paths.
        run("sync", "--private", echoUrl + "/private.git", "--public", pub.toString(), "--cache", cache.toString());
        run(
                "sync",
                "--private",
                priv.toString(),
                "--public",
                echoUrl + "/public.git",
                "--public-token-env",
                "MY_TOKEN",
                "--cache",
                cache.toString(),
                "--json");
        run("sync", "--check", "--private", echoUrl + "/private.git", "--public", echoUrl + "/public.git");
        run("status", "--private", "https://127.0.0.1:1/private.git", "--public", pub.toString());
        run(
                "sync",
                "--private",
                "https://x-access-token:" + PRIVATE_TOKEN + "@example.invalid/p.git",
                "--public",
                pub.toString());
        git.commit(pub, "z");
        run(concat(
                pair,
                "sync",
                "--cache",
                cache.toString(),
                "--tracker",
                "github:acme/cookbooks",
                "--tracker-endpoint",
                echoUrl));
        run(concat(
                pair,
                "sync",
                "--cache",
                cache.toString(),
                "--tracker",
                "github:acme/cookbooks",
                "--tracker-endpoint",
                "http://127.0.0.1:1"));
        run(concat(pair, "sync", "--check", "--tracker", "github:acme/cookbooks", "--tracker-endpoint", echoUrl));

        assertThat(credentialsEchoed.get())
                .as("the echoing server got credentials to repeat")
                .isPositive();
        for (String token : TOKENS) {
            String basic =
                    Base64.getEncoder().encodeToString(("x-access-token:" + token).getBytes(StandardCharsets.UTF_8));
            assertThat(everything.toString())
                    .as("output and log")
                    .doesNotContain(token)
                    .doesNotContain(basic);
            for (Path tree : List.of(cache, issues, dir.resolve("workflows"), dir.resolve("demo"), priv, pub)) {
                assertNoFileContains(tree, token);
                assertNoFileContains(tree, basic);
            }
        }
        assertThat(Files.list(issues)
                        .filter(f -> f.toString().endsWith(".json"))
                        .count())
                .as("issues were filed")
                .isPositive();
    }

    private static String[] concat(String[] pair, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(1, List.of(pair));
        return all.toArray(String[]::new);
    }

    private static void assertNoFileContains(Path tree, String secret) throws IOException {
        if (!Files.exists(tree)) {
            return;
        }
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        try (var files = Files.walk(tree)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] content = Files.readAllBytes(file);
                assertThat(indexOf(content, needle))
                        .as(file + " contains a token")
                        .isNegative();
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
