package dev.clawdbot.llm;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Routes each call along the agent's chain ({@code models.agents.<id>} or the default model and its
 * fallbacks). A provider whose circuit is open is skipped without waiting; a transient failure moves on
 * to the next model; the caller's own bad request and auth failures do not. A {@code /model} override is
 * used alone, never silently replaced. Budgets are checked before and usage recorded after each call.
 */
final class FailoverRouter implements ModelRouter {

    private static final Logger log = LoggerFactory.getLogger(FailoverRouter.class);

    private final Map<String, ModelProvider> providers;
    private final ModelsConfig config;
    private final TokenBudget budget;
    private final Clock clock;
    private final MeterRegistry meters;
    private final EventSink events;
    private final Map<String, CircuitBreaker> breakers = new LinkedHashMap<>();
    private final SecretScrubber scrubber;

    public FailoverRouter(Map<String, ModelProvider> providers, ModelsConfig config, TokenBudget budget,
                          Clock clock, MeterRegistry meters, EventSink events) {
        this.providers = Map.copyOf(providers);
        this.config = Objects.requireNonNull(config, "config");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.events = events == null ? EventSink.NONE : events;
        // A server may echo any credential, not only its own: messages are scrubbed of all of them.
        this.scrubber = new SecretScrubber(config.providers().values().stream().flatMap(p -> p.secrets().stream()).toList());
        List<String> ids = new ArrayList<>(config.providerIds());
        providers.keySet().stream().filter(id -> !ids.contains(id)).sorted().forEach(ids::add);
        for (String id : ids) {
            if (!providers.containsKey(id)) continue;
            CircuitBreaker b = new CircuitBreaker(config.breaker().failureThreshold(), config.breaker().openDuration());
            breakers.put(id, b);
            Gauge.builder("clawdbot.model.breaker.state", b, br -> br.state().ordinal())
                    .description("0 closed, 1 open, 2 half-open").tag("provider", id).register(meters);
        }
        for (String m : config.namedModels()) {
            String p = ModelRef.parse(m, "model").provider();
            if (!providers.containsKey(p)) throw new IllegalArgumentException("model '" + m + "' names provider '" + p + "', which has no ModelProvider");
        }
    }

    @Override
    public ModelResponse complete(RouteContext context, ModelRequest request, StreamListener listener) throws ModelException {
        // Held against the limits from the check until the call settles, so concurrent turns cannot all pass on the same remainder.
        try (TokenBudget.Reservation reservation = budget.reserve(context.agentId(), context.sessionKey(), estimate(request))) {
            return route(context, request, listener, reservation);
        } catch (ModelException e) {
            String m = scrubber.scrub(e.getMessage());
            if (m.equals(e.getMessage())) throw e;
            throw new ModelException(e.kind(), m, e.retryAfter(), null);
        }
    }

