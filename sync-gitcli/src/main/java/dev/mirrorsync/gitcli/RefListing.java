package dev.mirrorsync.gitcli;

import dev.mirrorsync.core.CommitId;
import dev.mirrorsync.core.RepoLocation;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A listing that asks the server for the wanted refs only: protocol v2's {@code ls-refs} with one {@code ref-prefix}
 * per name and prefix. {@code git ls-remote} cannot ask so: its patterns match the tails of ref names, so it sends no
 * prefix, and the server advertises every ref it has (228 KiB for git/git's tags; a GitHub repository also advertises
 * two refs per pull request). Spoken through git's own transports, so that proxies, TLS settings and the token work
 * as for every other command: the remote helper's {@code stateless-connect} over smart HTTP ({@code git remote-http},
 * {@code git remote-https}), {@code git upload-pack} for a repository on this machine.
 *
 * <p>Anything unexpected (another transport, a server without protocol v2, an error, an answer that does not parse)
 * is an empty answer, and the caller lists with {@code ls-remote}, which also says what went wrong in git's words.
 * Answers hold every advertised ref that starts with one of the prefixes asked; the caller keeps the ones it asked for.
 * Annotated tags are listed with the tag object's id (no {@code peel}), as {@code ls-remote} lists them.
 */
final class RefListing {
    private static final int FLUSH = 0;
    private static final int DELIMITER = 1;
    private static final int RESPONSE_END = 2;
    private static final int MAX_PACKET = 65520;
    private static final Pattern OBJECT_ID = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");

    private RefListing() {}

    /**
     * The refs of {@code location} whose names start with one of {@code prefixes}, or empty when this transport or
     * server cannot be asked so.
     *
     * @param remote the command's configuration for this remote (its token, its timeouts), without arguments yet
     */
    static Optional<Map<String, CommitId>> list(
            GitProcess git, GitProcess.Command remote, RepoLocation location, List<String> prefixes) {
        String scheme = location.scheme();
        GitProcess.Command command;
        boolean helper;
        if (scheme.equals("http") || scheme.equals("https")) {
            command = remote.args("remote-" + scheme, location.url(), location.url());
            helper = true;
        } else if (scheme.equals("file")) {
            Optional<String> path = localPath(location.url());
            if (path.isEmpty()) {
                return Optional.empty();
            }
            command = remote.env("GIT_PROTOCOL", "version=2").args("upload-pack", "--", path.get());
            helper = false;
        } else {
            return Optional.empty();
        }
        GitProcess.Talked<Map<String, CommitId>> talked =
                git.talk(command, (stdout, stdin) -> converse(stdout, stdin, helper, prefixes));
        return talked.result().ok() ? talked.answer() : Optional.empty();
    }

    /** A plain path, or a {@code file:} URL of this machine without escapes; else empty (ls-remote decides). */
    private static Optional<String> localPath(String url) {
        if (!url.contains("://")) {
            return Optional.of(url);
        }
        if (!url.toLowerCase(Locale.ROOT).startsWith("file:///") || url.contains("%")) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(URI.create(url).getPath());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<Map<String, CommitId>> converse(
            InputStream stdout, OutputStream stdin, boolean helper, List<String> prefixes) throws IOException {
        InputStream in = new BufferedInputStream(stdout);
        if (helper) {
            stdin.write("capabilities\n".getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
            boolean stateless = false;
            for (String line = line(in); !line.isEmpty(); line = line(in)) {
                stateless |= line.equals("stateless-connect");
            }
            if (!stateless) {
                return Optional.empty();
            }
            stdin.write("stateless-connect git-upload-pack\n".getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
            // an empty line: connected; "fallback": the server does not speak protocol v2
            if (!line(in).isEmpty()) {
                return Optional.empty();
            }
        }
        List<String> capabilities = new ArrayList<>();
        Packet packet = packet(in);
        for (; packet.data() != null; packet = packet(in)) {
            capabilities.add(packet.text());
        }
        if (packet.kind() != FLUSH
                || capabilities.isEmpty()
                || !capabilities.get(0).equals("version 2")
                || capabilities.stream().noneMatch(c -> c.equals("ls-refs") || c.startsWith("ls-refs="))) {
            return Optional.empty();
        }
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        write(request, "command=ls-refs\n");
        capabilities.stream()
                .filter(c -> c.startsWith("object-format="))
                .findFirst()
                .ifPresent(format -> write(request, format + "\n"));
        request.write(new byte[] {'0', '0', '0', '1'});
        for (String prefix : prefixes) {
            write(request, "ref-prefix " + prefix + "\n");
        }
        request.write(new byte[] {'0', '0', '0', '0'});
        request.writeTo(stdin);
        stdin.flush();
        Map<String, CommitId> refs = new LinkedHashMap<>();
        for (packet = packet(in); packet.data() != null; packet = packet(in)) {
            String text = packet.text();
            int space = text.indexOf(' ');
            if (space < 0 || !OBJECT_ID.matcher(text.substring(0, space)).matches()) {
                return Optional.empty(); // an ERR packet, or anything else that is not "<id> <name>"
            }
            int end = text.indexOf(' ', space + 1);
            refs.put(text.substring(space + 1, end < 0 ? text.length() : end), CommitId.of(text.substring(0, space)));
        }
        // Only a flush ends a listing. A helper whose request failed (a 5xx, a proxy's error) sends no listing, only
        // its response-end packet, and still exits 0: that is no answer, not an empty one.
        if (packet.kind() != FLUSH || (helper && packet(in).kind() != RESPONSE_END)) {
            return Optional.empty();
        }
        return Optional.of(refs);
    }

    /** One pkt-line: its payload, or null data for a flush, delimiter or response-end packet ({@code kind}). */
    private record Packet(byte[] data, int kind) {
        String text() {
            String text = new String(data, StandardCharsets.UTF_8);
            return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        }
    }

    private static Packet packet(InputStream in) throws IOException {
        byte[] header = in.readNBytes(4);
        if (header.length < 4) {
            throw new IOException("the listing ended inside a packet");
        }
        int length;
        try {
            length = Integer.parseInt(new String(header, StandardCharsets.US_ASCII), 16);
        } catch (NumberFormatException e) {
            throw new IOException("not a pkt-line header");
        }
        if (length == FLUSH || length == DELIMITER || length == RESPONSE_END) {
            return new Packet(null, length);
        }
        if (length < 4 || length > MAX_PACKET) {
            throw new IOException("a pkt-line of length " + length);
        }
        byte[] data = in.readNBytes(length - 4);
        if (data.length < length - 4) {
            throw new IOException("the listing ended inside a packet");
        }
        return new Packet(data, length);
    }

    private static void write(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeBytes(String.format(Locale.ROOT, "%04x", bytes.length + 4).getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(bytes);
    }

    /** One line of the remote helper's answers, without its new line; an end of output is an I/O error. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("the remote helper ended its answers");
            }
            line.write(c);
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
