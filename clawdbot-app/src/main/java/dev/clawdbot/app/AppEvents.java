package dev.clawdbot.app;

import dev.clawdbot.core.events.EventCatalogue;
import dev.clawdbot.core.events.EventType;

/**
 * The app module's event types, as listed in {@code docs/events.md}. A new event: add a constant here
 * ({@code module.what} becomes {@code MODULE_WHAT}) and a row there; emit it with
 * {@code Event.of(clock.instant(), AppEvents.MODULE_WHAT, actor, k, v...)}.
 */
public final class AppEvents implements EventCatalogue {

    public static final EventType GATEWAY_STARTED = EventType.of("gateway.started", 3, "port", "database");
    public static final EventType HTTP_WS_ORIGIN_REJECTED =
            EventType.of("http.ws.origin_rejected", 5, "origin", "remote");
    public static final EventType HTTP_AUTH_FAILED = EventType.of("http.auth.failed", 5, "path", "remote");
    public static final EventType HTTP_WS_UNAUTHENTICATED_LIMIT =
            EventType.of("http.ws.unauthenticated_limit", 5, "remote");
    public static final EventType HTTP_AUTH_FORBIDDEN = EventType.of("http.auth.forbidden", 5, "path", "scope");
    public static final EventType HTTP_STARTED = EventType.of("http.started", 3, "host", "port");
    public static final EventType HTTP_STOPPED = EventType.of("http.stopped", 3, "port");
}