    private ModelResponse route(RouteContext context, ModelRequest request, StreamListener listener, TokenBudget.Reservation reservation)
            throws ModelException {
        StreamListener l = new GuardedListener(listener == null ? StreamListener.NONE : listener);
        String override = context.modelOverride();
        if (override != null && !override.isBlank() && !"default".equals(override.trim())) {
            return overridden(context, request, l, override.trim(), reservation);
        }
        List<ModelRef> chain = config.chain(context.agentId());
        if (chain.isEmpty()) {
            throw new ModelException(ModelException.Kind.NOT_CONFIGURED, "agent '" + context.agentId() + "' has no model: set models.defaultModel or models.agents."
                    + context.agentId() + ".model");
        }
        List<String> failures = new ArrayList<>();
        ModelException last = null;
        Duration soonest = null;
        for (int i = 0; i < chain.size(); i++) {
            ModelRef ref = chain.get(i);
            CircuitBreaker breaker = breakers.get(ref.provider());
            Instant now = clock.instant();
            if (!breaker.tryAcquire(now)) {
                Duration in = breaker.retryIn(now);
                soonest = soonest == null || in.compareTo(soonest) < 0 ? in : soonest;
                failures.add(ref + " skipped (circuit open, probe in " + Math.max(1, in.toSeconds()) + " s)");
                meters.counter("clawdbot.model.skipped", "provider", ref.provider()).increment();
                continue;
            }
            try {
                ModelResponse r = call(context, ref, request, l, breaker, reservation);
                if (i > 0) {
                    log.info("{} answered for agent {} after failover ({})", ref, context.agentId(), String.join("; ", failures));
                }
                return r;
            } catch (ModelException e) {
                // A stopped run (interrupt) is not an outage: nothing to fail over to.
                if (!e.transientFailure() || Thread.currentThread().isInterrupted()) throw e;
                last = e;
                failures.add(e.getMessage());
                if (i + 1 < chain.size()) {
                    meters.counter("clawdbot.model.failovers", "from", ref.provider(), "to", chain.get(i + 1).provider()).increment();
                    events.emit(Event.of(clock.instant(), LlmEvents.MODEL_FAILOVER, actor(context),
                            "from", ref.toString(), "to", chain.get(i + 1).toString(), "kind", e.kind().name()));
                }
            }
        }
        String message = "No model could answer (" + String.join("; ", failures) + ")";
        if (last == null) {
            throw new ModelException(ModelException.Kind.OVERLOADED, message + "; every provider in the chain is cooling down", soonest, null);
        }
        throw new ModelException(last.kind(), message, last.retryAfter(), last);
    }

    private ModelResponse overridden(RouteContext context, ModelRequest request, StreamListener l, String override,
                                     TokenBudget.Reservation reservation) throws ModelException {
        ModelRef ref;
        try {
            ref = ModelRef.parse(override, "the /model choice");
        } catch (IllegalArgumentException e) {
            throw new ModelException(ModelException.Kind.BAD_REQUEST, e.getMessage());
        }
        CircuitBreaker breaker = breakers.get(ref.provider());
        if (breaker == null) {
            throw new ModelException(ModelException.Kind.BAD_REQUEST, "the model chosen with /model, " + ref + ", names provider '"
                    + ref.provider() + "', which is not configured; available: " + String.join(", ", availableModels()));
        }
        // The user asked for this model by name: try it even if its circuit is open, and never substitute another.
        breaker.tryAcquire(clock.instant());
        try {
            return call(context, ref, request, l, breaker, reservation);
        } catch (ModelException e) {
            throw new ModelException(e.kind(), "The model you chose with /model, " + ref + ", failed and was not replaced by a fallback: "
                    + e.getMessage() + " (use /model default to return to the agent's chain)", e.retryAfter(), e);
        }
    }

    private ModelResponse call(RouteContext context, ModelRef ref, ModelRequest request, StreamListener l, CircuitBreaker breaker,
                               TokenBudget.Reservation reservation) throws ModelException {
        ModelProvider provider = providers.get(ref.provider());
        ModelRequest routed = new ModelRequest(ref.model(), request.system(), request.messages(), request.tools(),
                request.maxTokens(), request.stopSequences(), request.temperature());
        long start = System.nanoTime();
        ModelResponse r;
        try {
            r = provider.complete(routed, l);
        } catch (ModelException e) {
            if (e.transientFailure()) transition(ref.provider(), breaker.onFailure(clock.instant(), e.kind()), e.kind());
            // The server answered a bad request or bad key: it is up, whatever else is wrong.
            else transition(ref.provider(), breaker.onSuccess(), null);
            throw e;
        } catch (RuntimeException e) {
            transition(ref.provider(), breaker.onFailure(clock.instant(), ModelException.Kind.SERVER_ERROR), ModelException.Kind.SERVER_ERROR);
            throw new ModelException(ModelException.Kind.SERVER_ERROR, ref + ": the provider failed unexpectedly (" + e.getClass().getSimpleName() + ")", null, e);
        }
        transition(ref.provider(), breaker.onSuccess(), null);
        Usage u = r.usage() == null ? Usage.ZERO : r.usage();
        reservation.settle(ref.toString(), u);
        meters.counter("clawdbot.model.tokens", "provider", ref.provider(), "direction", "input").increment(u.inputTokens());
        meters.counter("clawdbot.model.tokens", "provider", ref.provider(), "direction", "output").increment(u.outputTokens());
        events.emit(Event.of(clock.instant(), LlmEvents.MODEL_CALL, actor(context), "model", ref.toString(),
                "inputTokens", u.inputTokens(), "outputTokens", u.outputTokens(), "cacheReadTokens", u.cacheReadTokens(),
                "durationMs", (System.nanoTime() - start) / 1_000_000, "stopReason", r.stopReason() == null ? "OTHER" : r.stopReason().name()));
        return new ModelResponse(ref.toString(), r.content(), r.stopReason(), u);
    }

