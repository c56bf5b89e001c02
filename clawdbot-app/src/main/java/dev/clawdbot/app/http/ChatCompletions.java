package dev.clawdbot.app.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clawdbot.core.chat.Caller;
import dev.clawdbot.core.chat.ChatError;
import dev.clawdbot.core.chat.ChatService;
import dev.clawdbot.core.chat.InboundMessage;
import dev.clawdbot.core.chat.Reply;
import dev.clawdbot.core.chat.ReplyListener;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /v1/chat/completions}: turns an OpenAI request into one {@link InboundMessage} and the agent's
 * reply back into OpenAI's response or chunk stream. Authentication has already happened.
 */
final class ChatCompletions {
    static final String CHANNEL = "http";
    static final String ANONYMOUS = "anonymous";
    static final String DEFAULT_MODEL_NAME = "default";

    static final String IDEMPOTENCY_HEADER = "Idempotency-Key";
    static final int MAX_IDEMPOTENCY_KEY = 255;

    private final ChatService chat;
    private final Clock clock;
    private final HttpConfig config;
    private final StreamSlots slots;
    private final HttpMetrics metrics;

    ChatCompletions(ChatService chat, Clock clock, HttpConfig config, StreamSlots slots, HttpMetrics metrics) {
        this.chat = chat;
        this.clock = clock;
        this.config = config;
        this.slots = slots;
        this.metrics = metrics;
    }

    void handle(Context ctx, Principal principal) throws IOException {
        CompletionRequest request = CompletionRequest.parse(readBody(ctx, config.maxBodyBytes()));
        Caller caller = caller(CHANNEL, principal, request.user(), ANONYMOUS);
        InboundMessage message = new InboundMessage(blankToNull(request.model()), caller,
                request.text(), clock.instant(), false, idempotencyKey(ctx.header(IDEMPOTENCY_HEADER), caller.sessionPeer()));
        String model = request.model() == null || request.model().isBlank() ? DEFAULT_MODEL_NAME : request.model();
        String id = completionId();
        long created = clock.instant().getEpochSecond();
        if (request.stream()) {
            if (!slots.tryAcquire()) throw ApiError.busy(slots.limit());
            try {
                new SseCompletionStream(ctx, new ChunkWriter(id, created, model), request.includeUsage(),
                        config.replyTimeout(), metrics::streamDisconnected).run(listener -> chat.submit(message, listener));
            } finally {
                slots.release();
            }
        } else {
            respond(ctx, id, created, model, message);
        }
    }

    private void respond(Context ctx, String id, long created, String model, InboundMessage message) {
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        chat.submit(message, new ReplyListener() {
            @Override
            public void onComplete(Reply reply) {
                outcome.complete(reply);
            }

            @Override
            public void onError(ChatError error) {
                outcome.complete(error);
            }
        });
        Object result = await(outcome, config.replyTimeout());
        if (result instanceof ChatError error) throw chatError(error);
        Reply reply = (Reply) result;
        ObjectNode body = ApiJson.object();
        body.put("id", id);
        body.put("object", "chat.completion");
        body.put("created", created);
        body.put("model", model);
        ArrayNode choices = body.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", 0);
        ObjectNode msg = choice.putObject("message");
        msg.put("role", "assistant");
        msg.put("content", replyText(reply));
        msg.putNull("refusal");
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(reply));
        body.set("usage", usage(reply));
        ctx.contentType("application/json").result(ApiJson.write(body));
    }

    private static Object await(CompletableFuture<Object> outcome, Duration timeout) {
        try {
            return outcome.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ApiError(504, "server_error", "timeout",
                    null, "The agent did not answer within " + timeout.toSeconds() + " s (http.replyTimeout).");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "server_error", "shutting_down", null, "The gateway is shutting down.");
        } catch (ExecutionException e) {
            throw new IllegalStateException("reply future never completes exceptionally", e);
        }
    }

    /**
     * The caller policy sees. A per-user token's principal is the identity; what the client sends ({@code user},
     * the web {@code peer}) only picks a session within it. The gateway token keeps its old meaning, the
     * operator naming the session (and with it the {@code http:NAME} identity) directly.
     */
    static Caller caller(String channel, Principal principal, String requested, String fallback) {
        if (principal.operator()) return new Caller(channel, requested == null ? fallback : requested, null);
        return new Caller(channel, principal.name(), null, requested);
    }

    static ApiError chatError(ChatError error) {
        return new ApiError(500, "server_error", error.code(), null, error.message());
    }

    /** Guard-blocked replies carry the neutral notice as their text; a missing one gets ours. */
    static String replyText(Reply reply) {
        if (reply.text() != null && !reply.text().isBlank()) return reply.text();
        return reply.blocked() ? "This message was not processed." : "";
    }

    static String finishReason(Reply reply) {
        return reply.blocked() ? "content_filter" : "stop";
    }

    static ObjectNode usage(Reply reply) {
        ObjectNode usage = ApiJson.object();
        usage.put("prompt_tokens", reply.inputTokens());
        usage.put("completion_tokens", reply.outputTokens());
        usage.put("total_tokens", reply.inputTokens() + reply.outputTokens());
        return usage;
    }

    /** Reads at most {@code limit} bytes, refusing larger bodies whether or not they declare a length. */
    static String readBody(Context ctx, long limit) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) throw ApiError.tooLarge(limit);
        try (InputStream in = ctx.req().getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(256, Math.min(declared, limit)));
            byte[] buffer = new byte[8192];
            long total = 0;
            for (int n; (n = in.read(buffer)) != -1; ) {
                total += n;
                if (total > limit) throw ApiError.tooLarge(limit);
                out.write(buffer, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * OpenAI-style {@code chatcmpl-} plus 32 hex digits. Ids only correlate log lines, they guard nothing, so a
     * fast non-cryptographic source is right: {@code UUID.randomUUID()} took 4% of the gateway's CPU per turn.
     */
    /**
     * The gateway's key for a request's {@code Idempotency-Key} header: a retried request with the same key runs
     * its turn at most once and gets the reply the first one committed. Keys are scoped to the caller's session
     * (the OpenAI {@code user}), so one caller's key can never fetch another's reply; hashed, so that any session
     * name and key fit the gateway's 200-character limit and no separator can be forged. Null without the header.
     */
    static String idempotencyKey(String header, String peer) {
        if (header == null) return null;
        if (header.isEmpty() || header.length() > MAX_IDEMPOTENCY_KEY || !header.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw ApiError.badRequest(IDEMPOTENCY_HEADER, "The Idempotency-Key header must be 1 to " + MAX_IDEMPOTENCY_KEY
                    + " visible ASCII characters (a UUID is a good key).");
        }
        // The session name holds no control characters, so the NUL between the two cannot be forged.
        return "http-idem:" + Base64.getUrlEncoder().withoutPadding().encodeToString(BearerAuth.sha256(peer + '\0' + header));
    }

    static String completionId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "chatcmpl-" + HexFormat.of().toHexDigits(r.nextLong()) + HexFormat.of().toHexDigits(r.nextLong());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

}
