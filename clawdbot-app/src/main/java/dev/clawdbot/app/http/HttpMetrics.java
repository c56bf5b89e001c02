package dev.clawdbot.app.http;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Request metrics: {@code http.server.requests} timed per method, route template and status (the template,
 * never the raw path, so clients cannot blow up cardinality), requests in flight, open streams and sockets.
 */
final class HttpMetrics {
    private static final String STARTED = HttpMetrics.class.getName() + ".started";
    private static final String UNMATCHED = "unmatched";

    private final MeterRegistry registry;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger sockets = new AtomicInteger();
    private final Counter disconnects;
    private final Counter authFailures;

    HttpMetrics(MeterRegistry registry, StreamSlots slots) {
        this.registry = registry;
        Gauge.builder("http.server.requests.active", inFlight, AtomicInteger::get)
                .description("HTTP requests being handled").register(registry);
        Gauge.builder("clawdbot.http.streams.active", slots, StreamSlots::inUse)
                .description("open SSE completion streams and chat sockets").register(registry);
        Gauge.builder("clawdbot.http.websockets.open", sockets, AtomicInteger::get)
                .description("open chat WebSockets").register(registry);
        disconnects = Counter.builder("clawdbot.http.stream.disconnects")
                .description("completion streams the client closed before the reply ended").register(registry);
        authFailures = Counter.builder("clawdbot.http.auth.failures")
                .description("requests and sockets refused for a missing or wrong token").register(registry);
    }

    void begin(Context ctx) {
        if (ctx.attribute(STARTED) != null) return;
        inFlight.incrementAndGet();
        ctx.attribute(STARTED, System.nanoTime());
    }

    void end(Context ctx) {
        Long started = ctx.attribute(STARTED);
        if (started == null) return;
        ctx.attribute(STARTED, null);
        inFlight.decrementAndGet();
        Timer.builder("http.server.requests")
                .tag("method", ctx.method().name())
                .tag("route", route(ctx))
                .tag("status", Integer.toString(ctx.statusCode()))
                .register(registry)
                .record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    void streamDisconnected() {
        disconnects.increment();
    }

    void authFailed() {
        authFailures.increment();
    }

    void socketOpened() {
        sockets.incrementAndGet();
    }

    void socketClosed() {
        sockets.decrementAndGet();
    }

    private static String route(Context ctx) {
        try {
            Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
            return endpoint == null ? UNMATCHED : endpoint.path;
        } catch (RuntimeException e) {
            return UNMATCHED;
        }
    }
}
