package dev.mirrorsync.gitcli;

import dev.mirrorsync.core.RepoLocation;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * One remote's token as git gets it, and as text must never show it. An HTTPS token becomes the setting
 * {@code http.<url>.extraHeader = Authorization: Basic base64(x-access-token:<token>)}, given to the one command that
 * talks to that URL through the environment ({@link GitProcess.Command#secretConfig}); git sends it to that URL only.
 * A token for any other scheme is not used (ssh uses keys; a local remote never gets it, so neither can its hooks).
 */
final class Secrets {
    static final String TOKEN_USER = "x-access-token";
    static final Secrets NONE = new Secrets(null, Optional.empty());
    private static final String MASK = "****";

    private final String url;
    private final Optional<String> token;

    private Secrets(String url, Optional<String> token) {
        this.url = url;
        this.token = token.filter(t -> !t.isEmpty());
    }

    static Secrets of(RepoLocation location) {
        boolean http = location.scheme().equals("https") || location.scheme().equals("http");
        return http ? new Secrets(location.url(), location.token()) : NONE;
    }

    private String basic() {
        return Base64.getEncoder()
                .encodeToString((TOKEN_USER + ":" + token.orElseThrow()).getBytes(StandardCharsets.UTF_8));
    }

    /** Adds the credential to a command that talks to this remote. */
    GitProcess.Command apply(GitProcess.Command command) {
        if (token.isPresent()) {
            command.secretConfig("http." + url + ".extraHeader", "Authorization: Basic " + basic());
        }
        return command;
    }

    /** Removes the token and the header made from it. */
    String redact(String text) {
        if (token.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : List.of(basic(), token.get())) {
            out = out.replace(secret, MASK);
        }
        return out;
    }
}
