package dev.mirrorsync.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A document a human reviews (an issue body), kept as a resource beside this class and rendered with values: the
 * tiny renderer mirror-sync owns instead of a template engine. {@code {{name}}} is replaced by its value, inserted
 * as it is (never expanded again). A line that holds nothing but a placeholder whose value is empty is left out,
 * together with the blank line after it, so that an optional section leaves no gap.
 */
final class Template {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z]+)}}");

    private final String name;
    private final String text;

    private Template(String name, String text) {
        this.name = name;
        this.text = text;
    }

    /** The resource {@code name} next to this class. */
    static Template load(String name) {
        try (InputStream in = Template.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the template " + name + " is missing from the class path");
            }
            return new Template(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the template " + name, e);
        }
    }

    /**
     * @throws IllegalArgumentException when the template names a value that {@code values} lacks
     */
    String render(Map<String, String> values) {
        StringBuilder out = new StringBuilder(text.length() * 2);
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            Matcher whole = PLACEHOLDER.matcher(line);
            if (whole.matches() && value(values, whole.group(1)).isEmpty()) {
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
