package dev.mirrorsync.cli;

import dev.mirrorsync.core.MirrorSyncException;
import dev.mirrorsync.core.PrintableText;
import dev.mirrorsync.core.spi.IssueTracker;
import dev.mirrorsync.core.spi.IssueTrackerProvider;
import dev.mirrorsync.core.spi.TrackerConfig;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Finds issue trackers with {@link ServiceLoader}: those built in, those in the jars or directories given with
 * {@code --tracker-path}, and those in the {@code plugins/} directory beside the mirror-sync jar. The extra jars are
 * read through their own class loader, because {@code java -jar} ignores the class path.
 */
final class Trackers {
    /** The directory beside the mirror-sync jar whose jars are always searched for trackers. */
    static final String PLUGINS_DIRECTORY = "plugins";

    private Trackers() {}

    static List<IssueTrackerProvider> available(List<String> trackerPath) {
        ClassLoader loader = loader(trackerPath);
        return ServiceLoader.load(IssueTrackerProvider.class, loader).stream()
                .map(ServiceLoader.Provider::get)
                .sorted((a, b) -> a.id().compareTo(b.id()))
                .toList();
    }

    /**
     * {@code none}, or {@code ID} / {@code ID:ARGS} of an available provider.
     *
     * @throws MirrorSyncException {@code INVALID_INPUT} for an unknown tracker, a tracker path that is not there, or
     *     a tracker that cannot be made from its configuration (such as a missing token)
     */
    static Optional<IssueTracker> create(String spec, EngineOptions options, Console console) {
        if (spec.equals("none")) {
            return Optional.empty();
        }
        int colon = spec.indexOf(':');
        String id = colon < 0 ? spec : spec.substring(0, colon);
        String args = colon < 0 ? "" : spec.substring(colon + 1);
        List<IssueTrackerProvider> providers = available(options.trackerPath);
        IssueTrackerProvider provider = providers.stream()
                .filter(p -> p.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new MirrorSyncException(
                        MirrorSyncException.Reason.INVALID_INPUT,
                        "No issue tracker '" + PrintableText.of(id) + "'. Available: none, "
                                + String.join(
                                        ", ",
                                        providers.stream()
                                                .map(IssueTrackerProvider::id)
                                                .toList())
                                + " (add one with --tracker-path DIR_OR_JAR, or a jar in " + PLUGINS_DIRECTORY
                                + "/ beside the mirror-sync jar)"));
        TrackerConfig config = TrackerConfig.builder()
                .args(args)
                .endpoint(Optional.ofNullable(options.trackerEndpoint))
                .token(console.env(options.trackerTokenEnv))
                .tokenVariable(options.trackerTokenEnv)
                .build();
        try {
            return Optional.of(provider.create(config));
        } catch (MirrorSyncException e) {
            if (e.reason() == MirrorSyncException.Reason.AUTHENTICATION) {
                // Making a tracker reads only its configuration: a token that is not there is a configuration error.
                throw new MirrorSyncException(MirrorSyncException.Reason.INVALID_INPUT, e.getMessage(), e);
            }
            throw e;
        }
    }

    private static ClassLoader loader(List<String> trackerPath) {
        List<URL> urls = new ArrayList<>();
        for (String entry : trackerPath) {
            Path path;
            try {
                path = Path.of(entry).toAbsolutePath();
            } catch (InvalidPathException e) {
                throw new MirrorSyncException(
                        MirrorSyncException.Reason.INVALID_INPUT,
                        "--tracker-path '" + PrintableText.of(entry) + "' is not a usable path (" + e.getReason()
                                + ")");
            }
            if (!Files.exists(path)) {
                throw new MirrorSyncException(
                        MirrorSyncException.Reason.INVALID_INPUT,
                        "--tracker-path " + path
                                + ": nothing is there; give a jar with an IssueTrackerProvider, or a directory of such jars");
            }
            addEntry(path, urls);
        }
        beside().map(jar -> jar.resolveSibling(PLUGINS_DIRECTORY))
                .filter(Files::isDirectory)
                .ifPresent(plugins -> addEntry(plugins, urls));
        ClassLoader parent = Trackers.class.getClassLoader();
        return urls.isEmpty() ? parent : new URLClassLoader(urls.toArray(URL[]::new), parent);
    }

    /** A jar, or a directory: its classes and every jar in it. */
    private static void addEntry(Path path, List<URL> urls) {
        try {
            urls.add(path.toUri().toURL());
            if (Files.isDirectory(path)) {
                try (DirectoryStream<Path> jars = Files.newDirectoryStream(path, "*.jar")) {
                    for (Path jar : jars) {
                        urls.add(jar.toUri().toURL());
                    }
                }
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new MirrorSyncException(
                    MirrorSyncException.Reason.INVALID_INPUT,
                    "--tracker-path " + path + " cannot be read: " + e.getMessage(),
                    e);
        }
    }

    /** The mirror-sync jar, when running from one. */
    private static Optional<Path> beside() {
        try {
            var source = Trackers.class.getProtectionDomain().getCodeSource();
            if (source == null) {
                return Optional.empty();
            }
            Path location = Path.of(source.getLocation().toURI());
            return location.toString().endsWith(".jar") ? Optional.of(location) : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            return Optional.empty();
        }
    }
}
