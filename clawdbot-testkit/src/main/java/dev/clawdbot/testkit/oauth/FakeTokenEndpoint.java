package dev.clawdbot.testkit.oauth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OAuth 2.0 token endpoint speaking the refresh-token grant as Microsoft and Google do: form-encoded POST in,
 * JSON out ({@code access_token}, {@code token_type}, {@code expires_in}, optionally a rotated {@code refresh_token}).
 * Issues {@code at-1}, {@code at-2}, ... and accepts only the current refresh token. Faults are queued per request:
 * any status and body, with an optional Retry-After.
 */
public final class FakeTokenEndpoint implements AutoCloseable {
    private record Fault(int status, String body, String retryAfter) {
    }

    private final HttpServer server;
    private final Deque<Fault> faults = new ArrayDeque<>();
    private final AtomicInteger issued = new AtomicInteger();
    public final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    public final List<String> contentTypes = new CopyOnWriteArrayList<>();
    public volatile String refreshToken;
    public volatile long expiresIn = 3600;
    public volatile boolean rotate;

    public FakeTokenEndpoint(String refreshToken) {
        this.refreshToken = refreshToken;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/oauth2/v2.0/token", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/oauth2/v2.0/token";
    }

    public synchronized void fail(int status, String body, String retryAfter) {
        faults.addLast(new Fault(status, body, retryAfter));
    }

    /** The access token the next successful request will get. */
    public String next() {
        return "at-" + (issued.get() + 1);
    }

    private synchronized Fault nextFault() {
        return faults.pollFirst();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Map<String, String> form = new LinkedHashMap<>();
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            requests.add(form);
            contentTypes.add(ex.getRequestHeaders().getFirst("Content-Type"));
            Fault fault = nextFault();
            if (fault != null) {
                if (fault.retryAfter() != null) ex.getResponseHeaders().add("Retry-After", fault.retryAfter());
                send(ex, fault.status(), fault.body());
                return;
            }
            if (!"POST".equals(ex.getRequestMethod()) || !"refresh_token".equals(form.get("grant_type"))) {
                send(ex, 400, "{\"error\":\"unsupported_grant_type\"}");
                return;
            }
            if (!refreshToken.equals(form.get("refresh_token"))) {
                send(ex, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS70008: The refresh token has expired or is invalid.\"}");
                return;
            }
            String token = "at-" + issued.incrementAndGet();
            String rotated = "";
            if (rotate) {
                refreshToken = "rt-rotated-" + issued.get();
                rotated = ",\"refresh_token\":\"" + refreshToken + "\"";
            }
            send(ex, 200, "{\"token_type\":\"Bearer\",\"scope\":\"IMAP\",\"expires_in\":" + expiresIn + ",\"access_token\":\"" + token + "\"" + rotated + "}");
        }
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
