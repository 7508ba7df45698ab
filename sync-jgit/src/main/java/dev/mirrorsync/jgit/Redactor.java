package dev.mirrorsync.jgit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Removes a token, and the basic-auth header value made from it, from text that came from JGit or a remote
 * before the text reaches a message or a log line. Messages should never contain a token in the first place;
 * this is the second line of defence, for text we do not write ourselves (a server's error page, a hook's output).
 */
final class Redactor {
    static final String MASK = "****";
    private static final Redactor NONE = new Redactor(List.of());

    private final List<String> secrets;

    private Redactor(List<String> secrets) {
        this.secrets = secrets;
    }

    static Redactor of(Optional<String> token) {
        if (token.isEmpty() || token.get().isEmpty()) {
            return NONE;
        }
        String t = token.get();
        List<String> secrets = new ArrayList<>();
        secrets.add(t);
        Base64.Encoder base64 = Base64.getEncoder();
        secrets.add(base64.encodeToString((Remotes.TOKEN_USER + ":" + t).getBytes(StandardCharsets.UTF_8)));
        secrets.add(base64.encodeToString(t.getBytes(StandardCharsets.UTF_8)));
        return new Redactor(List.copyOf(secrets));
    }

    String apply(String text) {
        if (text == null) {
            return "";
        }
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, MASK);
        }
        return out;
    }
}
