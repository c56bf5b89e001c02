package dev.clawdbot.testkit.llm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * An in-process model server speaking the Anthropic Messages API ({@code POST /v1/messages}) and OpenAI
 * Chat Completions ({@code POST /v1/chat/completions}, {@code GET /v1/models}), streamed (SSE) or not,
 * with real event shapes and usage. Replies come from a queue, then from a function of the request, then
 * (in echo mode) repeat the last user message; with none of these it answers HTTP 500 saying so.
 * <pre>{@code
 * try (FakeModelServer fake = FakeModelServer.start()) {
 *     fake.enqueueText("hi").enqueueFault(Fault.overloaded()).enqueueToolCall("exec", "{\"cmd\":\"ls\"}");
 *     // Anthropic base URL: fake.baseUrl(); OpenAI-compatible base URL: fake.openAiBaseUrl()
 * }
 * }</pre>
 */
public final class FakeModelServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final ConcurrentLinkedQueue<Reply> queue = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private volatile Function<RecordedRequest, Reply> responder;
    private volatile boolean echo;
    private volatile boolean record = true;
    private volatile List<String> models = List.of("fake-model");
    private volatile String requiredKey;

    private FakeModelServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts on a free loopback port. */
    public static FakeModelServer start() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            ExecutorService ex = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "fake-model-server");
                t.setDaemon(true);
                return t;
            });
            s.setExecutor(ex);
            FakeModelServer f = new FakeModelServer(s, ex);
            s.createContext("/", f::handle);
            s.start();
            return f;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake model server", e);
        }
    }

    /**
     * Runs an instant-echo fake in its own process, for load drivers that measure the gateway without a model:
     * prints the OpenAI-compatible base URL and serves until killed.
     */
    public static void main(String[] args) throws InterruptedException {
        FakeModelServer f = start().instantEcho();
        System.out.println(f.openAiBaseUrl());
        System.out.flush();
        Thread.currentThread().join();
    }

    /** {@code http://127.0.0.1:PORT}: the Anthropic base URL. */
    public String baseUrl() {
        return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT/v1}: the OpenAI-compatible base URL. */
    public String openAiBaseUrl() {
        return baseUrl() + "/v1";
    }

    public FakeModelServer enqueue(Reply reply) {
        queue.add(reply);
        return this;
    }

    public FakeModelServer enqueueText(String text) {
        return enqueue(Reply.text(text));
    }

    public FakeModelServer enqueueToolCall(String name, String jsonArgs) {
        return enqueue(Reply.toolCalls(new Reply.ToolCall(name, jsonArgs)));
    }

    public FakeModelServer enqueueFault(Fault fault) {
        return enqueue(Reply.fault(fault));
    }

    /** Answers requests the queue does not cover; the function may return a fault reply. */
    public FakeModelServer respondWith(Function<RecordedRequest, Reply> responder) {
        this.responder = responder;
        return this;
    }

    /**
     * Instant echo: requests the queue does not cover get their last user message back at once, and
     * requests are no longer recorded (for benchmarks and load tests).
     */
    public FakeModelServer instantEcho() {
        this.echo = true;
        this.record = false;
        return this;
    }

    /**
     * {@code GET /v1/models} answers 401 (the providers' error body) unless the request carries this key as
     * {@code x-api-key} (Anthropic) or {@code Authorization: Bearer} (OpenAI); null (the default) accepts any.
     */
    public FakeModelServer requireKey(String key) {
        this.requiredKey = key;
        return this;
    }

    /** The model ids {@code GET /v1/models} lists. */
    public FakeModelServer models(String... ids) {
        this.models = List.of(ids);
        return this;
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public int requestCount() {
        return requests.size();
    }

    public RecordedRequest lastRequest() {
        if (requests.isEmpty()) throw new IllegalStateException("the fake model server has received no request");
        return requests.get(requests.size() - 1);
    }

    /** How many scripted replies are still queued. */
    public int pending() {
        return queue.size();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new TreeMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            String path = ex.getRequestURI().getPath();
            RecordedRequest req = new RecordedRequest(ex.getRequestMethod(), path, Map.copyOf(headers), body);
            if (record) requests.add(req);
            if ("GET".equals(ex.getRequestMethod()) && path.endsWith("/models")) {
                String key = requiredKey;
                if (key != null && !List.of(key).equals(headers.get("x-api-key")) && !List.of("Bearer " + key).equals(headers.get("authorization"))) {
                    send(ex, 401, "application/json", "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}");
                    return;
                }
                listModels(ex);
                return;
            }
            if (!"POST".equals(ex.getRequestMethod()) || !(path.endsWith("/v1/messages") || path.endsWith("/chat/completions"))) {
                send(ex, 404, "application/json", "{\"error\":{\"type\":\"not_found_error\",\"message\":\"no route " + path + "\"}}");
                return;
            }
            Reply reply = next(req);
            if (reply == null) {
                send(ex, 500, "application/json", "{\"error\":{\"type\":\"api_error\",\"message\":\"FakeModelServer: no scripted reply for this request\"}}");
                return;
            }
            new FakeResponder(ex, req, reply).respond();
        } catch (FakeResponder.Disconnect d) {
            throw d;
        } catch (IOException | RuntimeException e) {
            // The client went away mid-reply; nothing more to send.
            ex.close();
        }
    }

    private Reply next(RecordedRequest req) {
        Reply r = queue.poll();
        if (r != null) return r;
        Function<RecordedRequest, Reply> f = responder;
        if (f != null) return f.apply(req);
        return echo ? Reply.text(req.lastUserText()) : null;
    }

    private void listModels(HttpExchange ex) throws IOException {
        StringBuilder sb = new StringBuilder("{\"object\":\"list\",\"data\":[");
        List<String> parts = new ArrayList<>();
        for (String m : models) {
            parts.add("{\"id\":" + FakeWire.MAPPER.valueToTree(m) + ",\"object\":\"model\",\"created\":1700000000,\"owned_by\":\"fake\"}");
        }
        sb.append(String.join(",", parts)).append("]}");
        send(ex, 200, "application/json", sb.toString());
    }

    static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("content-type", contentType);
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
