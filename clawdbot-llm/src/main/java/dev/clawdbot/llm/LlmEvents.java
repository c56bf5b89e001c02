package dev.clawdbot.llm;

import dev.clawdbot.core.events.EventCatalogue;
import dev.clawdbot.core.events.EventType;

/**
 * The llm module's event types, as listed in {@code docs/events.md}. A new event: add a constant here
 * ({@code module.what} becomes {@code MODULE_WHAT}) and a row there; emit it with
 * {@code Event.of(clock.instant(), LlmEvents.MODULE_WHAT, actor, k, v...)}.
 */
public final class LlmEvents implements EventCatalogue {

    public static final EventType BUDGET_EXCEEDED = EventType.of("budget.exceeded", 6, "limit", "used", "max");
    public static final EventType MODEL_FAULT = EventType.of("model.fault", 5, "provider", "model", "fault", "kind");
    public static final EventType MODEL_FAILOVER = EventType.of("model.failover", 6, "from", "to", "kind");
    public static final EventType MODEL_CALL =
            EventType.of("model.call", 2, "model", "inputTokens", "outputTokens", "cacheReadTokens", "durationMs",
                    "stopReason");
    public static final EventType BREAKER_OPENED =
            EventType.of("breaker.opened", 8, "provider", "failures", "lastError", "openSeconds");
    public static final EventType BREAKER_CLOSED = EventType.of("breaker.closed", 3, "provider");
}
