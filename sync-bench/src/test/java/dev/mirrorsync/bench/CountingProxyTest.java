package dev.mirrorsync.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The proxy's HTTP following and pack counting, on hand-made streams. */
class CountingProxyTest {
    private static final byte[] PACK_HEADER = {'P', 'A', 'C', 'K', 0, 0, 0, 2, 0, 0, 1, 2};

    @Test
    void countsAPackInAGzippedChunkedRequestSplitAcrossReads() throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write("00a0 old new refs/heads/main\0 report-status\n0000".getBytes(StandardCharsets.US_ASCII));
        body.write(PACK_HEADER);
        body.write(new byte[100]);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            body.writeTo(out);
        }
        byte[] zipped = gz.toByteArray();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.write(("POST /git/public.git/git-receive-pack HTTP/1.1\r\nContent-Encoding: gzip\r\n"
                        + "Transfer-Encoding: chunked\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        int half = zipped.length / 2;
        wire.write((Integer.toHexString(half) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        wire.write(zipped, 0, half);
        wire.write(("\r\n" + Integer.toHexString(zipped.length - half) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        wire.write(zipped, half, zipped.length - half);
        wire.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        wire.write("GET /git/public.git/info/refs?service=git-upload-pack HTTP/1.1\r\nHost: x\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));

        AtomicLong packs = new AtomicLong();
        AtomicLong objects = new AtomicLong();
        CountingProxy.PackHeaderScanner scanner = new CountingProxy.PackHeaderScanner(packs, objects);
        List<String> requests = new ArrayList<>();
        HttpStreamScanner http = new HttpStreamScanner(false, new HttpStreamScanner.Body() {
            @Override
            public void startMessage(String firstLine) {
                requests.add(firstLine);
            }

            @Override
            public void feed(byte b) {
                scanner.feed(b);
            }
        });
        byte[] bytes = wire.toByteArray();
        for (int i = 0; i < bytes.length; i += 7) {
            byte[] piece = Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + 7));
            http.feed(piece, piece.length);
        }
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1)).contains("/info/refs?service=git-upload-pack");
        assertThat(packs.get()).isEqualTo(1);
        assertThat(objects.get()).isEqualTo(0x0102);
    }

    @Test
    void countsAPackInAResponseWithAContentLength() {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        byte[] body = new byte[5 + PACK_HEADER.length];
        body[4] = 1; // a side-band byte before the pack, as upload-pack sends it
        System.arraycopy(PACK_HEADER, 0, body, 5, PACK_HEADER.length);
        wire.writeBytes(
                ("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        wire.writeBytes(body);
        wire.writeBytes("HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        AtomicLong packs = new AtomicLong();
        AtomicLong objects = new AtomicLong();
        CountingProxy.PackHeaderScanner scanner = new CountingProxy.PackHeaderScanner(packs, objects);
        List<String> messages = new ArrayList<>();
        HttpStreamScanner http = new HttpStreamScanner(true, new HttpStreamScanner.Body() {
            @Override
            public void startMessage(String firstLine) {
                messages.add(firstLine);
            }

            @Override
            public void feed(byte b) {
                scanner.feed(b);
            }
        });
        byte[] bytes = wire.toByteArray();
        http.feed(bytes, bytes.length);
        assertThat(messages).containsExactly("HTTP/1.1 200 OK", "HTTP/1.1 204 No Content");
        assertThat(packs.get()).isEqualTo(1);
        assertThat(objects.get()).isEqualTo(0x0102);
    }
}
