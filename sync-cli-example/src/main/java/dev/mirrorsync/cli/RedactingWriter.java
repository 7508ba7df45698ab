package dev.mirrorsync.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.Collection;
import java.util.List;

/**
 * Masks secret values in everything written through it, line by line (and on flush), so that a token can
 * not reach the terminal or a CI log even through a message we did not write ourselves.
 */
final class RedactingWriter extends Writer {
    private static final int MIN_SECRET_LENGTH = 4;

    private final PrintWriter target;
    private final List<String> secrets;
    private final StringBuilder pending = new StringBuilder();

    private RedactingWriter(PrintWriter target, Collection<String> secrets) {
        this.target = target;
        this.secrets =
                secrets.stream().filter(s -> s.length() >= MIN_SECRET_LENGTH).toList();
    }

    static PrintWriter wrap(PrintWriter target, Collection<String> secrets) {
        return new PrintWriter(new RedactingWriter(target, secrets), true);
    }

    @Override
    public synchronized void write(char[] buffer, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            pending.append(buffer[i]);
            if (buffer[i] == '\n') {
                drain();
            }
        }
    }

    @Override
    public synchronized void flush() {
        drain();
        target.flush();
    }

    @Override
    public synchronized void close() {
        flush();
    }

    private void drain() {
        String text = pending.toString();
        pending.setLength(0);
        for (String secret : secrets) {
            text = text.replace(secret, "****");
        }
        target.write(text);
    }
}
