package dev.clawdbot.sandbox.web;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A deliberately small HTTP/1.1 GET client that connects to the very address the SSRF guard approved: the name is
 * resolved once, every address is checked, and the socket goes to a checked address (TLS still verifies the
 * certificate against the host name, via SNI). The JDK HttpClient resolves names itself, which would let DNS
 * rebinding slip a private address in between the check and the connection.
 */
final class GuardedHttp {
    static final int MAX_HEADER_BYTES = 64 * 1024;

    /** Refused by the SSRF guard or the URL rules; the message is for the model. */
    static final class Refused extends IOException {
        Refused(String message) {
            super(message);
        }
    }

    record Response(URI uri, int status, Map<String, String> headers, byte[] body, boolean truncated) {
        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }
    }

    private final AddressGuard guard;
    private final HostResolver resolver;
    private final SSLSocketFactory tls;
    private final Clock clock;

    GuardedHttp(AddressGuard guard, HostResolver resolver, SSLSocketFactory tls, Clock clock) {
        this.guard = guard;
        this.resolver = resolver;
        this.tls = tls;
        this.clock = clock;
    }

    /** GET with redirects; every hop is checked again (scheme, host, every resolved address). */
    Response get(URI start, int maxRedirects, int maxBytes, Duration timeout) throws IOException {
        Instant deadline = clock.instant().plus(timeout);
        URI uri = start;
        for (int hop = 0; ; hop++) {
            Response r = once(uri, maxBytes, deadline);
            if (r.status() / 100 != 3 || r.header("location").isEmpty()) return r;
            if (hop >= maxRedirects) throw new IOException("more than " + maxRedirects + " redirects");
            try {
                uri = uri.resolve(r.header("location").strip());
            } catch (IllegalArgumentException e) {
                throw new IOException("invalid redirect location");
            }
        }
    }

    static URI check(URI uri) throws Refused {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) throw new Refused("only http and https URLs are fetched, not '" + scheme + "'");
        if (uri.getRawUserInfo() != null) throw new Refused("URLs with user:password@ are refused");
        if (uri.getHost() == null || uri.getHost().isEmpty()) throw new Refused("the URL has no host");
        return uri;
    }

    private Response once(URI uri, int maxBytes, Instant deadline) throws IOException {
        check(uri);
        String host = uri.getHost();
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        boolean https = uri.getScheme().equalsIgnoreCase("https");
        int port = uri.getPort() > 0 ? uri.getPort() : https ? 443 : 80;
        List<InetAddress> addrs;
        try {
            addrs = resolver.resolve(bare);
        } catch (UnknownHostException e) {
            throw new IOException("cannot resolve " + bare);
        }
        if (addrs.isEmpty()) throw new IOException("cannot resolve " + bare);
        for (InetAddress a : addrs) {
            String why = guard.refusal(a);
            if (why != null) throw new Refused(bare + " resolves to " + a.getHostAddress() + ", " + why + "; refused");
        }
        InetAddress target = addrs.getFirst();
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress(target, port), remainingMillis(deadline));
            Socket s = raw;
            if (https) {
                SSLSocket ssl = (SSLSocket) tls.createSocket(raw, bare, port, true);
                SSLParameters p = ssl.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                if (!bare.contains(":") && !(!bare.isEmpty() && bare.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9'))) p.setServerNames(List.of(new SNIHostName(bare)));
                ssl.setSSLParameters(p);
                ssl.setSoTimeout(remainingMillis(deadline));
                ssl.startHandshake();
                s = ssl;
            }
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            if (uri.getRawQuery() != null) path += "?" + uri.getRawQuery();
            String hostHeader = host + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nUser-Agent: clawdbot-web-fetch/1\r\n"
                    + "Accept: text/html,text/plain,application/json;q=0.9,*/*;q=0.5\r\nAccept-Encoding: identity\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return read(uri, new BufferedInputStream(s.getInputStream()), s, maxBytes, deadline);
        } catch (SocketTimeoutException e) {
            throw new IOException("timed out fetching " + uri);
        }
    }

    private int remainingMillis(Instant deadline) throws IOException {
        long ms = Duration.between(clock.instant(), deadline).toMillis();
        if (ms <= 0) throw new IOException("timed out");
        return (int) Math.min(ms, Integer.MAX_VALUE);
    }

    private Response read(URI uri, InputStream in, Socket s, int maxBytes, Instant deadline) throws IOException {
        s.setSoTimeout(remainingMillis(deadline));
        String status = line(in, new int[]{0});
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) throw new IOException("not an HTTP/1.x response");
        int code;
        try {
            code = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("malformed status line");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int[] used = {status.length()};
        for (String h; !(h = line(in, used)).isEmpty(); ) {
            int c = h.indexOf(':');
            if (c > 0) headers.put(h.substring(0, c).strip().toLowerCase(Locale.ROOT), h.substring(c + 1).strip());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean truncated;
        if (code / 100 == 3 || code == 204 || code == 304) {
            truncated = false;
        } else if (headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked")) {
            truncated = chunked(in, body, maxBytes, s, deadline);
        } else {
            long len = -1;
            try {
                if (headers.containsKey("content-length")) len = Long.parseLong(headers.get("content-length"));
            } catch (NumberFormatException e) {
                throw new IOException("malformed Content-Length");
            }
            truncated = copy(in, body, len < 0 ? Long.MAX_VALUE : len, maxBytes, s, deadline);
            if (len >= 0 && !truncated && body.size() < len) throw new IOException("the response ended early (" + body.size() + " of " + len + " bytes)");
        }
        return new Response(uri, code, headers, body.toByteArray(), truncated);
    }

    private boolean chunked(InputStream in, ByteArrayOutputStream body, int maxBytes, Socket s, Instant deadline) throws IOException {
        int[] used = {0};
        while (true) {
            String sizeLine = line(in, used).split(";", 2)[0].strip();
            long size;
            try {
                size = Long.parseLong(sizeLine, 16);
            } catch (NumberFormatException e) {
                throw new IOException("malformed chunk size");
            }
            if (size == 0) return false;
            if (copy(in, body, size, maxBytes, s, deadline)) return true;
            line(in, used);
        }
    }

    /** Copies up to {@code len} bytes; true when the body cap was hit (the rest is not read). */
    private boolean copy(InputStream in, ByteArrayOutputStream body, long len, int maxBytes, Socket s, Instant deadline) throws IOException {
        byte[] buf = new byte[8192];
        long left = len;
        while (left > 0) {
            if (body.size() >= maxBytes) return true;
            s.setSoTimeout(remainingMillis(deadline));
            int n = in.read(buf, 0, (int) Math.min(buf.length, Math.min(left, maxBytes - body.size() + 1L)));
            if (n < 0) {
                if (len != Long.MAX_VALUE) throw new IOException("the response ended early");
                return false;
            }
            int keep = Math.min(n, maxBytes - body.size());
            body.write(buf, 0, keep);
            if (keep < n) return true;
            left -= n;
        }
        return false;
    }

    private static String line(InputStream in, int[] used) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) throw new IOException("the connection closed inside the response head");
            if (++used[0] > MAX_HEADER_BYTES) throw new IOException("response head larger than " + MAX_HEADER_BYTES + " bytes");
            if (c != '\r') sb.append((char) c);
        }
        return sb.toString();
    }
}
