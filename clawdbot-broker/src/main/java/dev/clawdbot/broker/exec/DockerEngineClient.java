package dev.clawdbot.broker.exec;

import dev.clawdbot.core.Timers;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A minimal HTTP/1.1 client for the Docker Engine API on its Unix domain socket (the JDK HttpClient cannot
 * speak over one). One request per connection ({@code Connection: close}); the body is read by
 * {@code Content-Length}, chunked transfer coding or to end of stream, and a body that ends early is an error,
 * never a short success. A deadline closes the channel, which unblocks any read.
 */
final class DockerEngineClient {

    record Response(int status, String body, String tail) {
    }

    private static final ScheduledExecutorService DEADLINES = Timers.daemon("docker-engine-deadline");
    private static final int MAX_HEADER = 64 * 1024;
    private static final int TAIL = 4096;

    private final Path socket;
    private final Duration timeout;
    private final int maxBody;

    DockerEngineClient(Path socket, Duration timeout, int maxBody) {
        this.socket = socket;
        this.timeout = timeout;
        this.maxBody = maxBody;
    }

    /** {@code POST pathAndQuery} with an empty body. */
    Response post(String pathAndQuery) throws IOException {
        AtomicBoolean expired = new AtomicBoolean();
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ScheduledFuture<?> deadline = DEADLINES.schedule(() -> {
                expired.set(true);
                try {
                    ch.close();
                } catch (IOException e) {
                    // Closing is all the deadline does; the reader sees the closed channel.
                }
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
                String req = "POST " + pathAndQuery + " HTTP/1.1\r\nHost: docker\r\nUser-Agent: clawdbot\r\nContent-Length: 0\r\n"
                        + "Connection: close\r\n\r\n";
                ByteBuffer out = ByteBuffer.wrap(req.getBytes(StandardCharsets.US_ASCII));
                while (out.hasRemaining()) ch.write(out);
                return read(new java.io.BufferedInputStream(Channels.newInputStream(ch)));
            } catch (ClosedChannelException e) {
                if (expired.get()) throw new IOException("no complete answer from the Docker Engine within " + timeout.toSeconds() + "s");
                throw e;
            } finally {
                deadline.cancel(false);
            }
        }
    }

    private Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) throw new IOException("not an HTTP/1.x response: " + printable(statusLine));
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("malformed HTTP status line: " + printable(statusLine));
        }
        long length = -1;
        boolean chunked = false;
        int headerBytes = 0;
        for (String h; !(h = line(in)).isEmpty(); ) {
            headerBytes += h.length();
            if (headerBytes > MAX_HEADER) throw new IOException("HTTP response headers larger than " + MAX_HEADER + " bytes");
            int colon = h.indexOf(':');
            if (colon <= 0) throw new IOException("malformed HTTP header line: " + printable(h));
            String name = h.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).strip();
            if (name.equals("content-length")) {
                try {
                    length = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new IOException("malformed Content-Length: " + printable(value));
                }
            } else if (name.equals("transfer-encoding")) {
                chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
            }
        }
        Body body = new Body(maxBody);
        if (status == 204 || status == 304) return new Response(status, "", "");
        if (chunked) {
            while (true) {
                String size = line(in);
                int semi = size.indexOf(';');
                long n;
                try {
                    n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("malformed chunk size: " + printable(size));
                }
                if (n == 0) break;
                copy(in, n, body);
                if (!line(in).isEmpty()) throw new IOException("chunk not followed by CRLF");
            }
        } else if (length >= 0) {
            copy(in, length, body);
        } else {
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) body.write(buf, n);
        }
        return new Response(status, body.head(), body.tail());
    }

    private static void copy(InputStream in, long n, Body body) throws IOException {
        byte[] buf = new byte[8192];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) throw new EOFException("the Docker Engine's response ended early (" + n + " bytes missing)");
            body.write(buf, r);
            n -= r;
        }
    }

    /** One CRLF-terminated line; the end of the stream inside a line is a truncated response. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c; ; ) {
            c = in.read();
            if (c < 0) throw new EOFException("the Docker Engine's response ended early");
            if (c == '\n') break;
            if (b.size() > MAX_HEADER) throw new IOException("HTTP line longer than " + MAX_HEADER + " bytes");
            b.write(c);
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private static String printable(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return dev.clawdbot.core.text.PlainText.printableAscii(t);
    }

    /** The first {@code max} bytes and the last {@value #TAIL}: a pull reports its error at the end of a long stream. */
    private static final class Body {
        private final int max;
        private final ByteArrayOutputStream head = new ByteArrayOutputStream();
        private final byte[] tail = new byte[TAIL];
        private long total;

        Body(int max) {
            this.max = max;
        }

        void write(byte[] b, int n) {
            head.write(b, 0, Math.max(0, Math.min(n, max - head.size())));
            for (int i = 0; i < n; i++) tail[(int) ((total + i) % TAIL)] = b[i];
            total += n;
        }

        String head() {
            return head.toString(StandardCharsets.UTF_8);
        }

        String tail() {
            int n = (int) Math.min(total, TAIL);
            byte[] out = new byte[n];
            for (int i = 0; i < n; i++) out[i] = tail[(int) ((total - n + i) % TAIL)];
            return new String(out, StandardCharsets.UTF_8);
        }
    }
}
