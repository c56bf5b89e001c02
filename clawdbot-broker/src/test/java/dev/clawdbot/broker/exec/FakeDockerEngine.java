package dev.clawdbot.broker.exec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * A fake Docker Engine API on a Unix domain socket speaking HTTP/1.1 as dockerd does: JSON error bodies with
 * {@code message}, 204/304 for container state changes, and a chunked JSON-lines progress stream for
 * {@code /images/create}. Per request line it can be told to answer with a fault: a status and body, a
 * chunked body, a truncated body, or no answer at all (slow).
 */
final class FakeDockerEngine implements AutoCloseable {

    enum Mode { PLAIN, CHUNKED, TRUNCATED, TRUNCATED_CHUNKED, SILENT }

    record Reply(int status, String body, Mode mode) {
    }

    final Path socket;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final Map<String, Reply> replies = new ConcurrentHashMap<>();
    private final ServerSocketChannel server;
    private final CountDownLatch closed = new CountDownLatch(1);

    FakeDockerEngine(Path socket) throws IOException {
        this.socket = socket;
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread.ofPlatform().daemon().name("fake-docker-engine").start(this::serve);
    }

    /** Sets the reply for {@code "POST /path?query"}; unknown request lines get 404 with dockerd's message shape. */
    FakeDockerEngine on(String requestLine, int status, String body, Mode mode) {
        replies.put(requestLine, new Reply(status, body, mode));
        return this;
    }

    private void serve() {
        while (server.isOpen()) {
            try {
                SocketChannel ch = server.accept();
                Thread.ofPlatform().daemon().start(() -> handle(ch));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(SocketChannel ch) {
        try (ch) {
            InputStream in = Channels.newInputStream(ch);
            OutputStream out = Channels.newOutputStream(ch);
            String requestLine = readLine(in);
            boolean hostSeen = false;
            for (String h; !(h = readLine(in)).isEmpty(); ) hostSeen |= h.toLowerCase().startsWith("host:");
            if (!hostSeen) {
                write(out, 400, "{\"message\":\"missing Host header\"}", Mode.PLAIN);
                return;
            }
            String key = requestLine.substring(0, requestLine.lastIndexOf(' '));
            requests.add(key);
            Reply r = replies.getOrDefault(key, new Reply(404, "{\"message\":\"page not found\"}", Mode.PLAIN));
            if (r.mode() == Mode.SILENT) {
                closed.await();
                return;
            }
            write(out, r.status(), r.body(), r.mode());
        } catch (IOException | InterruptedException e) {
            // The client went away; nothing to answer.
        }
    }

    private static void write(OutputStream out, int status, String body, Mode mode) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(status < 300 ? " OK" : " Error").append("\r\n")
                .append("Api-Version: 1.45\r\nContent-Type: application/json\r\nServer: Docker/26.1.0 (linux)\r\n");
        boolean chunked = mode == Mode.CHUNKED || mode == Mode.TRUNCATED_CHUNKED;
        if (chunked) head.append("Transfer-Encoding: chunked\r\n");
        else if (status != 204 && status != 304) head.append("Content-Length: ").append(b.length).append("\r\n");
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
        switch (mode) {
            case PLAIN -> out.write(b);
            case TRUNCATED -> out.write(b, 0, b.length / 2);
            case CHUNKED, TRUNCATED_CHUNKED -> {
                // One chunk per line, as dockerd flushes each progress message.
                for (String line : body.split("(?<=\n)")) {
                    byte[] c = line.getBytes(StandardCharsets.UTF_8);
                    out.write((Integer.toHexString(c.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(c);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                if (mode == Mode.CHUNKED) out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            default -> throw new IllegalStateException(mode.name());
        }
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) if (c != '\r') b.write(c);
        return b.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        closed.countDown();
        server.close();
        Files.deleteIfExists(socket);
    }
}
