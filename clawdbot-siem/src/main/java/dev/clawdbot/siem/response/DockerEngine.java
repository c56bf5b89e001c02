package dev.clawdbot.siem.response;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The two Docker Engine API calls active response needs — {@code POST /containers/{name}/stop} and
 * {@code /start} — over the daemon's unix socket as plain HTTP/1.1 ({@code Connection: close}). The status line is
 * all that is read (at most 8 KiB of the response); the exchange has a deadline, after which the socket is closed.
 */
final class DockerEngine {

    static final String API = "/v1.43";
    private static final int MAX_RESPONSE = 8 * 1024;

    private final Path socket;
    private final Duration deadline;

    DockerEngine(Path socket, Duration deadline) {
        this.socket = socket;
        this.deadline = deadline;
    }

    /** A container name or id the API accepts: {@code [a-zA-Z0-9][a-zA-Z0-9_.-]*}, at most 128 characters. Plain code. */
    static boolean validName(String n) {
        if (n == null || n.isEmpty() || n.length() > 128) return false;
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            boolean alnum = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
            if (!alnum && (i == 0 || c != '_' && c != '.' && c != '-')) return false;
        }
        return true;
    }

    /** Stops {@code name} (204 stopped, 304 already stopped); throws on anything else. */
    void stop(String name, int graceSeconds) {
        int status = post(API + "/containers/" + name + "/stop?t=" + graceSeconds);
        if (status != 204 && status != 304) throw new IllegalStateException("docker stop " + name + ": HTTP " + status);
    }

    /** Starts {@code name} again (204 started, 304 already running). */
    void start(String name) {
        int status = post(API + "/containers/" + name + "/start");
        if (status != 204 && status != 304) throw new IllegalStateException("docker start " + name + ": HTTP " + status);
    }

    private int post(String target) {
        SocketChannel[] open = new SocketChannel[1];
        FutureTask<Integer> exchange = new FutureTask<>(() -> {
            try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
                open[0] = ch;
                String req = "POST " + target + " HTTP/1.1\r\nHost: docker\r\nUser-Agent: clawdbot-siem\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                ByteBuffer out = ByteBuffer.wrap(req.getBytes(StandardCharsets.US_ASCII));
                while (out.hasRemaining()) ch.write(out);
                return status(ch);
            }
        });
        Thread.ofVirtual().name("siem-docker").start(exchange);
        try {
            return exchange.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            closeQuietly(open[0]);
            exchange.cancel(true);
            throw new IllegalStateException("Docker Engine API at " + socket + ": no answer within " + deadline.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw new IllegalStateException("Docker Engine API at " + socket + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            closeQuietly(open[0]);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The status code of {@code HTTP/1.x NNN reason}, read up to its line end. */
    private static int status(SocketChannel ch) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        ByteBuffer buf = ByteBuffer.allocate(512);
        int total = 0;
        while (total < MAX_RESPONSE) {
            buf.clear();
            int n = ch.read(buf);
            if (n < 0) break;
            total += n;
            for (int i = 0; i < n; i++) {
                byte b = buf.get(i);
                if (b == '\n') return parse(line.toString(StandardCharsets.US_ASCII));
                line.write(b);
            }
        }
        return parse(line.toString(StandardCharsets.US_ASCII));
    }

    private static int parse(String statusLine) throws IOException {
        String s = statusLine.strip();
        if (!s.startsWith("HTTP/1.") || s.length() < 12 || s.charAt(8) != ' ') throw new IOException("not an HTTP response: '" + cut(s) + "'");
        String code = s.substring(9, 12);
        if (!code.chars().allMatch(Character::isDigit)) throw new IOException("bad status line: '" + cut(s) + "'");
        return Integer.parseInt(code);
    }

    private static String cut(String s) {
        return s.length() > 80 ? s.substring(0, 80) : s;
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            if (ch != null) ch.close();
        } catch (IOException e) {
            // Closing after a deadline; nothing to do.
        }
    }
}
