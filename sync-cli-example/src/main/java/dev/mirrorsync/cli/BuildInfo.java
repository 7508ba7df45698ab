package dev.mirrorsync.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

/**
 * What {@code --version} says: the version, the commit and date of the build, the JGit version, and the Java runtime.
 * The build writes {@code build.properties} (resource filtering) and {@code build-commit.txt} ({@code git rev-parse});
 * a build without a {@code .git} directory says "commit unknown".
 */
record BuildInfo(String version, String commit, String built, String jgit) {
    static BuildInfo load() {
        Properties build = properties("build.properties");
        Properties jgitPom = properties("/META-INF/maven/org.eclipse.jgit/org.eclipse.jgit/pom.properties");
        String implementation = Main.class.getPackage().getImplementationVersion();
        String version = implementation != null ? implementation : build.getProperty("version", "unknown");
        String commit = text("build-commit.txt")
                .lines()
                .findFirst()
                .map(String::strip)
                .filter(line -> line.matches("[0-9a-f]{7,40}"))
                .orElse("unknown");
        String jgit = jgitPom.getProperty("version", build.getProperty("jgit", "unknown"));
        return new BuildInfo(version, commit, build.getProperty("built", "unknown"), jgit);
    }

    List<String> lines() {
        return List.of(
                "mirror-sync " + version,
                "commit " + commit + ", built " + built,
                "JGit " + jgit,
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                        + System.getProperty("java.vendor") + ") on " + System.getProperty("os.name") + " "
                        + System.getProperty("os.arch"));
    }

    private static Properties properties(String resource) {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(resource)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // an unreadable resource is an unknown value, not a failure of --version
        }
        return properties;
    }

    private static String text(String resource) {
        try (InputStream in = BuildInfo.class.getResourceAsStream(resource)) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
