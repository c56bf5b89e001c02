package dev.clawdbot.ops.engine;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A small Docker Engine API client over its unix socket (the JDK's HttpClient cannot speak to one): one HTTP/1.1
 * request per connection ({@code Connection: close}), a deadline for the whole exchange (the channel is closed when
 * it passes), at most {@code maxHeaderBytes} of status line and headers and {@code maxBodyBytes} of body. Bodies
 * may come with {@code Content-Length}, chunked, or delimited by the close. Podman's Docker-compatible socket speaks
 * the same API.
 */
public final class EngineClient {
    /** Status line plus headers; Docker sends about 300 bytes. */
    static final int MAX_HEADER_BYTES = 16 * 1024;
    /** Whole-response deadline. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Listings of a few thousand containers or images stay well below this. */
    public static final int DEFAULT_MAX_BODY = 8 * 1024 * 1024;

    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ops-engine-deadline");
        t.setDaemon(true);
        return t;
    });

    private final Path socket;
    private final Duration timeout;
    private final int maxBodyBytes;
    private final ObjectMapper json;

    public EngineClient(Path socket, Duration timeout, int maxBodyBytes) {
        this.socket = Objects.requireNonNull(socket, "socket");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (maxBodyBytes < 1) throw new IllegalArgumentException("maxBodyBytes must be positive");
        this.maxBodyBytes = maxBodyBytes;
        JsonMapper mapper = JsonMapper.builder().build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
        this.json = mapper;
    }

    public EngineClient(Path socket) {
        this(socket, DEFAULT_TIMEOUT, DEFAULT_MAX_BODY);
    }

    public Path socket() {
        return socket;
    }

    /** Whether there is an engine socket to talk to at all (absent: "no container engine", not a failure). */
    public boolean present() {
        return Files.exists(socket);
    }

    /** {@code GET path}; a 2xx JSON body parsed, else an {@link EngineException}. */
    public JsonNode get(String pathAndQuery) throws IOException {
        Response r = exchange("GET", pathAndQuery);
        r.requireSuccess("GET " + pathAndQuery);
        try {
            return json.readTree(r.body());
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new EngineException(r.status(), "GET " + pathAndQuery + ": body is not JSON: " + e.getOriginalMessage());
        }
    }

    /** {@code POST path} with no body; returns the status (2xx), else an {@link EngineException}. */
    public int post(String pathAndQuery) throws IOException {
        Response r = exchange("POST", pathAndQuery);
        r.requireSuccess("POST " + pathAndQuery);
        return r.status();
    }

    /** {@code POST path}; the 2xx JSON body parsed (prune endpoints report what they removed). */
    public JsonNode postForJson(String pathAndQuery) throws IOException {
        Response r = exchange("POST", pathAndQuery);
        r.requireSuccess("POST " + pathAndQuery);
        return r.body().length == 0 ? json.nullNode() : json.readTree(r.body());
    }

    /** One response: status and body bytes. */
    record Response(int status, byte[] body) {
        void requireSuccess(String what) throws EngineException {
            if (status / 100 != 2) {
                String text = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8).strip();
                throw new EngineException(status, what + ": HTTP " + status + (text.isEmpty() ? "" : ": " + text));
            }
        }
    }

    Response exchange(String method, String pathAndQuery) throws IOException {
        if (!pathAndQuery.startsWith("/") || pathAndQuery.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            throw new IllegalArgumentException("not a request target: " + pathAndQuery);
        }
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            java.util.concurrent.atomic.AtomicBoolean expired = new java.util.concurrent.atomic.AtomicBoolean();
            ScheduledFuture<?> deadline = DEADLINES.schedule(() -> {
                expired.set(true);
                closeQuietly(ch);
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
                String request = method + " " + pathAndQuery + " HTTP/1.1\r\nHost: docker\r\nUser-Agent: clawdbot-ops\r\n"
                        + (method.equals("POST") ? "Content-Length: 0\r\n" : "") + "Connection: close\r\n\r\n";
                ByteBuffer out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
                while (out.hasRemaining()) ch.write(out);
                return new ResponseReader(ch, maxBodyBytes).read();
            } catch (IOException e) {
                if (expired.get()) {
                    throw new EngineException(0, method + " " + pathAndQuery + ": no complete answer within " + timeout.toMillis() + " ms");
                }
                throw e;
            } finally {
                deadline.cancel(false);
            }
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            // closing to interrupt the read: nothing to do
        }
    }

    /** Reads one HTTP/1.1 response from a channel, bounded, by hand (no regular expressions). */
    static final class ResponseReader {
        private final SocketChannel ch;
        private final int maxBody;
        private final ByteBuffer buf = ByteBuffer.allocate(8192);
        private boolean eof;

        ResponseReader(SocketChannel ch, int maxBody) {
            this.ch = ch;
            this.maxBody = maxBody;
            buf.flip();
        }

        Response read() throws IOException {
            String statusLine = line(MAX_HEADER_BYTES);
            if (statusLine == null || !statusLine.startsWith("HTTP/1.")) throw new EngineException(0, "not an HTTP response: " + clip(statusLine));
            int sp = statusLine.indexOf(' ');
            int status = parseInt(statusLine.substring(sp + 1, Math.min(statusLine.length(), sp + 4)), "status");
            long contentLength = -1;
            boolean chunked = false;
            int headerBytes = statusLine.length();
            while (true) {
                String h = line(MAX_HEADER_BYTES - headerBytes);
                if (h == null) throw new EngineException(status, "response ended inside the headers");
                if (h.isEmpty()) break;
                headerBytes += h.length() + 2;
                int colon = h.indexOf(':');
                if (colon < 0) continue;
                String name = h.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT);
                String value = h.substring(colon + 1).strip();
                if (name.equals("content-length")) contentLength = parseInt(value, "Content-Length");
                if (name.equals("transfer-encoding") && value.toLowerCase(java.util.Locale.ROOT).contains("chunked")) chunked = true;
            }
            if (status == 204 || status == 304) return new Response(status, new byte[0]);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (chunked) {
                while (true) {
                    String size = line(64);
                    if (size == null) throw new EngineException(status, "response truncated inside a chunk header");
                    int semi = size.indexOf(';');
                    long n = parseHex(semi < 0 ? size.strip() : size.substring(0, semi).strip());
                    if (n == 0) break;
                    copy(body, n, status);
                    String crlf = line(2);
                    if (crlf == null || !crlf.isEmpty()) throw new EngineException(status, "malformed chunk");
                }
            } else if (contentLength >= 0) {
                copy(body, contentLength, status);
            } else {
                copy(body, Long.MAX_VALUE, status);
            }
            return new Response(status, body.toByteArray());
        }

        /** Copies n bytes (or to the end when n is MAX_VALUE); fewer is a truncated response. */
        private void copy(ByteArrayOutputStream body, long n, int status) throws IOException {
            if (n != Long.MAX_VALUE && body.size() + n > maxBody) throw new EngineException(status, "response body over " + maxBody + " bytes");
            long left = n;
            while (left > 0) {
                if (!fill()) {
                    if (n == Long.MAX_VALUE) return;
                    throw new EngineException(status, "response truncated: " + left + " of " + n + " body bytes missing");
                }
                int take = (int) Math.min(left, buf.remaining());
                if (body.size() + take > maxBody) throw new EngineException(status, "response body over " + maxBody + " bytes");
                body.write(buf.array(), buf.position(), take);
                buf.position(buf.position() + take);
                left -= take;
            }
        }

        /** A CRLF- (or LF-) terminated line of at most max bytes, or null at the end of the stream. */
        private String line(int max) throws IOException {
            StringBuilder b = new StringBuilder();
            while (true) {
                if (!fill()) return b.isEmpty() ? null : b.toString();
                byte c = buf.get();
                if (c == '\n') {
                    if (!b.isEmpty() && b.charAt(b.length() - 1) == '\r') b.setLength(b.length() - 1);
                    return b.toString();
                }
                if (b.length() >= max) throw new EngineException(0, "response line or headers over " + MAX_HEADER_BYTES + " bytes");
                b.append((char) (c & 0xff));
            }
        }

        private boolean fill() throws IOException {
            if (buf.hasRemaining()) return true;
            if (eof) return false;
            buf.clear();
            int n = ch.read(buf);
            buf.flip();
            if (n < 0) {
                eof = true;
                return false;
            }
            return buf.hasRemaining() || fill();
        }

        private static int parseInt(String s, String what) throws EngineException {
            if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(Character::isDigit)) throw new EngineException(0, "bad " + what + ": " + clip(s));
            long v = Long.parseLong(s);
            if (v > Integer.MAX_VALUE) throw new EngineException(0, "bad " + what + ": " + s);
            return (int) v;
        }

        private static long parseHex(String s) throws EngineException {
            if (s.isEmpty() || s.length() > 8) throw new EngineException(0, "bad chunk size: " + clip(s));
            try {
                return Long.parseLong(s, 16);
            } catch (NumberFormatException e) {
                throw new EngineException(0, "bad chunk size: " + clip(s));
            }
        }

        private static String clip(String s) {
            return s == null ? "(nothing)" : s.length() > 80 ? s.substring(0, 80) + "..." : s;
        }
    }
}
