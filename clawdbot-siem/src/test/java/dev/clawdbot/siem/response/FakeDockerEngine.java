package dev.clawdbot.siem.response;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Docker Engine API stand-in on a unix socket, answering {@code POST /v1.43/containers/NAME/stop|start} with the
 * status lines, headers and JSON error bodies dockerd 24 sends. Faults by container name: {@code stuck} never
 * answers, {@code broken} answers 500, {@code garbage} answers something that is not HTTP; unknown names get 404.
 */
final class FakeDockerEngine implements AutoCloseable {

    final List<String> requests = new CopyOnWriteArrayList<>();
    final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final Path path;
    private final ServerSocketChannel server;
    private final Thread thread;

    FakeDockerEngine(Path path, String... containers) throws IOException {
        this.path = path;
        running.addAll(List.of(containers));
        known.addAll(List.of(containers));
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        thread = Thread.ofPlatform().daemon().name("fake-dockerd").start(this::serve);
    }

    private void serve() {
        while (server.isOpen()) {
            try {
                SocketChannel ch = server.accept();
                Thread.ofVirtual().start(() -> answer(ch));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void answer(SocketChannel ch) {
        try (ch) {
            StringBuilder head = new StringBuilder();
            ByteBuffer buf = ByteBuffer.allocate(1024);
            while (head.indexOf("\r\n\r\n") < 0 && head.length() < 16_384) {
                buf.clear();
                if (ch.read(buf) < 0) return;
                head.append(StandardCharsets.US_ASCII.decode(buf.flip()));
            }
            String requestLine = head.substring(0, head.indexOf("\r\n"));
            requests.add(requestLine);
            String[] parts = requestLine.split(" ");
            String[] seg = parts[1].split("\\?")[0].split("/");
            String name = seg.length > 3 ? seg[3] : "";
            String op = seg.length > 4 ? seg[4] : "";
            String response;
            switch (name) {
                case "stuck" -> {
                    Thread.sleep(60_000);
                    return;
                }
                case "broken" -> response = json(500, "Internal Server Error", "{\"message\":\"driver failed programming external connectivity\"}");
                case "garbage" -> response = "SSH-2.0-OpenSSH_9.2\r\n";
                default -> {
                    if (!known.contains(name)) {
                        response = json(404, "Not Found", "{\"message\":\"No such container: " + name + "\"}");
                    } else if (op.equals("stop")) {
                        response = running.remove(name) ? empty(204, "No Content") : empty(304, "Not Modified");
                    } else {
                        response = running.add(name) ? empty(204, "No Content") : empty(304, "Not Modified");
                    }
                }
            }
            ch.write(ByteBuffer.wrap(response.getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException | InterruptedException e) {
            // The client closed first.
        }
    }

    private static String headers() {
        return "Api-Version: 1.43\r\nDocker-Experimental: false\r\nOstype: linux\r\nServer: Docker/24.0.7 (linux)\r\n"
                + "Date: Mon, 07 Dec 2026 19:44:38 GMT\r\n";
    }

    private static String empty(int code, String reason) {
        return "HTTP/1.1 " + code + " " + reason + "\r\n" + headers() + "\r\n";
    }

    private static String json(int code, String reason, String body) {
        return "HTTP/1.1 " + code + " " + reason + "\r\nContent-Type: application/json\r\n" + headers()
                + "Content-Length: " + (body.length() + 1) + "\r\n\r\n" + body + "\n";
    }

    @Override
    public void close() throws IOException {
        server.close();
        thread.interrupt();
        Files.deleteIfExists(path);
    }
}
