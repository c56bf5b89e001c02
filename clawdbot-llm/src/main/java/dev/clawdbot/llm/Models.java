package dev.clawdbot.llm;

import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.storage.Database;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the model layer from {@link ModelsConfig}: providers, budgets and the failover router. */
public final class Models {

    private Models() {
    }

    /** The router; {@code db} may be null (budgets are then kept in memory). */
    public static ModelRouter router(ModelsConfig config, Database db, Clock clock, MeterRegistry meters) {
        return router(config, db, ProviderEnvironment.defaults().withClock(clock).withMeters(meters == null ? new SimpleMeterRegistry() : meters),
                LocalModelDetector.defaults());
    }

    /**
     * The router with everything injectable. With no default model it is a router whose every call fails
     * with {@code NOT_CONFIGURED}, explaining how to configure one (and naming a local server the detector finds).
     */
    public static ModelRouter router(ModelsConfig config, Database db, ProviderEnvironment env, LocalModelDetector detector) {
        if (config.defaultModel() == null && config.agents().values().stream().allMatch(a -> a.model() == null)) {
            return new NotConfiguredRouter(config.detectLocal() ? detector::detect : java.util.List::of, env.clock());
        }
        config.validated();
        TokenLedger ledger = db == null ? TokenLedger.inMemory() : TokenLedger.database(db);
        TokenBudget budget = new TokenBudget(config.budgets(), ledger, env.clock(), env.events());
        return new FailoverRouter(providers(config, env), config, budget, env.clock(), env.meters(), env.events());
    }

    /** One provider per {@code models.providers} entry. */
    public static Map<String, ModelProvider> providers(ModelsConfig config, ProviderEnvironment env) {
        return new LinkedHashMap<>(wireProviders(config, env));
    }

    static Map<String, WireProvider> wireProviders(ModelsConfig config, ProviderEnvironment env) {
        Map<String, WireProvider> out = new LinkedHashMap<>();
        config.providers().forEach((id, p) -> out.put(id, ProviderConfig.ANTHROPIC.equals(p.type())
                ? new AnthropicProvider(id, p, env) : new OpenAiCompatibleProvider(id, p, env)));
        return out;
    }

    /** The message a call gets when no model is configured; for {@code doctor} and the gateway's first-run hint. */
    public static String notConfiguredMessage(LocalModelDetector detector) {
        return NotConfiguredRouter.message(detector.detect());
    }
}
