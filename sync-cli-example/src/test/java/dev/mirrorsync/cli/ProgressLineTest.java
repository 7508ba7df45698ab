package dev.mirrorsync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    @Test
    void rewritesOneLineAndEndsItWhenATaskCompletes() {
        StringWriter text = new StringWriter();
        ProgressLine line = new ProgressLine(new PrintWriter(text));
        line.progress("https://example.com/r.git", "Receiving objects", 1, 4);
        line.progress("https://example.com/r.git", "Receiving objects", 1, 4);
        line.progress("https://example.com/r.git", "Receiving objects", 4, 4);
        line.progress("https://example.com/r.git", "Counting objects", 7, 0);

        String shown = text.toString();
        assertThat(shown)
                .contains(
                        "\r\033[Khttps://example.com/r.git: Receiving",
                        "25% (1/4)",
                        "100% (4/4)\n",
                        "Counting objects 7");
        assertThat(shown.split("25%", -1))
                .as("an unchanged percentage is not drawn again")
                .hasSize(2);
    }
}
