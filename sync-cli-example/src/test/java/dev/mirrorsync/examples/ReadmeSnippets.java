package dev.mirrorsync.examples;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The Java blocks of README.md, taken from the file itself (each follows a {@code <!-- snippet: NAME} line), so that
 * the README cannot drift from what is compiled and run: compiled with the JDK's compiler against the test class path.
 */
public final class ReadmeSnippets {
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern CLASS = Pattern.compile("^public (?:final )?class (\\w+)", Pattern.MULTILINE);

    private ReadmeSnippets() {}

    /** The repository's README.md (tests run in the module's directory). */
    public static Path readme() {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("sync-core"))) {
                return dir.resolve("README.md");
            }
        }
        throw new IllegalStateException("no README.md above " + here);
    }

    /** The fenced Java block after {@code <!-- snippet: name}. */
    public static String snippet(String name) {
        try {
            String text = Files.readString(readme(), StandardCharsets.UTF_8);
            int marker = text.indexOf("<!-- snippet: " + name);
            if (marker < 0) {
                throw new IllegalStateException("README.md has no snippet '" + name + "'");
            }
            int start = text.indexOf("```java\n", marker) + "```java\n".length();
            int end = text.indexOf("\n```", start);
            return text.substring(start, end + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fully qualified name of the snippet's public class. */
    public static String className(String source) {
        Matcher pkg = PACKAGE.matcher(source);
        Matcher cls = CLASS.matcher(source);
        if (!cls.find()) {
            throw new IllegalStateException("no public class in:\n" + source);
        }
        return (pkg.find() ? pkg.group(1) + "." : "") + cls.group(1);
    }

    /**
     * Compiles one snippet into {@code classes} against the test class path.
     *
     * @throws AssertionError with the compiler's messages when it does not compile
     */
    public static Path compile(String source, Path work) throws IOException {
        String name = className(source);
        Path file = work.resolve("src").resolve(name.replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source, StandardCharsets.UTF_8);
        Path classes = Files.createDirectories(work.resolve("classes"));
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        StringWriter messages = new StringWriter();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        boolean ok = compiler.getTask(
                        messages,
                        null,
                        null,
                        List.of(
                                "-classpath",
                                classPath,
                                "-d",
                                classes.toString(),
                                "-Xlint:all",
                                "-Werror",
                                "-proc:none"),
                        null,
                        compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)
                                .getJavaFileObjects(file.toFile()))
                .call();
        if (!ok) {
            throw new AssertionError("README.md's snippet " + name + " does not compile:\n" + messages);
        }
        return classes;
    }

    /** A jar of the compiled classes, with the given {@code META-INF/services} entries. */
    public static Path jar(Path classes, Path jar, String service, String provider) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jarOut = new JarOutputStream(out, manifest);
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                jarOut.putNextEntry(
                        new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                jarOut.write(Files.readAllBytes(file));
                jarOut.closeEntry();
            }
            jarOut.putNextEntry(new JarEntry("META-INF/services/" + service));
            jarOut.write((provider + "\n").getBytes(StandardCharsets.UTF_8));
            jarOut.closeEntry();
        }
        return jar;
    }
}
