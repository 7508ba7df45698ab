package dev.mirrorsync.bench;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Follows one direction of an HTTP/1.1 connection byte by byte: request or status lines, headers, bodies framed by
 * {@code Content-Length} or chunked encoding, and gzip-encoded bodies (JGit gzips its request bodies, pushed packs
 * included, whenever that is smaller). Hands every decoded body byte to a {@link Body} and reports each request line.
 */
final class HttpStreamScanner {
    /** Receives decoded body bytes, and the start of each message. */
    interface Body {
        void startMessage(String firstLine);

        void feed(byte b);
    }

    private enum State {
        HEADERS,
        FIXED_BODY,
        CHUNK_SIZE,
        CHUNK_DATA,
        CHUNK_DATA_END,
        TRAILERS,
        UNTIL_CLOSE
    }

    private final boolean responses;
    private final Body body;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private State state = State.HEADERS;
    private String firstLine;
    private long contentLength = -1;
    private boolean chunked;
    private boolean gzip;
    private long remaining;
    private ByteArrayOutputStream gzipped;

    HttpStreamScanner(boolean responses, Body body) {
        this.responses = responses;
        this.body = body;
    }

    void feed(byte[] buffer, int length) {
        for (int i = 0; i < length; i++) {
            feed(buffer[i]);
        }
    }

    private void feed(byte b) {
        switch (state) {
            case HEADERS -> {
                if (readLine(b)) {
                    header(takeLine());
                }
            }
            case FIXED_BODY -> {
                bodyByte(b);
                if (--remaining == 0) {
                    endMessage();
                }
            }
            case CHUNK_SIZE -> {
                if (readLine(b)) {
                    String size = takeLine();
                    int semicolon = size.indexOf(';');
                    remaining = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).strip(), 16);
                    state = remaining == 0 ? State.TRAILERS : State.CHUNK_DATA;
                }
            }
            case CHUNK_DATA -> {
                bodyByte(b);
                if (--remaining == 0) {
                    state = State.CHUNK_DATA_END;
                }
            }
            case CHUNK_DATA_END -> {
                if (readLine(b)) {
                    takeLine();
                    state = State.CHUNK_SIZE;
                }
            }
            case TRAILERS -> {
                if (readLine(b) && takeLine().isEmpty()) {
                    endMessage();
                }
            }
            case UNTIL_CLOSE -> bodyByte(b);
        }
    }

    private boolean readLine(byte b) {
        if (b == '\n') {
            return true;
        }
        if (b != '\r' && line.size() < 8192) {
            line.write(b);
        }
        return false;
    }

    private String takeLine() {
        String text = line.toString(StandardCharsets.ISO_8859_1);
        line.reset();
        return text;
    }

    private void header(String text) {
        if (firstLine == null) {
            if (text.isEmpty()) {
                return; // a stray CRLF between messages
            }
            firstLine = text;
            body.startMessage(text);
            return;
        }
        if (!text.isEmpty()) {
            int colon = text.indexOf(':');
            if (colon > 0) {
                String name = text.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                String value = text.substring(colon + 1).strip().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "content-length" -> contentLength = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.contains("chunked");
                    case "content-encoding" -> gzip = value.contains("gzip");
                    default -> {
                        // not needed
                    }
                }
            }
            return;
        }
        // end of the headers
        boolean noBody = responses && (firstLine.matches("HTTP/\\S+ (1\\d\\d|204|304).*"));
        if (gzip) {
            gzipped = new ByteArrayOutputStream();
        }
        if (noBody) {
            endMessage();
        } else if (chunked) {
            state = State.CHUNK_SIZE;
        } else if (contentLength > 0) {
            remaining = contentLength;
            state = State.FIXED_BODY;
        } else if (contentLength == 0 || !responses) {
            endMessage();
        } else {
            state = State.UNTIL_CLOSE;
        }
    }

    private void bodyByte(byte b) {
        if (gzipped != null) {
            gzipped.write(b);
        } else {
            body.feed(b);
        }
    }

    private void endMessage() {
        if (gzipped != null) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped.toByteArray()))) {
                byte[] buffer = new byte[1 << 16];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    for (int i = 0; i < n; i++) {
                        body.feed(buffer[i]);
                    }
                }
            } catch (IOException e) {
                // not gzip after all: nothing to count in it
            }
        }
        state = State.HEADERS;
        firstLine = null;
        contentLength = -1;
        chunked = false;
        gzip = false;
        gzipped = null;
    }
}
