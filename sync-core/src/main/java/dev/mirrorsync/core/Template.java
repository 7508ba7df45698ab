package dev.mirrorsync.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A document a person reviews (an issue body, a workflow, a job summary), kept as a readable resource beside the
 * class that fills it, and rendered with values: the one small renderer mirror-sync owns instead of a template engine.
 *
 * <ul>
 *   <li>{@code {{name}}} (a letter, then letters, digits or {@code -}) is replaced by its value, inserted as it is and
 *       never expanded again: callers validate or escape values first.
 *   <li>{@code {{name?}}} alone on a line marks an optional section: when its value is empty, the line is left out
 *       together with the blank line after it, so that the section leaves no gap.
 *   <li>Every placeholder must have a value, so a template and its caller cannot drift apart unnoticed (a value may
 *       go unused, when templates share one map).
 * </ul>
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class Template {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-zA-Z][a-zA-Z0-9-]*)(\\??)}}");

    private final String name;
    private final String text;

    private Template(String name, String text) {
        this.name = name;
        this.text = text;
    }

    /**
     * The resource {@code name} in the package of {@code anchor}, read as UTF-8.
     *
     * @throws IllegalStateException when the resource is not on the class path (a broken build)
     * @throws UncheckedIOException when it cannot be read
     */
    public static Template load(Class<?> anchor, String name) {
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the template " + name + " is missing from this build of mirror-sync");
            }
            return new Template(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the template " + name, e);
        }
    }

    /**
     * @throws IllegalArgumentException when the template names a value that {@code values} lacks
     */
    public String render(Map<String, String> values) {
        Objects.requireNonNull(values, "values");
        StringBuilder out = new StringBuilder(text.length() * 2);
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher whole = PLACEHOLDER.matcher(line);
            if (whole.matches()
                    && !whole.group(2).isEmpty()
                    && value(values, whole.group(1)).isEmpty()) {
                if (i + 1 < lines.length && lines[i + 1].isEmpty()) {
                    i++;
                }
                continue;
            }
            Matcher m = PLACEHOLDER.matcher(line);
            int from = 0;
            while (m.find()) {
                out.append(line, from, m.start()).append(value(values, m.group(1)));
                from = m.end();
            }
            out.append(line, from, line.length());
            if (i + 1 < lines.length) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    private String value(Map<String, String> values, String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("the template " + name + " needs a value for {{" + key + "}}");
        }
        return value;
    }
}
