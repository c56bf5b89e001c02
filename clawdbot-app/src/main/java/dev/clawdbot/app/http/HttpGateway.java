package dev.clawdbot.app.http;

import dev.clawdbot.app.AppEvents;
import dev.clawdbot.core.Timers;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clawdbot.core.chat.ChatService;
import dev.clawdbot.core.config.SecretRedactor;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's HTTP face: health and readiness probes, Prometheus metrics, the OpenAI-compatible chat API,
 * the web chat page and its WebSocket. Every conversation goes through the one {@link ChatService}; this
 * class only translates wire formats, authenticates and enforces limits. Requests run on virtual threads.
 *
 * <pre>{@code
 * HttpGateway http = HttpGateway.builder(httpConfig, chatService)
 *         .readiness(() -> problems)          // empty list = ready
 *         .agents(() -> List.of("dakota"))    // for GET /v1/models
 *         .meterRegistry(prometheus)
 *         .routes(r -> r.post("/hooks/telegram", telegram::handle))
 *         .build().start();
 * }</pre>
 */
public final class HttpGateway implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpGateway.class);

    private final HttpConfig config;
    private final EventSink events;
    private final Clock clock;
    private final Javalin app;
    private final ScheduledExecutorService timer;
    private volatile boolean started;

    private HttpGateway(Builder b) {
        this.config = b.config;
        this.events = b.events;
        this.clock = b.clock;
        this.timer = Timers.daemon("http-timer");
        BearerAuth auth = new BearerAuth(config.token(), b.tokens);
        StreamSlots slots = new StreamSlots(config.maxConcurrentStreams());
        HttpMetrics metrics = new HttpMetrics(b.registry, slots);
        ChatCompletions completions = new ChatCompletions(b.chat, clock, config, slots, metrics);
        OriginCheck origins = new OriginCheck(config.corsOrigins());
        WebChatSocket socket = new WebChatSocket(b.chat, auth, origins, slots, metrics, events, clock, timer,
                b.wsAuthTimeout);
        StaticAssets assets = new StaticAssets();
        HttpGate gate = new HttpGate(auth, metrics, events, clock, config.corsOrigins());
        Supplier<List<String>> readiness = b.readiness;
        Supplier<List<String>> agents = b.agents;
        PrometheusMeterRegistry registry = b.registry;
        List<Consumer<RoutesConfig>> extraRoutes = List.copyOf(b.routes);
        dev.clawdbot.agent.WithheldContent withheld = b.withheld;

        this.app = Javalin.create(cfg -> {
            configureServer(cfg);
            RoutesConfig r = cfg.routes;
            r.before(ctx -> {
                metrics.begin(ctx);
                gate.headers(ctx);
            });
            r.after(metrics::end);
            r.exception(ApiError.class, (e, ctx) -> ctx.status(e.status()).contentType("application/json")
                    .result(ApiJson.write(ApiJson.error(e))));
            r.exception(Exception.class, (e, ctx) -> {
                LOG.error("unhandled error on {} {}", ctx.method(), ctx.path(), e);
                ctx.status(500).contentType("application/json").result(ApiJson.write(
                        ApiJson.error("server_error", "internal_error", null, "Internal error; see the gateway log.")));
            });
            r.error(404, ctx -> {
                if (ctx.path().startsWith("/v1/")) {
                    String what = ctx.method() + " " + CompletionRequest.clip(ctx.path());
                    ctx.contentType("application/json").result(ApiJson.write(ApiJson.error("invalid_request_error",
                            "unknown_url", null, "Unknown endpoint " + what)));
                }
            });

            r.get("/healthz", ctx -> ctx.contentType("application/json").result("{\"status\":\"ok\"}"));
            r.get("/readyz", ctx -> ready(ctx, problems(readiness)));
            r.get("/metrics", ctx -> {
                gate.require(ctx, Scope.METRICS);
                // Meters other modules tag with configured values must not publish a secret.
                ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                        .result(SecretRedactor.global().redact(registry.scrape()));
            });
            r.get("/v1/models", ctx -> {
                gate.require(ctx, Scope.CHAT);
                models(ctx, agents.get());
            });
            r.post("/v1/chat/completions", ctx -> {
                completions.handle(ctx, gate.require(ctx, Scope.CHAT));
            });
            r.options("/v1/*", gate::preflight);
            for (String path : assets.paths()) r.get(path, assets::serve);
            r.get("/chat", ctx -> ctx.redirect("/"));
            r.wsBeforeUpgrade(WebChatSocket.PATH, socket::beforeUpgrade);
            r.ws(WebChatSocket.PATH, socket::configure);
            if (withheld != null) WithheldApi.mount(r, gate, withheld);
            for (Consumer<RoutesConfig> hook : extraRoutes) hook.accept(r);
        });
    }

    /**
     * For routes other modules mount (the guard API): the principal an {@code Authorization} header value
     * authenticates, when it holds {@code scope}; the gateway token is {@code operator}.
     */
    public static java.util.function.Function<String, java.util.Optional<String>> principals(String gatewayToken,
                                                                                          ApiTokenStore tokens, Scope scope) {
        BearerAuth auth = new BearerAuth(gatewayToken, tokens);
        return header -> auth.fromHeader(header).filter(p -> p.may(scope)).map(Principal::name);
    }

    public static Builder builder(HttpConfig config, ChatService chat) {
        return new Builder(config, chat);
    }

    private void configureServer(JavalinConfig cfg) {
        cfg.startup.showJavalinBanner = false;
        cfg.startup.showOldJavalinVersionWarning = false;
        cfg.concurrency.useVirtualThreads = true;
        cfg.jetty.host = config.host();
        cfg.jetty.port = config.port();
        cfg.http.maxRequestSize = config.maxBodyBytes();
        cfg.jetty.modifyWebSocketServletFactory(f -> {
            f.setMaxTextMessageSize(config.maxBodyBytes());
            f.setIdleTimeout(Duration.ofMinutes(2));
        });
    }

    /** A readiness check that throws is itself a problem, reported rather than turned into a 500. */
    private static List<String> problems(Supplier<List<String>> readiness) {
        try {
            return readiness.get();
        } catch (RuntimeException e) {
            LOG.warn("readiness check failed", e);
            return List.of("readiness check failed: " + e.getClass().getSimpleName());
        }
    }

    private static void ready(Context ctx, List<String> problems) {
        ObjectNode body = ApiJson.object();
        if (problems == null || problems.isEmpty()) {
            body.put("status", "ready");
        } else {
            ctx.status(503);
            body.put("status", "not ready");
            ArrayNode list = body.putArray("problems");
            problems.forEach(list::add);
        }
        ctx.contentType("application/json").result(ApiJson.write(body));
    }

    private static void models(Context ctx, List<String> agents) {
        ObjectNode body = ApiJson.object();
        body.put("object", "list");
        ArrayNode data = body.putArray("data");
        for (String agent : agents) {
            ObjectNode m = data.addObject();
            m.put("id", agent);
            m.put("object", "model");
            m.put("created", 0);
            m.put("owned_by", "clawdbot");
        }
        ctx.contentType("application/json").result(ApiJson.write(body));
    }

    /** Binds and starts serving; returns this for chaining. */
    public synchronized HttpGateway start() {
        if (started) throw new IllegalStateException("HttpGateway already started");
        app.start();
        started = true;
        LOG.info("HTTP gateway listening on {}:{}", config.host(), app.port());
        events.emit(Event.of(clock.instant(), AppEvents.HTTP_STARTED, "http", "host", config.host(), "port", app.port()));
        return this;
    }

    /** The bound port (the real one when the configured port was 0). */
    public int port() {
        if (!started) throw new IllegalStateException("HttpGateway not started");
        return app.port();
    }

    public synchronized void stop() {
        if (!started) return;
        int port = app.port();
        started = false;
        app.stop();
        LOG.info("HTTP gateway on {}:{} stopped", config.host(), config.port());
        timer.shutdownNow();
        events.emit(Event.of(clock.instant(), AppEvents.HTTP_STOPPED, "http", "port", port));
    }

    @Override
    public void close() {
        stop();
    }

    /** Collaborators; everything but the config and the chat service has a working default. */
    public static final class Builder {
        private final HttpConfig config;
        private final ChatService chat;
        private Supplier<List<String>> readiness = List::of;
        private Supplier<List<String>> agents = () -> List.of(ChatCompletions.DEFAULT_MODEL_NAME);
        private PrometheusMeterRegistry registry;
        private EventSink events = EventSink.NONE;
        private Clock clock = Clock.systemUTC();
        private final List<Consumer<RoutesConfig>> routes = new ArrayList<>();
        private Duration wsAuthTimeout = WebChatSocket.DEFAULT_AUTH_TIMEOUT;
        private ApiTokenStore tokens;
        private dev.clawdbot.agent.WithheldContent withheld;

        private Builder(HttpConfig config, ChatService chat) {
            this.config = Objects.requireNonNull(config, "config");
            if (config.token() == null) {
                throw new IllegalArgumentException("http.token is not set: set CLAWDBOT_GATEWAY_TOKEN or let the gateway "
                        + "generate one (HttpConfig.withToken) before building the HTTP gateway");
            }
            this.chat = Objects.requireNonNull(chat, "chat");
        }

        /** Problems that make the gateway not ready (database down, no model, ...); empty when ready. */
        public Builder readiness(Supplier<List<String>> problems) {
            this.readiness = Objects.requireNonNull(problems, "problems");
            return this;
        }

        /** Agent names listed by {@code GET /v1/models}. */
        public Builder agents(Supplier<List<String>> agentNames) {
            this.agents = Objects.requireNonNull(agentNames, "agentNames");
            return this;
        }

        public Builder meterRegistry(PrometheusMeterRegistry meterRegistry) {
            this.registry = Objects.requireNonNull(meterRegistry, "meterRegistry");
            return this;
        }

        public Builder events(EventSink sink) {
            this.events = Objects.requireNonNull(sink, "sink");
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = Objects.requireNonNull(c, "clock");
            return this;
        }

        /**
         * Mounts other modules' routes (guard API, Telegram webhook, bridge). They get the security headers
         * and request metrics but not the bearer check: each authenticates its own callers.
         */
        public Builder routes(Consumer<RoutesConfig> hook) {
            routes.add(Objects.requireNonNull(hook, "hook"));
            return this;
        }

        /** Per-user API tokens accepted besides the gateway token; without a store only the gateway token works. */
        public Builder tokens(ApiTokenStore store) {
            this.tokens = Objects.requireNonNull(store, "store");
            return this;
        }

        /** Serves {@code GET /api/withheld[/id]} from this store, for tokens with the {@code withheld} scope. */
        public Builder withheld(dev.clawdbot.agent.WithheldContent store) {
            this.withheld = Objects.requireNonNull(store, "store");
            return this;
        }

        /** How long a chat socket may stay open without authenticating; shortened by tests. */
        Builder wsAuthTimeout(Duration timeout) {
            this.wsAuthTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public HttpGateway build() {
            if (registry == null) {
                registry = new PrometheusMeterRegistry(io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
            }
            return new HttpGateway(this);
        }
    }
}
