package dev.clawdbot.app.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A minimal HTTP/1.1 client for the load driver: POSTs over pooled keep-alive sockets, reads content-length and
 * chunked responses. It spends a few microseconds of CPU per request where the JDK HttpClient spends about a
 * millisecond, which matters when driver and gateway share two cores: every millisecond the driver burns is one
 * the gateway waits for, and shows up as gateway latency.
 */
final class KeepAliveClient implements AutoCloseable {
    record Response(int status, String body) {
    }

    private final InetSocketAddress address;
    private final String host;
    private final ConcurrentLinkedQueue<Connection> idle = new ConcurrentLinkedQueue<>();

    KeepAliveClient(URI base) {
        this.address = new InetSocketAddress(base.getHost(), base.getPort());
        this.host = base.getHost() + ":" + base.getPort();
    }

    Response post(String path, String bearer, String json, int timeoutMillis) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST " + path + " HTTP/1.1\r\nhost: " + host + "\r\nauthorization: Bearer " + bearer
                + "\r\ncontent-type: application/json\r\ncontent-length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        Connection c = idle.poll();
        boolean reused = c != null;
        if (c == null) c = new Connection(address, timeoutMillis);
        try {
            Response r = c.exchange(head, body);
            if (c.reusable) idle.add(c);
            else c.close();
            return r;
        } catch (IOException e) {
            c.close();
            // The server may close an idle keep-alive connection at any time (a clean end of stream or a reset);
            // a request that found it so, before any byte of a response, was never handled and is retried once
            // on a fresh connection, as HTTP clients do for idempotent reuse failures.
            if (reused && !c.responseStarted) return post(path, bearer, json, timeoutMillis);
            throw e;
        }
    }

    @Override
    public void close() {
        Connection c;
        while ((c = idle.poll()) != null) c.close();
    }

    private static final class Connection {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        boolean reusable = true;
        boolean responseStarted;

        Connection(InetSocketAddress address, int timeoutMillis) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(address, timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            in = new BufferedInputStream(socket.getInputStream(), 8192);
            out = socket.getOutputStream();
        }

        Response exchange(byte[] head, byte[] body) throws IOException {
            out.write(head);
            out.write(body);
            out.flush();
            String status = line(true);
            String[] parts = status.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) throw new IOException("not an HTTP/1.x status line: " + status);
            long length = -1;
            boolean chunked = false;
            for (String h = line(false); !h.isEmpty(); h = line(false)) {
                int colon = h.indexOf(':');
                if (colon <= 0) continue;
                String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = h.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> length = Long.parseLong(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> reusable &= !value.equalsIgnoreCase("close");
                    default -> {
                    }
                }
            }
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            if (chunked) {
                for (long size = chunkSize(); size > 0; size = chunkSize()) {
                    content.write(in.readNBytes((int) size));
                    line(false);
                }
                while (!line(false).isEmpty()) {
                    // trailers
                }
            } else if (length >= 0) {
                content.write(in.readNBytes((int) length));
            } else {
                content.write(in.readAllBytes());
                reusable = false;
            }
            return new Response(Integer.parseInt(parts[1]), content.toString(StandardCharsets.UTF_8));
        }

        private long chunkSize() throws IOException {
            String s = line(false);
            int semi = s.indexOf(';');
            return Long.parseLong((semi < 0 ? s : s.substring(0, semi)).trim(), 16);
        }

        private String line(boolean first) throws IOException {
            StringBuilder sb = new StringBuilder(64);
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException(first && sb.isEmpty() ? "the server closed the keep-alive connection"
                            : "connection closed inside a response");
                }
                responseStarted = true;
                if (b == '\n') {
                    int n = sb.length();
                    if (n > 0 && sb.charAt(n - 1) == '\r') sb.setLength(n - 1);
                    return sb.toString();
                }
                sb.append((char) b);
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already broken
            }
        }
    }
}
