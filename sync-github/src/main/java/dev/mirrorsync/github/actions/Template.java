package dev.mirrorsync.github.actions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A document a person reviews (a workflow, a job summary), kept as a readable resource beside this class, with
 * {@code {{name}}} placeholders filled from a map. Every placeholder must have a value, so a template and its
 * caller cannot drift apart unnoticed (a value may go unused: the workflows share one map); values are inserted
 * as they are, so callers validate or escape them first.
 */
final class Template {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-zA-Z][a-zA-Z0-9-]*)}}");

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
                throw new IllegalStateException("template " + name + " is missing from this build of mirror-sync");
            }
            return new Template(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the template " + name, e);
        }
    }

    String render(Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 256);
        while (m.find()) {
            String key = m.group(1);
            String value = values.get(key);
            if (value == null) {
                throw new IllegalStateException("template " + name + " needs a value for {{" + key + "}}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
