package dev.clawdbot.app.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clawdbot.app.AppEvents;
import dev.clawdbot.core.chat.Caller;
import dev.clawdbot.core.chat.ChatError;
import dev.clawdbot.core.chat.ChatService;
import dev.clawdbot.core.chat.InboundMessage;
import dev.clawdbot.core.chat.Reply;
import dev.clawdbot.core.chat.ReplyListener;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsContext;
import io.javalin.websocket.WsMessageContext;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import com.google.re2j.Pattern;
import org.eclipse.jetty.websocket.api.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web chat's socket, {@code /ws/chat}. Protocol (JSON text frames, documented in docs/http.md):
 * the client authenticates with {@code {"type":"auth","token","peer"}} as its first message (or
 * {@code ?token=&peer=} on the URL), then sends {@code {"type":"message","id","text"}}; the server answers
 * with {@code auth}, {@code delta}, {@code tool}, {@code reset}, {@code done} and {@code error} frames.
 * Unauthenticated sockets are closed with 1008 after one wrong token or {@link #DEFAULT_AUTH_TIMEOUT}; they take
 * no stream slot, and each remote address may hold only a few of them at once (item 7 of issue 11: 270 token-less
 * sockets used to take every slot).
 */
final class WebChatSocket {
    static final String PATH = "/ws/chat";
    static final String CHANNEL = "web";
    static final Duration DEFAULT_AUTH_TIMEOUT = Duration.ofSeconds(10);
    static final int POLICY_VIOLATION = 1008;
    static final int TRY_AGAIN_LATER = 1013;
    private static final Pattern PEER = Pattern.compile("[A-Za-z0-9_-]{8,64}");
    private static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger LOG = LoggerFactory.getLogger(WebChatSocket.class);

    private final ChatService chat;
    private final BearerAuth auth;
    private final OriginCheck origins;
    private final StreamSlots slots;
    private final HttpMetrics metrics;
    private final EventSink events;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final Duration authTimeout;
    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final UnauthenticatedSockets pending = new UnauthenticatedSockets(
            UnauthenticatedSockets.PER_ADDRESS, UnauthenticatedSockets.TOTAL);

    WebChatSocket(ChatService chat, BearerAuth auth, OriginCheck origins, StreamSlots slots, HttpMetrics metrics,
                  EventSink events, Clock clock, ScheduledExecutorService timer, Duration authTimeout) {
        this.chat = chat;
        this.auth = auth;
        this.origins = origins;
        this.slots = slots;
        this.metrics = metrics;
        this.events = events;
        this.clock = clock;
        this.timer = timer;
        this.authTimeout = authTimeout;
    }

    /** Runs before the upgrade: a foreign Origin or a wrong {@code ?token=} never gets a socket. */
    void beforeUpgrade(Context ctx) {
        String origin = ctx.header("Origin");
        if (!origins.permits(origin, ctx.header("Host"))) {
            events.emit(Event.of(clock.instant(), AppEvents.HTTP_WS_ORIGIN_REJECTED, "http",
                    "origin", CompletionRequest.clip(String.valueOf(origin)), "remote", ctx.ip()));
            throw new HttpResponseException(403, "Cross-origin WebSocket refused");
        }
        String token = ctx.queryParam("token");
        if (token != null && !hasChatScope(auth.authenticate(token).orElse(null))) {
            metrics.authFailed();
            events.emit(Event.of(clock.instant(), AppEvents.HTTP_AUTH_FAILED, "http", "path", PATH, "remote", ctx.ip()));
            throw new HttpResponseException(401, "Invalid token");
        }
        String peer = ctx.queryParam("peer");
        if (peer != null && !PEER.matcher(peer).matches()) {
            throw new HttpResponseException(400, "peer must be 8..64 characters of [A-Za-z0-9_-]");
        }
    }

    void configure(WsConfig ws) {
        ws.onConnect(this::connected);
        ws.onMessage(this::received);
        ws.onClose(this::closed);
        ws.onError(ctx -> closed(ctx.sessionId()));
    }

    /**
     * A new socket takes no stream slot until it authenticates: until then it only counts against its remote
     * address's share of unauthenticated sockets ({@link UnauthenticatedSockets}) and has {@link #authTimeout}
     * to authenticate. When every slot is taken anyway, it is told so at once.
     */
    private void connected(WsConnectContext ctx) {
        if (slots.inUse() >= slots.limit()) {
            ctx.closeSession(TRY_AGAIN_LATER, "too many open streams");
            return;
        }
        String token = ctx.queryParam("token");
        Principal principal = token == null ? null : auth.authenticate(token).orElse(null);
        if (hasChatScope(principal)) {
            Connection c = new Connection(ctx, null);
            connections.put(ctx.sessionId(), c);
            c.authenticate(principal, ctx.queryParam("peer"));
            return;
        }
        String address = remoteAddress(ctx);
        if (!pending.tryAdd(address)) {
            events.emit(Event.of(clock.instant(), AppEvents.HTTP_WS_UNAUTHENTICATED_LIMIT, "http", "remote", address));
            ctx.closeSession(TRY_AGAIN_LATER, "too many unauthenticated sockets");
            return;
        }
        Connection c = new Connection(ctx, address);
        connections.put(ctx.sessionId(), c);
        c.authTimeout = timer.schedule(() -> {
            if (!c.authenticated) c.refuse("authentication required");
        }, authTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void closed(WsCloseContext ctx) {
        closed(ctx.sessionId());
    }

    private void closed(String sessionId) {
        Connection c = connections.remove(sessionId);
        if (c == null) return;
        c.release();
    }

    private static boolean hasChatScope(Principal p) {
        return p != null && p.may(Scope.CHAT);
    }

    private static String remoteAddress(WsContext ctx) {
        java.net.SocketAddress a = ctx.session.getRemoteSocketAddress();
        return a instanceof java.net.InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress() : String.valueOf(a);
    }

    private void received(WsMessageContext ctx) {
        Connection c = connections.get(ctx.sessionId());
        if (c == null) return;
        JsonNode msg;
        try {
            msg = ApiJson.MAPPER.readTree(ctx.message());
        } catch (JsonProcessingException e) {
            msg = null;
        }
        boolean wellFormed = msg != null && msg.isObject() && msg.path("type").isTextual();
        if (!c.authenticated) {
            // Before authentication the only acceptable frame is a correct auth frame; anything else ends the socket.
            Principal principal = wellFormed && msg.get("type").asText().equals("auth") && msg.path("token").isTextual()
                    ? auth.authenticate(msg.get("token").asText()).orElse(null) : null;
            if (!hasChatScope(principal)) {
                metrics.authFailed();
                events.emit(Event.of(clock.instant(), AppEvents.HTTP_AUTH_FAILED, "http", "path", PATH,
                        "remote", String.valueOf(ctx.session.getRemoteSocketAddress())));
                c.refuse("authentication required");
                return;
            }
            String peer = msg.path("peer").isTextual() ? msg.get("peer").asText() : null;
            if (peer != null && !PEER.matcher(peer).matches()) {
                c.error(null, "bad_request", "'peer' must be 8..64 characters of [A-Za-z0-9_-].");
                return;
            }
            c.authenticate(principal, peer);
            return;
        }
        if (!wellFormed) {
            c.error(null, "bad_request", "Frames must be JSON objects with a string 'type'.");
            return;
        }
        String type = msg.get("type").asText();
        switch (type) {
            case "message" -> submit(c, msg);
            case "auth" -> c.error(null, "bad_request", "Already authenticated.");
            default -> c.error(null, "bad_request", "Unknown frame type '" + CompletionRequest.clip(type) + "'.");
        }
    }

    private void submit(Connection c, JsonNode msg) {
        String id = msg.path("id").isTextual() ? msg.get("id").asText() : null;
        if (id != null && !MESSAGE_ID.matcher(id).matches()) {
            c.error(null, "bad_request", "'id' must be 1..64 characters of [A-Za-z0-9_.:-].");
            return;
        }
        if (!msg.path("text").isTextual() || msg.get("text").asText().isBlank()) {
            c.error(id, "bad_request", "'text' must be a non-empty string.");
            return;
        }
        String agent = msg.path("agent").isTextual() ? msg.get("agent").asText() : null;
        InboundMessage inbound = new InboundMessage(agent, c.caller, msg.get("text").asText(),
                clock.instant(), false);
        try {
            chat.submit(inbound, new SocketReplyListener(c, id));
        } catch (RuntimeException e) {
            LOG.error("chat service refused a web chat message", e);
            c.error(id, "internal_error", "The gateway could not accept the message; see its log.");
        }
    }

    private static String randomPeer() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "anon-" + HexFormat.of().formatHex(bytes);
    }

    /** One socket. Frames are sent under a lock so deltas of concurrent replies never interleave mid-frame. */
    private final class Connection {
        private final WsContext ctx;
        /** The remote address while the socket counts as unauthenticated; null once it holds a stream slot. */
        private String pendingAddress;
        private boolean holdsSlot;
        private volatile boolean authenticated;
        private volatile Caller caller;
        private volatile ScheduledFuture<?> authTimeout;

        Connection(WsContext ctx, String pendingAddress) {
            this.ctx = ctx;
            this.pendingAddress = pendingAddress;
        }

        /** Takes a stream slot for the principal, or closes the socket with 1013 when none is free. */
        synchronized void authenticate(Principal principal, String requestedPeer) {
            if (authTimeout != null) authTimeout.cancel(false);
            leavePending();
            if (!slots.tryAcquire()) {
                ctx.closeSession(TRY_AGAIN_LATER, "too many open streams");
                return;
            }
            holdsSlot = true;
            metrics.socketOpened();
            ctx.enableAutomaticPings(20, TimeUnit.SECONDS);
            String peer = requestedPeer == null ? randomPeer() : requestedPeer;
            caller = ChatCompletions.caller(CHANNEL, principal, peer, peer);
            authenticated = true;
            ObjectNode frame = frame("auth", null);
            frame.put("ok", true);
            frame.put("peer", peer);
            send(frame);
        }

        synchronized void release() {
            if (authTimeout != null) authTimeout.cancel(false);
            leavePending();
            if (holdsSlot) {
                holdsSlot = false;
                slots.release();
                metrics.socketClosed();
            }
        }

        private void leavePending() {
            if (pendingAddress != null) pending.remove(pendingAddress);
            pendingAddress = null;
        }

        void refuse(String reason) {
            ObjectNode frame = frame("error", null);
            frame.put("code", "unauthorized");
            frame.put("message", "Missing or invalid token.");
            send(frame);
            ctx.closeSession(POLICY_VIOLATION, reason);
        }

        void error(String id, String code, String message) {
            ObjectNode frame = frame("error", id);
            frame.put("code", code);
            frame.put("message", message);
            send(frame);
        }

        synchronized void send(ObjectNode frame) {
            if (!ctx.session.isOpen()) return;
            ctx.session.sendText(ApiJson.write(frame), Callback.NOOP);
        }
    }

    private static ObjectNode frame(String type, String id) {
        ObjectNode frame = ApiJson.object();
        frame.put("type", type);
        if (id != null) frame.put("id", id);
        return frame;
    }

    private static final class SocketReplyListener implements ReplyListener {
        private final Connection c;
        private final String id;

        SocketReplyListener(Connection c, String id) {
            this.c = c;
            this.id = id;
        }

        @Override
        public void onDelta(String text) {
            if (text == null || text.isEmpty()) return;
            ObjectNode frame = frame("delta", id);
            frame.put("text", text);
            c.send(frame);
        }

        @Override
        public void onToolStarted(String toolName) {
            ObjectNode frame = frame("tool", id);
            frame.put("name", toolName);
            c.send(frame);
        }

        /** A retried model attempt: the page clears what it showed of this reply. */
        @Override
        public void onAttemptDiscarded(String reason) {
            c.send(frame("reset", id));
        }

        @Override
        public void onComplete(Reply reply) {
            String text = ChatCompletions.replyText(reply);
            ObjectNode frame = frame("done", id);
            frame.put("text", text);
            frame.put("blocked", reply.blocked());
            if (reply.model() != null) frame.put("model", reply.model());
            frame.set("usage", ChatCompletions.usage(reply));
            c.send(frame);
        }

        @Override
        public void onError(ChatError error) {
            c.error(id, error.code(), error.message());
        }
    }
}
