package dev.clawdbot.ops.engine;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake Docker Engine API on a unix socket, speaking the wire format dockerd 24 does: the headers it sends
 * ({@code Api-Version}, {@code Docker-Experimental}, {@code Ostype}, {@code Server}), JSON bodies with
 * {@code Content-Length} (or chunked, as dockerd streams), {@code 204 No Content} for a restart, and
 * {@code {"message": ...}} error bodies. Routes answer canned JSON; faults per path: slow, truncated, 500.
 */
public final class FakeEngine implements AutoCloseable {
    /** What a path answers, unless a fault is set for it. */
    public enum Fault { SLOW, TRUNCATED, SERVER_ERROR, CHUNKED }

    private final Path socket;
    private final ServerSocketChannel server;
    private final Map<String, String> routes = new ConcurrentHashMap<>();
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger restarts = new AtomicInteger();
    private volatile Duration slowBy = Duration.ofSeconds(5);
    private final Thread acceptor;

    public FakeEngine(Path socket) throws IOException {
        this.socket = socket;
        Files.deleteIfExists(socket);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        acceptor = Thread.ofVirtual().start(this::acceptLoop);
    }

    public Path socket() {
        return socket;
    }

    /** Answers {@code GET/POST pathAndQuery} with {@code json} (status 200), exactly as given. */
    public FakeEngine route(String pathAndQuery, String json) {
        routes.put(pathAndQuery, json);
        return this;
    }

    public FakeEngine fault(String pathAndQuery, Fault fault) {
        faults.put(pathAndQuery, fault);
        return this;
    }

    public FakeEngine slowBy(Duration d) {
        slowBy = d;
        return this;
    }

    /** Request lines received ({@code GET /containers/json?all=1}), in order. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** How many {@code POST /containers/{id}/restart} calls arrived. */
    public int restarts() {
        return restarts.get();
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel ch = server.accept();
                Thread.ofVirtual().start(() -> serve(ch));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(SocketChannel ch) {
        try (ch) {
            String head = readHead(ch);
            if (head == null) return;
            String requestLine = head.substring(0, head.indexOf("\r\n"));
            String[] parts = requestLine.split(" ");
            String method = parts[0];
            String target = parts[1];
            requests.add(method + " " + target);
            Fault fault = faults.get(target);
            if (fault == Fault.SLOW) Thread.sleep(slowBy.toMillis());
            if (fault == Fault.SERVER_ERROR) {
                write(ch, 500, "Internal Server Error", "{\"message\":\"Error response from daemon: simulated failure\"}\n", false);
                return;
            }
            if (method.equals("POST") && target.startsWith("/containers/") && target.contains("/restart")) {
                restarts.incrementAndGet();
                String id = target.substring("/containers/".length(), target.indexOf("/restart"));
                if (!routes.containsKey("/containers/" + id + "/json")) {
                    write(ch, 404, "Not Found", "{\"message\":\"No such container: " + id + "\"}\n", false);
                } else {
                    write(ch, 204, "No Content", "", false);
                }
                return;
            }
            String body = routes.get(target);
            if (body == null) {
                write(ch, 404, "Not Found", "{\"message\":\"page not found\"}\n", false);
                return;
            }
            if (fault == Fault.TRUNCATED) {
                byte[] b = (body + "\n").getBytes(StandardCharsets.UTF_8);
                String h = headers(200, "OK", "Content-Length: " + b.length + "\r\n");
                ch.write(ByteBuffer.wrap(h.getBytes(StandardCharsets.US_ASCII)));
                ch.write(ByteBuffer.wrap(b, 0, b.length / 2));
                return;
            }
            write(ch, 200, "OK", body + "\n", fault == Fault.CHUNKED);
        } catch (IOException | InterruptedException e) {
            // the client went away (a timed-out request): nothing to answer
        }
    }

    private static String readHead(SocketChannel ch) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
        while (buf.hasRemaining()) {
            if (ch.read(buf) < 0) return null;
            String s = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
            if (s.contains("\r\n\r\n")) return s;
        }
        return null;
    }

    private static String headers(int status, String reason, String extra) {
        return "HTTP/1.1 " + status + " " + reason + "\r\n"
                + "Api-Version: 1.43\r\n"
                + "Content-Type: application/json\r\n"
                + "Date: " + DateTimeFormatter.RFC_1123_DATE_TIME.format(java.time.ZonedDateTime.now(ZoneOffset.UTC)) + "\r\n"
                + "Docker-Experimental: false\r\n"
                + "Ostype: linux\r\n"
                + "Server: Docker/24.0.7 (linux)\r\n"
                + extra + "\r\n";
    }

    private static void write(SocketChannel ch, int status, String reason, String body, boolean chunked) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        if (status == 204) {
            out.append(headers(status, reason, ""));
            ch.write(ByteBuffer.wrap(out.toString().getBytes(StandardCharsets.US_ASCII)));
            return;
        }
        if (chunked) {
            ch.write(ByteBuffer.wrap(headers(status, reason, "Transfer-Encoding: chunked\r\n").getBytes(StandardCharsets.US_ASCII)));
            for (int i = 0; i < b.length; i += 100) {
                int n = Math.min(100, b.length - i);
                ch.write(ByteBuffer.wrap((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII)));
                ch.write(ByteBuffer.wrap(b, i, n));
                ch.write(ByteBuffer.wrap("\r\n".getBytes(StandardCharsets.US_ASCII)));
            }
            ch.write(ByteBuffer.wrap("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            return;
        }
        ch.write(ByteBuffer.wrap(headers(status, reason, "Content-Length: " + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII)));
        ByteBuffer bb = ByteBuffer.wrap(b);
        while (bb.hasRemaining()) ch.write(bb);
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
        Files.deleteIfExists(socket);
    }
}
