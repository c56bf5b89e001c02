package dev.clawdbot.testkit.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fake Telegram Bot API server speaking the real wire format: {@code /bot<token>/<method>} with JSON,
 * form or multipart parameters, {@code {"ok":..,"result":..}} envelopes, long-polling {@code getUpdates}
 * that honours {@code offset} and {@code timeout}, webhook delivery with the secret-token header, file
 * downloads under {@code /file/bot<token>/<path>}, and injectable faults (429 with {@code retry_after},
 * any other error). Every call is recorded for assertions.
 */
public final class FakeTelegramServer implements AutoCloseable {

    /** One recorded API call: the method, its parameters (as JSON), uploaded files, and when it arrived. */
    public record Call(String token, String method, JsonNode params, Map<String, byte[]> files, Instant at) {
        public String param(String name) {
            JsonNode n = params.get(name);
            return n == null || n.isNull() ? null : n.isValueNode() ? n.asText() : n.toString();
        }
    }

    /** A message the bot sent (sendMessage or sendVoice) with the message_id this server gave it. */
    public record Sent(String token, long chatId, long messageId, String text, JsonNode replyMarkup) {
    }

    private record Fault(int code, String description, Integer retryAfter) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-telegram");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient webhookClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private final Deque<ObjectNode> pending = new ArrayDeque<>();
    private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final AtomicLong nextUpdateId = new AtomicLong(1000);
    private final AtomicLong nextMessageId = new AtomicLong(1);
    private volatile String webhookUrl;
    private volatile String webhookSecret;
    private volatile String botUsername = "clawdbot_test_bot";

