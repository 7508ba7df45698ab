package dev.mirrorsync.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of the git server that counts, on the server's side of every client: bytes each way
 * (HTTP headers included), HTTP requests, ref advertisements ({@code GET …/info/refs?service=…}), and packs with
 * their object counts, read from each pack's header ({@code PACK}, version 2, object count) in the decoded
 * (de-chunked, gunzipped) HTTP bodies of either direction.
 *
 * <p>It runs inside the harness's JVM, so it keeps account of its own threads' CPU time, which the harness takes
 * off the JVM's process CPU when it measures mirror-sync in-process.
 */
final class CountingProxy implements AutoCloseable {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** A copy of every counter at one moment; subtract two to get what happened in between. */
    record Counts(
            long bytesToServer,
            long bytesToClient,
            long requests,
            long advertisements,
            long packsToServer,
            long objectsToServer,
            long packsToClient,
            long objectsToClient,
            long proxyCpuNanos) {
        Counts minus(Counts o) {
            return new Counts(
                    bytesToServer - o.bytesToServer,
                    bytesToClient - o.bytesToClient,
                    requests - o.requests,
                    advertisements - o.advertisements,
                    packsToServer - o.packsToServer,
                    objectsToServer - o.objectsToServer,
                    packsToClient - o.packsToClient,
                    objectsToClient - o.objectsToClient,
                    proxyCpuNanos - o.proxyCpuNanos);
        }

        long bytes() {
            return bytesToServer + bytesToClient;
        }

        long packs() {
            return packsToServer + packsToClient;
        }

        long objects() {
            return objectsToServer + objectsToClient;
        }
    }

    private final ServerSocket listener;
    private final int target;
    private final ExecutorService pumps = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "counting-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong bytesToServer = new AtomicLong();
    private final AtomicLong bytesToClient = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong advertisements = new AtomicLong();
    private final AtomicLong packsToServer = new AtomicLong();
    private final AtomicLong objectsToServer = new AtomicLong();
    private final AtomicLong packsToClient = new AtomicLong();
    private final AtomicLong objectsToClient = new AtomicLong();
    private final AtomicLong cpuNanos = new AtomicLong();
    private final List<Socket> open = new ArrayList<>();
    private volatile boolean closed;

    CountingProxy(int targetPort) throws IOException {
        this.target = targetPort;
        this.listener = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        pumps.execute(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    Counts counts() {
        return new Counts(
                bytesToServer.get(),
                bytesToClient.get(),
                requests.get(),
                advertisements.get(),
                packsToServer.get(),
                objectsToServer.get(),
                packsToClient.get(),
                objectsToClient.get(),
                cpuNanos.get());
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                synchronized (open) {
                    open.add(client);
                    open.add(server);
                }
                AtomicInteger running = new AtomicInteger(2);
                Runnable done = () -> {
                    if (running.decrementAndGet() == 0) {
                        closeQuietly(client);
                        closeQuietly(server);
                        synchronized (open) {
                            open.remove(client);
                            open.remove(server);
                        }
                    }
                };
                pumps.execute(() -> {
                    pump(client, server, true);
                    done.run();
                });
                pumps.execute(() -> {
                    pump(server, client, false);
                    done.run();
                });
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("counting proxy: " + e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean toServer) {
        PackHeaderScanner packs = new PackHeaderScanner(
                toServer ? packsToServer : packsToClient, toServer ? objectsToServer : objectsToClient);
        HttpStreamScanner http = new HttpStreamScanner(!toServer, new HttpStreamScanner.Body() {
            @Override
            public void startMessage(String firstLine) {
                if (toServer) {
                    requests.incrementAndGet();
                    if (firstLine.startsWith("GET ") && firstLine.contains("/info/refs?service=git-")) {
                        advertisements.incrementAndGet();
                    }
                }
            }

            @Override
            public void feed(byte b) {
                packs.feed(b);
            }
        });
        AtomicLong bytes = toServer ? bytesToServer : bytesToClient;
        byte[] buffer = new byte[1 << 16];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            while (true) {
                int n = in.read(buffer);
                long cpuStart = THREADS.getCurrentThreadCpuTime();
                if (n < 0) {
                    break;
                }
                try {
                    http.feed(buffer, n);
                } catch (RuntimeException e) {
                    // never let counting break the connection it counts
                    System.err.println("counting proxy: cannot follow the HTTP stream: " + e);
                }
                bytes.addAndGet(n);
                out.write(buffer, 0, n);
                out.flush();
                cpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - cpuStart);
            }
        } catch (IOException e) {
            // a connection closed by either end: nothing to count any more
        } finally {
            try {
                to.shutdownOutput();
            } catch (IOException e) {
                // already closed
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        synchronized (open) {
            for (Socket socket : open) {
                closeQuietly(socket);
            }
        }
        pumps.shutdownNow();
    }

    /** Finds one fixed byte pattern in a stream, across reads (Knuth–Morris–Pratt). */
    static final class Matcher {
        private final byte[] pattern;
        private final int[] fallback;
        private int matched;

        Matcher(String text) {
            pattern = text.getBytes(StandardCharsets.US_ASCII);
            fallback = new int[pattern.length];
            for (int i = 1, k = 0; i < pattern.length; i++) {
                while (k > 0 && pattern[i] != pattern[k]) {
                    k = fallback[k - 1];
                }
                if (pattern[i] == pattern[k]) {
                    k++;
                }
                fallback[i] = k;
            }
        }

        boolean feed(byte b) {
            while (matched > 0 && pattern[matched] != b) {
                matched = fallback[matched - 1];
            }
            if (pattern[matched] == b) {
                matched++;
            }
            if (matched == pattern.length) {
                matched = fallback[matched - 1];
                return true;
            }
            return false;
        }
    }

    /**
     * Counts packs by their 12-byte header: "PACK", version 2, then the object count (big-endian), in a decoded
     * body. In a fetch response the pack sits inside side-band packets, whose 5-byte headers could in principle
     * split a pack header; git writes a pack's first bytes in one packet, so they do not.
     */
    static final class PackHeaderScanner {
        private final Matcher signature = new Matcher("PACK\0\0\0\2");
        private final AtomicLong packs;
        private final AtomicLong objects;
        private int countBytes = -1;
        private long count;

        PackHeaderScanner(AtomicLong packs, AtomicLong objects) {
            this.packs = packs;
            this.objects = objects;
        }

        void feed(byte b) {
            if (countBytes >= 0) {
                count = (count << 8) | (b & 0xff);
                if (++countBytes == 4) {
                    packs.incrementAndGet();
                    objects.addAndGet(count);
                    countBytes = -1;
                }
                return;
            }
            if (signature.feed(b)) {
                countBytes = 0;
                count = 0;
            }
        }
    }
}
