package dev.clawdbot.app.http;

import dev.clawdbot.app.AppEvents;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;

/** Per-request security: response headers, CORS (off unless origins are configured) and the bearer check. */
final class HttpGate {
    private final BearerAuth auth;
    private final HttpMetrics metrics;
    private final EventSink events;
    private final Clock clock;
    private final List<String> corsOrigins;

    HttpGate(BearerAuth auth, HttpMetrics metrics, EventSink events, Clock clock, List<String> corsOrigins) {
        this.auth = auth;
        this.metrics = metrics;
        this.events = events;
        this.clock = clock;
        this.corsOrigins = corsOrigins;
    }

    void headers(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Cache-Control", "no-store");
        String origin = ctx.header("Origin");
        if (origin != null && corsOrigins.contains(origin)) {
            ctx.header("Access-Control-Allow-Origin", origin);
            ctx.header("Vary", "Origin");
        }
    }

    void preflight(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null || !corsOrigins.contains(origin)) {
            ctx.status(403);
            return;
        }
        ctx.header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        ctx.header("Access-Control-Allow-Headers", "Authorization, Content-Type, Idempotency-Key");
        ctx.header("Access-Control-Max-Age", "600");
        ctx.status(204);
    }

    /** The caller's principal, which must hold {@code scope}; 401 without a valid token, 403 without the scope. */
    Principal require(Context ctx, Scope scope) {
        Principal p = auth.fromHeader(ctx.header("Authorization")).orElse(null);
        if (p == null) {
            metrics.authFailed();
            events.emit(Event.of(clock.instant(), AppEvents.HTTP_AUTH_FAILED, "http", "path", ctx.path(), "remote", ctx.ip()));
            ctx.header("WWW-Authenticate", "Bearer");
            throw ApiError.unauthorized();
        }
        if (!p.may(scope)) {
            events.emit(Event.of(clock.instant(), AppEvents.HTTP_AUTH_FORBIDDEN, "http:" + p.name(), "path", ctx.path(),
                    "scope", scope.wire()));
            throw ApiError.forbidden(scope);
        }
        return p;
    }
}
