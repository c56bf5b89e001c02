package dev.clawdbot.siem.syslog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Receives syslog over UDP (one message a datagram) and TCP (RFC 6587: octet-counting {@code LEN SP MSG} when a
 * message starts with a digit, else newline framing) and hands each message, as a pre-decodable line, to the sink
 * with location {@code syslog:ADDRESS}. Bounds: a message is cut at {@code maxMessage} bytes (the rest read and
 * thrown away, never held), at most {@code maxConnections} TCP connections (more are closed at once), an octet
 * count of more than 9 digits closes the connection, a connection idle for 5 minutes is closed.
 */
public final class SyslogListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyslogListener.class);
    private static final int IDLE_MS = 300_000;

    private final SyslogConfig config;
    private final BiConsumer<String, String> sink;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong cut = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong protocolErrors = new AtomicLong();
    private volatile boolean running;
    private DatagramSocket udp;
    private ServerSocket tcp;
    private Thread udpThread;
    private Thread tcpThread;

    public SyslogListener(SyslogConfig config, BiConsumer<String, String> sink) {
        this.config = config;
        this.sink = sink;
    }

    public synchronized void start() throws IOException {
        if (running) return;
        running = true;
        InetAddress addr = InetAddress.getByName(config.bind());
        if (config.udpPort() > 0) {
            udp = new DatagramSocket(new InetSocketAddress(addr, config.udpPort()));
            udpThread = Thread.ofPlatform().daemon().name("siem-syslog-udp").start(this::udpLoop);
        }
        if (config.tcpPort() > 0) {
            tcp = new ServerSocket();
            tcp.setReuseAddress(true);
            tcp.bind(new InetSocketAddress(addr, config.tcpPort()), 128);
            tcpThread = Thread.ofPlatform().daemon().name("siem-syslog-tcp").start(this::acceptLoop);
        }
    }

    public long received() {
        return received.get();
    }

    /** Messages cut at {@code maxMessage}. */
    public long cut() {
        return cut.get();
    }

    /** TCP connections closed at once because {@code maxConnections} were open. */
    public long refused() {
        return refused.get();
    }

    /** TCP connections closed for a malformed octet count. */
    public long protocolErrors() {
        return protocolErrors.get();
    }

    public int openConnections() {
        return connections.size();
    }

    private void udpLoop() {
        byte[] buf = new byte[Math.min(65_535, config.maxMessage() + 1)];
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        while (running) {
            try {
                packet.setLength(buf.length);
                udp.receive(packet);
                int len = Math.min(packet.getLength(), config.maxMessage());
                if (packet.getLength() > config.maxMessage()) cut.incrementAndGet();
                deliver(new String(buf, 0, len, StandardCharsets.UTF_8), packet.getAddress());
            } catch (IOException e) {
                if (running) LOG.warn("siem syslog udp: {}", e.toString());
            }
        }
    }

    private void acceptLoop() {
        while (running) {
            Socket s;
            try {
                s = tcp.accept();
            } catch (IOException e) {
                if (running) LOG.warn("siem syslog tcp: {}", e.toString());
                continue;
            }
            if (connections.size() >= config.maxConnections()) {
                refused.incrementAndGet();
                closeQuietly(s);
                continue;
            }
            connections.add(s);
            Thread.ofVirtual().name("siem-syslog-conn").start(() -> serve(s));
        }
    }

    private void serve(Socket s) {
        try {
            InputStream in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
            s.setSoTimeout(IDLE_MS);
            ByteArrayOutputStream msg = new ByteArrayOutputStream(1024);
            while (running) {
                int first = in.read();
                if (first < 0) return;
                msg.reset();
                if (first >= '0' && first <= '9') {
                    if (!octetCounted(first, in, msg)) return;
                } else {
                    msg.write(first);
                    if (!newlineFramed(in, msg)) {
                        if (msg.size() > 0) deliver(msg.toString(StandardCharsets.UTF_8), s.getInetAddress());
                        return;
                    }
                }
                deliver(msg.toString(StandardCharsets.UTF_8), s.getInetAddress());
            }
        } catch (SocketException e) {
            // Closed by close() or by the peer.
        } catch (IOException e) {
            LOG.debug("siem syslog tcp {}: {}", s.getInetAddress(), e.toString());
        } finally {
            // The slot is freed before the peer can see the close: a sender that reconnects as soon as it reads
            // EOF must not be refused for a connection that is already over.
            connections.remove(s);
            closeQuietly(s);
        }
    }

    /** {@code LEN SP MSG}; false (close) on a malformed count or end of input. */
    private boolean octetCounted(int first, InputStream in, ByteArrayOutputStream msg) throws IOException {
        long len = first - '0';
        int digits = 1;
        int c;
        while ((c = in.read()) >= '0' && c <= '9') {
            if (++digits > 9) {
                protocolErrors.incrementAndGet();
                return false;
            }
            len = len * 10 + (c - '0');
        }
        if (c != ' ') {
            if (c >= 0) protocolErrors.incrementAndGet();
            return false;
        }
        long keep = Math.min(len, config.maxMessage());
        byte[] body = in.readNBytes((int) keep);
        if (body.length < keep) return false;
        msg.write(body);
        if (len > keep) {
            cut.incrementAndGet();
            in.skipNBytes(len - keep);
        }
        return true;
    }

    /** Up to {@code \n}; the part past {@code maxMessage} is read and dropped. False at end of input. */
    private boolean newlineFramed(InputStream in, ByteArrayOutputStream msg) throws IOException {
        boolean over = false;
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                if (over) cut.incrementAndGet();
                return true;
            }
            if (msg.size() < config.maxMessage()) msg.write(c);
            else over = true;
        }
        if (over) cut.incrementAndGet();
        return false;
    }

    private void deliver(String raw, InetAddress from) {
        String line = SyslogMessage.toLine(raw);
        if (line.isBlank()) return;
        received.incrementAndGet();
        sink.accept(line, "syslog:" + from.getHostAddress());
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            if (c != null) c.close();
        } catch (Exception e) {
            // Closing; nothing to do.
        }
    }

    @Override
    public synchronized void close() {
        if (!running) return;
        running = false;
        closeQuietly(udp);
        closeQuietly(tcp);
        for (Socket s : connections) closeQuietly(s);
        for (Thread t : new Thread[]{udpThread, tcpThread}) {
            try {
                if (t != null) t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
