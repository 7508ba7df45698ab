package dev.mirrorsync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {
    private static final Template TEMPLATE = Template.load(TemplateTest.class, "template-test.txt");

    @Test
    void fillsEveryPlaceholderAndNeverExpandsAValueAgain() {
        String out = TEMPLATE.render(Map.of("who", "{{plain}}", "who-else", "b", "extra", "x", "plain", "p"));
        assertThat(out).isEqualTo("Hello {{plain}}, b.\n\nx\n\np\n\nEnd\n");
    }

    @Test
    void anEmptyOptionalLineGoesWithTheBlankLineAfterItAndAnEmptyPlainOneStays() {
        String out = TEMPLATE.render(Map.of("who", "a", "who-else", "b", "extra", "", "plain", ""));
        assertThat(out).isEqualTo("Hello a, b.\n\n\n\nEnd\n");
    }

    @Test
    void aMissingValueNamesThePlaceholder() {
        assertThatThrownBy(() -> TEMPLATE.render(Map.of("who", "a")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("template-test.txt")
                .hasMessageContaining("{{who-else}}");
    }

    @Test
    void aMissingTemplateIsABrokenBuild() {
        assertThatThrownBy(() -> Template.load(TemplateTest.class, "no-such.txt"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no-such.txt");
    }
}
