package dev.clawdbot.testkit.llm;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Writes one reply to one exchange in the request's wire format, injecting the reply's fault. */
final class FakeResponder {

    private final HttpExchange ex;
    private final RecordedRequest req;
    private final Reply reply;
    private final Fault fault;
    private final boolean anthropic;

    FakeResponder(HttpExchange ex, RecordedRequest req, Reply reply) {
        this.ex = ex;
        this.req = req;
        this.fault = reply.fault();
        this.anthropic = req.anthropic();
        // A fault that breaks a stream needs something to break: give it content.
        Reply r = reply;
        if (fault != null && r.text().isEmpty() && r.toolCalls().isEmpty()) {
            r = fault.kind() == Fault.Kind.DISCONNECT_MID_TOOL_CALL
                    ? Reply.toolCalls(new Reply.ToolCall("exec", "{\"command\":\"uptime\",\"timeout\":30}"))
                    : Reply.text("This reply will not arrive whole, because the fake server breaks it.");
        }
        this.reply = r;
    }

    void respond() throws IOException {
        if (fault != null && fault.kind() == Fault.Kind.HTTP_STATUS) {
            if (fault.retryAfter() != null) ex.getResponseHeaders().set("retry-after", fault.retryAfter());
            if (fault.status() == 529 || fault.status() >= 500) ex.getResponseHeaders().set("x-should-retry", "true");
            FakeModelServer.send(ex, fault.status(), "application/json",
                    anthropic ? FakeWire.anthropicError(fault.status(), fault.message()) : FakeWire.openAiError(fault.status(), fault.message()));
            return;
        }
        if (fault != null && fault.kind() == Fault.Kind.SLOW_FIRST_BYTE) sleep(fault.delay());
        String model = req.json().path("model").asText("fake-model");
        long inputTokens = Math.max(1, req.body().length() / 4);
        if (!req.streaming()) {
            body(model, inputTokens);
            return;
        }
        List<String> events = new ArrayList<>();
        for (FakeWire.Sse e : anthropic ? FakeWire.anthropicStream(reply, model, inputTokens)
                : FakeWire.openAiStream(reply, model, inputTokens, req.json().path("stream_options").path("include_usage").asBoolean())) {
            events.add(e.render());
        }
        stream(events);
    }

    private void body(String model, long inputTokens) throws IOException {
        String body = anthropic ? FakeWire.anthropicBody(reply, model, inputTokens) : FakeWire.openAiBody(reply, model, inputTokens);
        if (fault == null || fault.kind() == Fault.Kind.SLOW_FIRST_BYTE) {
            FakeModelServer.send(ex, 200, "application/json", body);
            return;
        }
        switch (fault.kind()) {
            case MERGED_EVENTS -> FakeModelServer.send(ex, 200, "application/json", body + body);
            case MALFORMED_JSON -> FakeModelServer.send(ex, 200, "application/json", body.replaceFirst(":", " "));
            case STALL_MID_STREAM, DISCONNECT_MID_TOOL_CALL -> {
                byte[] b = body.getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("content-type", "application/json");
                ex.sendResponseHeaders(200, b.length);
                OutputStream out = ex.getResponseBody();
                out.write(b, 0, b.length / 2);
                out.flush();
                if (fault.kind() == Fault.Kind.STALL_MID_STREAM) sleep(fault.delay());
                abort(out);
            }
            default -> FakeModelServer.send(ex, 200, "application/json", body.substring(0, body.length() / 2));
        }
    }

    private void stream(List<String> events) throws IOException {
        ex.getResponseHeaders().set("content-type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("cache-control", "no-cache");
        int mid = Math.max(1, events.size() / 2);
        Fault.Kind kind = fault == null ? null : fault.kind();
        if (kind == Fault.Kind.DISCONNECT_MID_TOOL_CALL) {
            // A fixed length that is never reached: closing early is an abrupt end, not a clean one.
            ex.sendResponseHeaders(200, 1 << 20);
        } else {
            ex.sendResponseHeaders(200, 0);
        }
        OutputStream out = ex.getResponseBody();
        for (int i = 0; i < events.size(); i++) {
            String e = events.get(i);
            if (kind != null && i == mid) {
                switch (kind) {
                    case STALL_MID_STREAM -> {
                        out.flush();
                        sleep(fault.delay());
                        abort(out);
                        return;
                    }
                    case TRUNCATED_STREAM -> {
                        out.close();
                        return;
                    }
                    case MALFORMED_JSON -> e = e.replaceFirst("data: \\{", "data: {\"type\" content_block_delta, ");
                    case MERGED_EVENTS -> {
                        String next = events.get(i + 1 < events.size() ? i + 1 : i);
                        e = e.substring(0, e.length() - 2) + next.substring(next.indexOf("data: ") + 6);
                        i++;
                    }
                    case DOUBLED_DATA_PREFIX -> e = e.replace("data: ", "data: data: ");
                    case DONE_EARLY -> {
                        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
                        out.close();
                        return;
                    }
                    case ERROR_EVENT -> {
                        String err = anthropic
                                ? "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n"
                                : "data: {\"error\":{\"message\":\"The server had an error while processing your request\",\"type\":\"server_error\"}}\n\n";
                        out.write(err.getBytes(StandardCharsets.UTF_8));
                        out.close();
                        return;
                    }
                    default -> { }
                }
            }
            if (kind == Fault.Kind.DISCONNECT_MID_TOOL_CALL && e.contains("\"partial_json\":\"{") || kind == Fault.Kind.DISCONNECT_MID_TOOL_CALL
                    && e.contains("\"arguments\":\"{")) {
                out.write(e.getBytes(StandardCharsets.UTF_8));
                out.flush();
                abort(out);
                return;
            }
            out.write(e.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        out.close();
    }

    /**
     * Ends the exchange without completing the response. The JDK server closes a connection whose handler
     * throws, so the client sees the connection drop mid-body.
     */
    private void abort(OutputStream out) {
        throw new Disconnect();
    }

    /** Thrown out of the handler on purpose to drop the connection. */
    static final class Disconnect extends RuntimeException {
        Disconnect() {
            super("fake disconnect", null, false, false);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