    /** A generous token estimate for the reservation: the reply's maxTokens plus about four characters per prompt token. */
    static long estimate(ModelRequest request) {
        long chars = request.system().length();
        for (ChatMessage m : request.messages()) {
            for (ContentBlock b : m.content()) {
                chars += switch (b) {
                    case ContentBlock.Text t -> t.text().length();
                    case ContentBlock.ToolUse u -> u.input() == null ? 0 : u.input().toString().length();
                    case ContentBlock.ToolResult r -> r.content() == null ? 0 : r.content().length();
                    case ContentBlock.Thinking t -> t.thinking() == null ? 0 : t.thinking().length();
                };
            }
        }
        return request.maxTokens() + chars / 4;
    }

    private static String actor(RouteContext context) {
        return context.agentId() == null ? "llm" : "agent:" + context.agentId();
    }

    private void transition(String provider, CircuitBreaker.Transition t, ModelException.Kind kind) {
        switch (t) {
            case OPENED -> {
                log.warn("circuit for model provider {} opened after {} ({} consecutive failures)", provider, kind, breakers.get(provider).consecutiveFailures());
                events.emit(Event.of(clock.instant(), LlmEvents.BREAKER_OPENED, "llm", "provider", provider,
                        "failures", breakers.get(provider).consecutiveFailures(), "lastError", String.valueOf(kind),
                        "openSeconds", config.breaker().openDuration().toSeconds()));
            }
            case CLOSED -> {
                log.info("circuit for model provider {} closed", provider);
                events.emit(Event.of(clock.instant(), LlmEvents.BREAKER_CLOSED, "llm", "provider", provider));
            }
            default -> { }
        }
    }

    @Override
    public int contextWindow(RouteContext context) {
        String override = context.modelOverride();
        ModelRef ref = null;
        if (override != null && !override.isBlank() && !"default".equals(override.trim())) {
            try {
                ref = ModelRef.parse(override, "the /model choice");
            } catch (IllegalArgumentException ignored) {
                // an invalid choice fails when it is used; size by the chain meanwhile
            }
        }
        if (ref == null || !providers.containsKey(ref.provider())) {
            List<ModelRef> chain = config.chain(context.agentId());
            if (chain.isEmpty()) return 128_000;
            ref = chain.get(0);
        }
        return providers.get(ref.provider()).contextWindow(ref.model());
    }

    @Override
    public List<String> route(RouteContext context) {
        String override = context.modelOverride();
        if (override != null && !override.isBlank() && !"default".equals(override.trim())) return List.of(override.trim());
        return config.chain(context.agentId()).stream().map(ModelRef::toString).toList();
    }

    @Override
    public List<String> availableModels() {
        return config.namedModels();
    }

    @Override
    public List<String> status() {
        Instant now = clock.instant();
        List<String> lines = new ArrayList<>();
        breakers.forEach((id, b) -> lines.add(id + ": " + b.describe(now)));
        return lines;
    }
}