    public FakeTelegramServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind fake Telegram server: " + e.getMessage(), e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The base URL to give a client, e.g. {@code http://127.0.0.1:PORT}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void setBotUsername(String username) {
        this.botUsername = username;
    }

    /** Queues an update (the {@code update_id} is assigned here and returned); delivered by getUpdates or the webhook. */
    public long pushUpdate(ObjectNode updateWithoutId) {
        ObjectNode u = updateWithoutId.deepCopy();
        long id = nextUpdateId.getAndIncrement();
        u.put("update_id", id);
        synchronized (lock) {
            pending.addLast(u);
            lock.notifyAll();
        }
        if (webhookUrl != null) executor.execute(this::deliverWebhooks);
        return id;
    }

    /** A private text message update from {@code userId}. */
    public long pushText(long userId, String text) {
        return pushUpdate(Updates.privateText(userId, text, nextMessageId.getAndIncrement()));
    }

    /** Makes a file downloadable through getFile; returns its file_id. */
    public String addFile(String fileId, byte[] content) {
        files.put(fileId, content.clone());
        return fileId;
    }

    /** The next {@code times} calls of {@code method} fail with 429 and {@code retry_after}. */
    public void failWith429(String method, int retryAfterSeconds, int times) {
        for (int i = 0; i < times; i++) queueFault(method, new Fault(429, "Too Many Requests: retry after " + retryAfterSeconds, retryAfterSeconds));
    }

    /** The next call of {@code method} fails with this code and description (e.g. 400 "Bad Request: can't parse entities"). */
    public void failNext(String method, int code, String description) {
        queueFault(method, new Fault(code, description, null));
    }

    private void queueFault(String method, Fault f) {
        faults.computeIfAbsent(method, k -> new ArrayDeque<>()).addLast(f);
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Every message sent so far, oldest first, with the message_id it was given (what a reply or a button press refers to). */
    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    public List<Call> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    public String webhookUrl() {
        return webhookUrl;
    }

    /** Updates not yet confirmed by an offset or a successful webhook delivery. */
    public int pendingCount() {
        synchronized (lock) {
            return pending.size();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (path.startsWith("/file/bot")) {
                serveFile(ex, path);
                return;
            }
            if (!path.startsWith("/bot") || path.indexOf('/', 4) < 0) {
                send(ex, 404, error(404, "Not Found"));
                return;
            }
            int slash = path.indexOf('/', 4);
            String token = path.substring(4, slash);
            String method = path.substring(slash + 1);
            Map<String, byte[]> uploaded = new HashMap<>();
            ObjectNode params = parseParams(ex, uploaded);
            calls.add(new Call(token, method, params, Map.copyOf(uploaded), Instant.now()));
            if (!token.matches("\\d+:[A-Za-z0-9_-]+")) {
                send(ex, 401, error(401, "Unauthorized"));
                return;
            }
            Deque<Fault> fq = faults.get(method);
            Fault fault = fq == null ? null : fq.pollFirst();
            if (fault != null) {
                ObjectNode body = error(fault.code(), fault.description());
                if (fault.retryAfter() != null) body.putObject("parameters").put("retry_after", fault.retryAfter());
                send(ex, fault.code(), body);
                return;
            }
            dispatch(ex, token, method, params, uploaded);
        } catch (RuntimeException e) {
            send(ex, 500, error(500, "Internal Server Error: " + e.getMessage()));
        }
    }

    private void dispatch(HttpExchange ex, String token, String method, ObjectNode p, Map<String, byte[]> uploaded) throws IOException {
        switch (method) {
            case "getMe" -> {
                ObjectNode me = JSON.createObjectNode().put("id", 999).put("is_bot", true).put("first_name", "Clawdbot").put("username", botUsername);
                send(ex, 200, ok(me));
            }
            case "getUpdates" -> getUpdates(ex, p);
            case "setWebhook" -> {
                String url = p.path("url").asText("");
                String secret = p.path("secret_token").asText(null);
                if (secret != null && !secret.matches("[A-Za-z0-9_-]{1,256}")) {
                    send(ex, 400, error(400, "Bad Request: secret token contains unallowed characters"));
                    return;
                }
                webhookUrl = url.isEmpty() ? null : url;
                webhookSecret = secret;
                if (p.path("drop_pending_updates").asBoolean(false)) synchronized (lock) { pending.clear(); }
                send(ex, 200, ok(JSON.getNodeFactory().booleanNode(true)));
                if (webhookUrl != null) executor.execute(this::deliverWebhooks);
            }
            case "deleteWebhook" -> {
                webhookUrl = null;
                webhookSecret = null;
                if (p.path("drop_pending_updates").asBoolean(false)) synchronized (lock) { pending.clear(); }
                synchronized (lock) { lock.notifyAll(); }
                send(ex, 200, ok(JSON.getNodeFactory().booleanNode(true)));
            }
            case "getWebhookInfo" -> {
                ObjectNode info = JSON.createObjectNode().put("url", webhookUrl == null ? "" : webhookUrl).put("pending_update_count", pendingCount());
                send(ex, 200, ok(info));
            }
            case "sendMessage", "sendVoice" -> {
                if (!p.hasNonNull("chat_id")) {
                    send(ex, 400, error(400, "Bad Request: chat_id is empty"));
                    return;
                }
                if (method.equals("sendMessage")) {
                    String text = p.path("text").asText("");
                    if (text.isEmpty()) {
                        send(ex, 400, error(400, "Bad Request: message text is empty"));
                        return;
                    }
                    if (text.length() > 4096) {
                        send(ex, 400, error(400, "Bad Request: message is too long"));
                        return;
                    }
                    if ("HTML".equals(p.path("parse_mode").asText(null)) && !HtmlCheck.balanced(text)) {
                        send(ex, 400, error(400, "Bad Request: can't parse entities: unmatched end tag"));
                        return;
                    }
                } else if (!uploaded.containsKey("voice") && !p.hasNonNull("voice")) {
                    send(ex, 400, error(400, "Bad Request: there is no voice in the request"));
                    return;
                }
                ObjectNode msg = JSON.createObjectNode().put("message_id", nextMessageId.getAndIncrement()).put("date", Instant.now().getEpochSecond());
                msg.putObject("chat").put("id", p.path("chat_id").asLong()).put("type", "private");
                if (p.has("text")) msg.put("text", p.path("text").asText());
                if (method.equals("sendVoice")) msg.putObject("voice").put("file_id", "sent-voice-" + msg.path("message_id").asLong()).put("duration", 1);
                sent.add(new Sent(token, p.path("chat_id").asLong(), msg.path("message_id").asLong(), p.path("text").asText(null), p.get("reply_markup")));
                send(ex, 200, ok(msg));
            }
            case "editMessageText" -> {
                ObjectNode msg = JSON.createObjectNode().put("message_id", p.path("message_id").asLong()).put("text", p.path("text").asText(""));
                msg.putObject("chat").put("id", p.path("chat_id").asLong()).put("type", "private");
                send(ex, 200, ok(msg));
            }
            case "sendChatAction", "answerCallbackQuery", "editMessageReplyMarkup" -> send(ex, 200, ok(JSON.getNodeFactory().booleanNode(true)));
            case "getFile" -> {
                String id = p.path("file_id").asText("");
                if (!files.containsKey(id)) {
                    send(ex, 400, error(400, "Bad Request: invalid file_id"));
                    return;
                }
                ObjectNode f = JSON.createObjectNode().put("file_id", id).put("file_unique_id", "u" + id)
                        .put("file_size", files.get(id).length).put("file_path", "voice/" + id + ".oga");
                send(ex, 200, ok(f));
            }
            default -> send(ex, 404, error(404, "Not Found: method not found"));
        }
    }

    private void getUpdates(HttpExchange ex, ObjectNode p) throws IOException {
        if (webhookUrl != null) {
            send(ex, 409, error(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"));
            return;
        }
        long offset = p.path("offset").asLong(0);
        int limit = Math.max(1, Math.min(100, p.path("limit").asInt(100)));
        long timeoutMs = Math.max(0, p.path("timeout").asLong(0)) * 1000;
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        ArrayNode result = JSON.createArrayNode();
        synchronized (lock) {
            // An offset confirms every update before it, as on the real server.
            if (offset > 0) pending.removeIf(u -> u.path("update_id").asLong() < offset);
            while (pending.isEmpty() && webhookUrl == null) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) break;
                try {
                    lock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            for (ObjectNode u : pending) {
                if (result.size() >= limit) break;
                result.add(u);
            }
        }
        send(ex, 200, ok(result));
    }

    private void deliverWebhooks() {
        String url = webhookUrl;
        if (url == null) return;
        while (true) {
            ObjectNode next;
            synchronized (lock) {
                next = pending.peekFirst();
            }
            if (next == null || webhookUrl == null) return;
            HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(next.toString()));
            if (webhookSecret != null) rb.header("X-Telegram-Bot-Api-Secret-Token", webhookSecret);
            try {
                HttpResponse<Void> r = webhookClient.send(rb.build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() / 100 != 2) return;
            } catch (IOException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            synchronized (lock) {
                pending.remove(next);
            }
        }
    }

    private void serveFile(HttpExchange ex, String path) throws IOException {
        // /file/bot<token>/voice/<id>.oga
        String rest = path.substring("/file/bot".length());
        int slash = rest.indexOf('/');
        String filePath = slash < 0 ? "" : rest.substring(slash + 1);
        calls.add(new Call(slash < 0 ? rest : rest.substring(0, slash), "file", JSON.createObjectNode().put("path", filePath), Map.of(), Instant.now()));
        String id = filePath.startsWith("voice/") ? filePath.substring(6).replaceFirst("\\.oga$", "") : "";
        byte[] content = files.get(id);
        if (content == null) {
            send(ex, 404, error(404, "Not Found"));
            return;
        }
        ex.getResponseHeaders().set("Content-Type", "audio/ogg");
        ex.sendResponseHeaders(200, content.length);
        ex.getResponseBody().write(content);
    }

    private static ObjectNode parseParams(HttpExchange ex, Map<String, byte[]> uploaded) throws IOException {
        ObjectNode params = JSON.createObjectNode();
        String query = ex.getRequestURI().getRawQuery();
        if (query != null) formInto(query, params);
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        String ct = ex.getRequestHeaders().getFirst("Content-Type");
        if (body.length == 0 || ct == null) return params;
        if (ct.startsWith("application/json")) {
            JsonNode n = JSON.readTree(body);
            if (n instanceof ObjectNode o) params.setAll(o);
        } else if (ct.startsWith("application/x-www-form-urlencoded")) {
            formInto(new String(body, StandardCharsets.UTF_8), params);
        } else if (ct.startsWith("multipart/form-data")) {
            Multipart.parse(body, ct, params, uploaded);
        }
        return params;
    }

    private static void formInto(String form, ObjectNode params) {
        for (String pair : form.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(k, v);
        }
    }

    private static ObjectNode ok(JsonNode result) {
        ObjectNode o = JSON.createObjectNode().put("ok", true);
        o.set("result", result);
        return o;
    }

    private static ObjectNode error(int code, String description) {
        return JSON.createObjectNode().put("ok", false).put("error_code", code).put("description", description);
    }

    private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }
}
