package dev.mirrorsync.core;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.immutables.value.Value;

/**
 * Where one side of a pair lives: anything git accepts ({@code https://…}, {@code ssh://…},
 * {@code git@host:path}, {@code file://…} or a local path), plus the HTTPS token to use, if any.
 *
 * <p>The token never comes from the URL: a URL that embeds credentials is refused, with a message that
 * does not repeat them. {@link #toString()} shows the URL and masks the token. Instances are immutable.
 *
 * <p>A relative local path ({@code p.git}, {@code ./p.git}, {@code ../mirrors/p.git}) is resolved against the
 * working directory when the location is built, as {@code git} does, so {@link #url()} is then absolute: the
 * location means the same repository wherever it is used later.
 */
@Value.Immutable
public abstract class RepoLocation {
    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*)://");
    private static final Pattern SCP_LIKE = Pattern.compile("^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:.*");

    RepoLocation() {}

    /** The URL or path as git would take it (a relative path made absolute); never contains credentials. */
    public abstract String url();

    /** The HTTPS token, sent as basic auth with the user {@code x-access-token}. */
    @Value.Redacted
    public abstract Optional<String> token();

    public static RepoLocation of(String url) {
        return builder().url(url).build();
    }

    public static RepoLocation of(String url, Optional<String> token) {
        return builder().url(url).token(token).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link RepoLocation}; {@code build()} throws {@link IllegalArgumentException} on a bad URL. */
    public static final class Builder extends ImmutableRepoLocation.Builder {}

    /** The lower-case scheme ({@code https}, {@code file}, …), {@code ssh} for {@code user@host:path}, or {@code file} for a path. */
    public String scheme() {
        var matcher = SCHEME.matcher(url());
        if (matcher.find()) {
            return matcher.group(1).toLowerCase(Locale.ROOT);
        }
        return SCP_LIKE.matcher(url()).matches() ? "ssh" : "file";
    }

    /** Checks the URL, then makes a relative local path absolute (this same instance when nothing changes). */
    @Value.Check
    RepoLocation normalize() {
        check();
        if (!isRelativeLocalPath(url())) {
            return this;
        }
        Path absolute;
        try {
            absolute = Path.of(url()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(
                    "repository path '" + PrintableText.of(url()) + "' is not a usable path (" + e.getReason() + ")");
        }
        return builder().from(this).url(absolute.toString()).build();
    }

    /**
     * A path without a scheme that is not absolute. As git does, a colon before the first slash means
     * {@code host:path} (ssh), which is left alone.
     */
    private boolean isRelativeLocalPath(String url) {
        if (!scheme().equals("file") || url.contains("://")) {
            return false;
        }
        int colon = url.indexOf(':');
        int slash = url.indexOf('/');
        if (colon >= 0 && (slash < 0 || colon < slash)) {
            return false;
        }
        return !Path.of(url).isAbsolute();
    }

    private void check() {
        String url = url();
        if (url.isBlank()) {
            throw new IllegalArgumentException("a repository URL is empty");
        }
        if (url.startsWith("-")) {
            throw new IllegalArgumentException(
                    "repository URL '" + PrintableText.of(url) + "' starts with '-' and could be read as an option");
        }
        if (url.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("a repository URL contains a control character");
        }
        if (url.contains("::")) {
            // git's remote helpers (ext::, fd::, …) run commands or use descriptors: never from a config value.
            throw new IllegalArgumentException("repository URL '" + PrintableText.of(url)
                    + "' names a git remote helper ('<helper>::'); use https://, ssh://, file:// or a path");
        }
        String scheme = scheme();
        switch (scheme) {
            case "https", "http" -> {
                if (hasUserInfo(url)) {
                    throw new IllegalArgumentException("a repository URL for host '" + host(url)
                            + "' embeds credentials; remove them from the URL and pass the token through the"
                            + " environment (MIRROR_SYNC_PRIVATE_TOKEN / MIRROR_SYNC_PUBLIC_TOKEN)");
                }
            }
            case "git", "file" -> {
                if (url.contains("://") && hasUserInfo(url)) {
                    throw new IllegalArgumentException("a " + scheme + ":// URL for '" + host(url)
                            + "' has user information, which git would not use safely; remove it");
                }
            }
            case "ssh" -> {
                if (hasPassword(url)) {
                    throw new IllegalArgumentException("an ssh URL for host '" + host(url)
                            + "' embeds a password; use a key (ssh-agent or ~/.ssh) instead");
                }
            }
            default ->
                throw new IllegalArgumentException("repository URL scheme '" + PrintableText.of(scheme)
                        + "' is not supported; use https://, ssh://, git://, file:// or a local path");
        }
    }

    private static String authority(String url) {
        int start = url.indexOf("://") + 3;
        int end = url.indexOf('/', start);
        return end < 0 ? url.substring(start) : url.substring(start, end);
    }

    private static boolean hasUserInfo(String url) {
        return authority(url).contains("@");
    }

    private static boolean hasPassword(String url) {
        if (!url.contains("://")) {
            return false;
        }
        String authority = authority(url);
        int at = authority.lastIndexOf('@');
        return at >= 0 && authority.substring(0, at).contains(":");
    }

    private static String host(String url) {
        String authority = authority(url);
        String host = authority.substring(authority.lastIndexOf('@') + 1);
        return PrintableText.of(host);
    }

    @Override
    public String toString() {
        return url() + (token().isPresent() ? " (token ****)" : "");
    }
}
