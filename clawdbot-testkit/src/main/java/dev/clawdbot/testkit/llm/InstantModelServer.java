package dev.clawdbot.testkit.llm;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The cheapest model a load test can have: an OpenAI-compatible {@code POST /v1/chat/completions} that answers
 * every request at once with the same one-word, non-streamed completion, over plain HTTP/1.1 keep-alive on one
 * virtual thread per connection. It exists so that a load driver on the same machine measures the gateway, not
 * the fake: {@link FakeModelServer} parses every request as JSON and dispatches through the JDK's HttpServer,
 * which on a 2-core machine costs as much CPU per turn as a good part of the gateway itself.
 */
public final class InstantModelServer implements AutoCloseable {
    private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};
    private static final int MAX_HEADER = 16 * 1024;

    private final ServerSocket socket;
    private final AtomicLong served = new AtomicLong();

    private InstantModelServer(ServerSocket socket) {
        this.socket = socket;
    }

    /** Starts on a free loopback port. */
    public static InstantModelServer start() throws IOException {
        InstantModelServer s = new InstantModelServer(new ServerSocket(0, 512, InetAddress.getLoopbackAddress()));
        Thread.ofPlatform().daemon().name("instant-model-accept").start(s::acceptLoop);
        return s;
    }

    /** Prints the OpenAI-compatible base URL and serves until killed. */
    public static void main(String[] args) throws Exception {
        InstantModelServer s = start();
        System.out.println(s.openAiBaseUrl());
        System.out.flush();
        Thread.currentThread().join();
    }

    /** {@code http://127.0.0.1:PORT/v1}. */
    public String openAiBaseUrl() {
        return "http://127.0.0.1:" + socket.getLocalPort() + "/v1";
    }

    /** Completions answered so far. */
    public long served() {
        return served.get();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            try {
                Socket c = socket.accept();
                c.setTcpNoDelay(true);
                Thread.ofVirtual().start(() -> serve(c));
            } catch (IOException e) {
                if (socket.isClosed()) return;
            }
        }
    }

    private void serve(Socket c) {
        try (c; InputStream in = new BufferedInputStream(c.getInputStream(), 8192); OutputStream out = c.getOutputStream()) {
            byte[] head = new byte[MAX_HEADER];
            while (true) {
                int len = readHead(in, head);
                if (len < 0) return;
                Request r = Request.parse(new String(head, 0, len, StandardCharsets.ISO_8859_1));
                in.skipNBytes(r.contentLength);
                byte[] body = r.completion ? completion(served.incrementAndGet()) : notFound(r.target);
                String status = r.completion ? "200 OK" : "404 Not Found";
                out.write(("HTTP/1.1 " + status + "\r\ncontent-type: application/json\r\ncontent-length: " + body.length
                        + (r.close ? "\r\nconnection: close" : "") + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                if (r.close) return;
            }
        } catch (IOException | RuntimeException e) {
            // the client went away or sent something that is not HTTP/1.1; either way this connection is done
        }
    }

    /** Reads up to and including the blank line; returns its length, or -1 at a clean end of stream. */
    private static int readHead(InputStream in, byte[] buf) throws IOException {
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (n == 0) return -1;
                throw new IOException("connection closed inside a request head");
            }
            if (n == buf.length) throw new IOException("request head over " + MAX_HEADER + " bytes");
            buf[n++] = (byte) b;
            if (n >= 4 && buf[n - 1] == HEADER_END[3] && buf[n - 2] == HEADER_END[2] && buf[n - 3] == HEADER_END[1] && buf[n - 4] == HEADER_END[0]) {
                return n;
            }
        }
    }

    private static byte[] completion(long n) {
        return ("{\"id\":\"chatcmpl-instant-" + n + "\",\"object\":\"chat.completion\",\"created\":1767225600,"
                + "\"model\":\"instant\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":1,\"total_tokens\":11}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] notFound(String target) {
        return ("{\"error\":{\"type\":\"not_found\",\"message\":\"the instant model serves only POST /v1/chat/completions, not "
                + target.replaceAll("[^A-Za-z0-9/._-]", "?") + "\"}}").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private record Request(String target, boolean completion, long contentLength, boolean close) {
        static Request parse(String head) throws IOException {
            String[] lines = head.split("\r\n");
            String[] start = lines[0].split(" ");
            if (start.length != 3 || !start[2].startsWith("HTTP/1.")) throw new IOException("not an HTTP/1.x request line");
            long length = 0;
            boolean close = start[2].equals("HTTP/1.0");
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon <= 0) continue;
                String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = lines[i].substring(colon + 1).trim();
                if (name.equals("content-length")) length = Long.parseLong(value);
                else if (name.equals("transfer-encoding")) throw new IOException("chunked request bodies are not supported");
                else if (name.equals("connection")) close = value.equalsIgnoreCase("close");
            }
            boolean completion = start[0].equals("POST") && start[1].endsWith("/chat/completions");
            return new Request(start[1], completion, length, close);
        }
    }
}
