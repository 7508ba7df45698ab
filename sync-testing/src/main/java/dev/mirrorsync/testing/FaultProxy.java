package dev.mirrorsync.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on 127.0.0.1 between a client under test and a real server, that breaks connections the way networks
 * do, at points chosen by a seeded {@link Random}: it refuses (a reset before the first byte), stalls (from a byte
 * offset on, nothing more arrives, while the connection stays open), resets (RST) or truncates (a clean close) in
 * the middle of a request or an answer, such as a pack being sent or received.
 *
 * <p>Each accepted connection draws its fault when it is accepted, with probability {@link #faultRate(double)};
 * the byte offset is log-uniform up to {@link #maxCut(int)}, so short answers (ref advertisements, JSON) are cut as
 * often as long ones (packs). A fault is "armed" when drawn and "fired" when the connection reached its offset;
 * {@link #summary()} counts both. JDK only; thread-safe; {@link #close()} ends every connection.
 */
public final class FaultProxy implements AutoCloseable {
    /** What happens to one connection. */
    public enum Fault {
        /** Passed through untouched. */
        NONE,
        /** Reset before a byte is exchanged: what a client sees of a port nobody answers on, or a firewall's RST. */
        REFUSE,
        /**
         * From the offset on, nothing more is read in one direction, while the connection stays open: a black hole.
         * The receiver waits for bytes that never come; the sender's writes block once the socket buffers are full.
         */
        STALL,
        /** A TCP reset (RST) at the offset, in the middle of a request or an answer. */
        RESET,
        /** A clean close (FIN) at the offset: the peer reads a truncated request or answer. */
        TRUNCATE
    }

    /** The direction a fault applies to. */
    public enum Direction {
        REQUEST,
        ANSWER
    }

    /** One connection's drawn fault, for the log of a failing seed. */
    public record Event(int connection, Fault fault, Direction direction, int offset, boolean fired) {
        @Override
        public String toString() {
            return "#" + connection + " " + fault
                    + (fault == Fault.NONE || fault == Fault.REFUSE
                            ? ""
                            : " " + direction.name().toLowerCase(Locale.ROOT) + "@" + offset)
                    + (fired ? "" : " (not reached)");
        }
    }

    private static final Fault[] FAULTS = {Fault.REFUSE, Fault.STALL, Fault.RESET, Fault.TRUNCATE};

    private final ServerSocket server;
    private final InetSocketAddress target;
    private final Random random;
    private final Duration stallLimit;
    private final ExecutorService threads;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Map<Fault, AtomicInteger> armed = new EnumMap<>(Fault.class);
    private final Map<Fault, AtomicInteger> fired = new EnumMap<>(Fault.class);
    private final List<Event> events = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger connections = new AtomicInteger();
    private volatile double faultRate;
    private volatile int maxCut = 64 * 1024;
    private volatile boolean closed;
    private volatile boolean healed;
    private volatile Event script;

    private FaultProxy(InetSocketAddress target, long seed, Duration stallLimit) throws IOException {
        this.target = target;
        this.random = new Random(seed);
        this.stallLimit = stallLimit;
        for (Fault fault : Fault.values()) {
            armed.put(fault, new AtomicInteger());
            fired.put(fault, new AtomicInteger());
        }
        this.server = new ServerSocket();
        // Small buffers, so that a stalled request blocks its sender after a few hundred KiB rather than many MiB.
        server.setReceiveBufferSize(64 * 1024);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "fault-proxy-" + server.getLocalPort());
            thread.setDaemon(true);
            return thread;
        });
        threads.execute(this::acceptLoop);
    }

    /**
     * Starts a proxy to {@code host:port}, passing everything through until {@link #faultRate(double)} is set.
     *
     * @param stallLimit how long a stalled connection is held at most when the client never gives up
     */
    public static FaultProxy start(String host, int port, long seed, Duration stallLimit) throws IOException {
        return new FaultProxy(new InetSocketAddress(host, port), seed, stallLimit);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** {@code url} with the target's {@code host:port} replaced by the proxy's. */
    public String rewrite(String url) {
        String from = target.getHostString() + ":" + target.getPort();
        if (!url.contains(from)) {
            throw new IllegalArgumentException(url + " does not name " + from);
        }
        return url.replace(from, "127.0.0.1:" + port());
    }

    /** The probability that a new connection gets a fault; 0 passes everything through. */
    public FaultProxy faultRate(double rate) {
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("a rate is between 0 and 1: " + rate);
        }
        this.faultRate = rate;
        this.healed = rate == 0 && healed;
        return this;
    }

    /**
     * Stops breaking anything: no new connection gets a fault, and connections already open (an HTTP client keeps
     * them alive across runs) pass the rest of their bytes through. A stall in progress stays stalled.
     */
    public FaultProxy heal() {
        this.faultRate = 0;
        this.script = null;
        this.healed = true;
        return this;
    }

    /**
     * Gives every new connection exactly this fault, instead of a drawn one: for a test of one failure mode (say, a
     * request body that stalls mid-pack). {@link #heal()} ends it.
     */
    public FaultProxy script(Fault fault, Direction direction, int offset) {
        this.script = new Event(0, fault, direction, offset, false);
        this.healed = false;
        return this;
    }

    /** The largest byte offset a fault is drawn at. */
    public FaultProxy maxCut(int bytes) {
        this.maxCut = Math.max(2, bytes);
        return this;
    }

    public int connections() {
        return connections.get();
    }

    /** Faults that reached their offset, by kind. */
    public Map<Fault, Integer> fired() {
        Map<Fault, Integer> out = new EnumMap<>(Fault.class);
        fired.forEach((k, v) -> out.put(k, v.get()));
        out.remove(Fault.NONE);
        return out;
    }

    public int firedTotal() {
        return fired().values().stream().mapToInt(Integer::intValue).sum();
    }

    public List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** {@code connections=12 armed={STALL=2, ...} fired={...}}. */
    public String summary() {
        Map<Fault, Integer> a = new EnumMap<>(Fault.class);
        armed.forEach((k, v) -> a.put(k, v.get()));
        a.remove(Fault.NONE);
        return "connections=" + connections.get() + " armed=" + a + " fired=" + fired();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            sockets.add(client);
            int number = connections.incrementAndGet();
            Fault fault;
            Direction direction;
            int offset;
            Event scripted = script;
            if (scripted != null) {
                fault = scripted.fault();
                direction = scripted.direction();
                offset = scripted.offset();
            } else {
                synchronized (random) {
                    fault = random.nextDouble() < faultRate ? FAULTS[random.nextInt(FAULTS.length)] : Fault.NONE;
                    direction = random.nextBoolean() ? Direction.REQUEST : Direction.ANSWER;
                    offset = (int) Math.floor(Math.exp(random.nextDouble() * Math.log(maxCut)));
                }
            }
            armed.get(fault).incrementAndGet();
            threads.execute(() -> serve(number, client, fault, direction, offset));
        }
    }

    private void serve(int number, Socket client, Fault fault, Direction direction, int offset) {
        if (fault == Fault.REFUSE) {
            fired.get(fault).incrementAndGet();
            events.add(new Event(number, fault, direction, 0, true));
            reset(client);
            return;
        }
        Socket upstream = new Socket();
        sockets.add(upstream);
        try {
            upstream.connect(target, 5_000);
        } catch (IOException e) {
            events.add(new Event(number, Fault.NONE, direction, 0, false));
            closeQuietly(client);
            closeQuietly(upstream);
            return;
        }
        Connection connection = new Connection(client, upstream);
        AtomicBoolean hit = new AtomicBoolean();
        Fault request = direction == Direction.REQUEST ? fault : Fault.NONE;
        Fault answer = direction == Direction.ANSWER ? fault : Fault.NONE;
        threads.execute(() -> pump(connection, client, upstream, request, offset, hit));
        pump(connection, upstream, client, answer, offset, hit);
        connection.awaitClosed();
        events.add(new Event(number, fault, direction, offset, fault == Fault.NONE || hit.get()));
    }

    /** Copies {@code from} to {@code to}, applying {@code fault} once {@code offset} bytes went through. */
    private void pump(Connection connection, Socket from, Socket to, Fault fault, int offset, AtomicBoolean hit) {
        byte[] buffer = new byte[8192];
        long passed = 0;
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                int allowed = n;
                if (fault != Fault.NONE && !healed && passed + n >= offset) {
                    allowed = (int) Math.max(0, offset - passed);
                }
                out.write(buffer, 0, allowed);
                out.flush();
                passed += allowed;
                if (allowed < n) {
                    if (!hit.getAndSet(true)) {
                        fired.get(fault).incrementAndGet();
                    }
                    switch (fault) {
                        case STALL -> {
                            // Read no more: the receiver waits, the sender blocks once the buffers are full, until
                            // one of them gives up or the stall limit ends the connection.
                            connection.stallStarted();
                            connection.awaitClosed();
                            return;
                        }
                        case RESET -> {
                            reset(from);
                            reset(to);
                            return;
                        }
                        case TRUNCATE -> {
                            connection.close();
                            return;
                        }
                        case NONE, REFUSE -> throw new IllegalStateException("not a mid-stream fault: " + fault);
                    }
                }
            }
        } catch (IOException e) {
            // the other side closed or reset: end the connection
        } finally {
            connection.close();
        }
    }

    /** Both sockets of one proxied connection, closed together. */
    private final class Connection {
        private final Socket client;
        private final Socket upstream;
        private final Object monitor = new Object();
        private boolean done;

        Connection(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void stallStarted() {
            // Nothing else would end a stall whose peer never gives up: a watchdog does, after the limit.
            threads.execute(() -> {
                try {
                    Thread.sleep(stallLimit.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                close();
            });
        }

        void close() {
            closeQuietly(client);
            closeQuietly(upstream);
            sockets.remove(client);
            sockets.remove(upstream);
            synchronized (monitor) {
                done = true;
                monitor.notifyAll();
            }
        }

        void awaitClosed() {
            synchronized (monitor) {
                while (!done && !closed) {
                    try {
                        monitor.wait(200);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException e) {
            // already closed
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // nothing left to do
        }
        sockets.forEach(FaultProxy::closeQuietly);
        threads.shutdownNow();
    }
}
