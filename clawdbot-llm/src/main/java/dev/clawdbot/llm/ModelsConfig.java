package dev.clawdbot.llm;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code models} section of {@code clawdbot.yaml}: providers, the default model and its fallbacks,
 * per-agent chains, the circuit breaker and token budgets. Defaults are applied and syntax validated
 * here; {@link #validated()} checks that every model names a configured provider.
 */
public record ModelsConfig(Map<String, ProviderConfig> providers, String defaultModel, List<String> fallbacks,
                           Map<String, Agent> agents, Breaker breaker, Budgets budgets, Boolean detectLocal) {

    /** A model Clawdbot uses when only {@code ANTHROPIC_API_KEY} is set. */
    public static final String ANTHROPIC_DEFAULT_MODEL = "anthropic/claude-opus-4-5";
    static final String OLLAMA_URL = "http://127.0.0.1:11434/v1";
    static final String VLLM_URL = "http://127.0.0.1:8000/v1";

    /** An agent's own chain under {@code models.agents.<agentId>}; null parts fall back to the defaults. */
    public record Agent(String model, List<String> fallbacks) {
        public Agent {
            if (model != null) ModelRef.parse(model, "models.agents.*.model");
            if (fallbacks != null) {
                fallbacks = List.copyOf(fallbacks);
                fallbacks.forEach(f -> ModelRef.parse(f, "models.agents.*.fallbacks"));
            }
        }
    }

    /** Per-provider circuit breaker: open after {@code failureThreshold} consecutive failures, probe after {@code openDuration}. */
    public record Breaker(Integer failureThreshold, Duration openDuration) {
        public Breaker {
            failureThreshold = failureThreshold == null ? 3 : failureThreshold;
            if (failureThreshold < 1) throw new IllegalArgumentException("models.breaker.failureThreshold must be at least 1, was " + failureThreshold);
            openDuration = openDuration == null ? Duration.ofSeconds(30) : openDuration;
            if (openDuration.isNegative() || openDuration.isZero()) {
                throw new IllegalArgumentException("models.breaker.openDuration must be positive, was " + openDuration);
            }
        }
    }

    /** Token limits (input + output); 0 means unlimited. Days are calendar days in {@code zone}. */
    public record Budgets(Long perSession, Long perAgentPerDay, Long perDay, String zone) {
        public Budgets {
            perSession = nonNegative(perSession, "perSession");
            perAgentPerDay = nonNegative(perAgentPerDay, "perAgentPerDay");
            perDay = nonNegative(perDay, "perDay");
            zone = zone == null || zone.isBlank() ? "UTC" : zone.trim();
            try {
                ZoneId.of(zone);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("models.budgets.zone '" + zone + "' is not a time zone (e.g. UTC, Europe/Amsterdam)");
            }
        }

        public ZoneId zoneId() {
            return ZoneId.of(zone);
        }

        private static long nonNegative(Long v, String key) {
            if (v == null) return 0L;
            if (v < 0) throw new IllegalArgumentException("models.budgets." + key + " must be 0 (unlimited) or more, was " + v);
            return v;
        }
    }

    public ModelsConfig {
        providers = providers == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(providers));
        for (var e : providers.entrySet()) {
            if (!e.getKey().matches("[A-Za-z0-9_.-]{1,64}")) {
                throw new IllegalArgumentException("models.providers key '" + e.getKey() + "' must be letters, digits, '.', '_' or '-'");
            }
            if (e.getValue() == null) throw new IllegalArgumentException("models.providers." + e.getKey() + " is empty (it needs at least 'type')");
        }
        defaultModel = defaultModel == null || defaultModel.isBlank() ? null : defaultModel.trim();
        if (defaultModel != null) ModelRef.parse(defaultModel, "models.defaultModel");
        fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
        for (int i = 0; i < fallbacks.size(); i++) ModelRef.parse(fallbacks.get(i), "models.fallbacks[" + i + "]");
        agents = agents == null ? Map.of() : Map.copyOf(agents);
        breaker = breaker == null ? new Breaker(null, null) : breaker;
        budgets = budgets == null ? new Budgets(null, null, null, null) : budgets;
        detectLocal = detectLocal == null || detectLocal;
    }

    public static ModelsConfig defaults() {
        return new ModelsConfig(null, null, null, null, null, null, null);
    }

    /** The chain for an agent: its own model and fallbacks where set, else the defaults. Empty when nothing is configured. */
    List<ModelRef> chain(String agentId) {
        Agent a = agentId == null ? null : agents.get(agentId);
        String first = a != null && a.model() != null ? a.model() : defaultModel;
        if (first == null) return List.of();
        List<String> rest = a != null && a.fallbacks() != null ? a.fallbacks() : fallbacks;
        Set<String> seen = new LinkedHashSet<>();
        seen.add(first);
        seen.addAll(rest);
        return seen.stream().map(s -> ModelRef.parse(s, "model")).toList();
    }

    /** Every {@code provider/model} the config names, in order of first mention. */
    List<String> namedModels() {
        Set<String> all = new LinkedHashSet<>();
        if (defaultModel != null) all.add(defaultModel);
        all.addAll(fallbacks);
        for (Agent a : agents.values()) {
            if (a.model() != null) all.add(a.model());
            if (a.fallbacks() != null) all.addAll(a.fallbacks());
        }
        providers.forEach((id, p) -> p.models().forEach(m -> all.add(id + "/" + m)));
        return List.copyOf(all);
    }

    /** This config, checked: every named model refers to a configured provider. */
    public ModelsConfig validated() {
        for (String m : namedModels()) {
            ModelRef ref = ModelRef.parse(m, "model");
            if (!providers.containsKey(ref.provider())) {
                throw new IllegalArgumentException("model '" + m + "' names provider '" + ref.provider()
                        + "', which is not under models.providers (configured: " + (providers.isEmpty() ? "none" : String.join(", ", providers.keySet()))
                        + "); add models.providers." + ref.provider() + " or use one of the built-in ids anthropic, openai, ollama, vllm");
            }
        }
        return this;
    }

    /**
     * This config with a provider for each built-in id a model names but no provider section configures:
     * {@code anthropic} and {@code openai} (their public APIs), {@code ollama} (127.0.0.1:11434) and {@code vllm}
     * (127.0.0.1:8000). The quick-start variables ({@code CLAWDBOT_MODEL}, {@code ANTHROPIC_*}, {@code OPENAI_*}) set
     * {@code models.*} keys before binding (the app's environment table), so they are here already.
     */
    public ModelsConfig withBuiltInProviders() {
        Map<String, ProviderConfig> p = new LinkedHashMap<>(providers);
        for (String m : namedModels()) {
            String id = ModelRef.parse(m, "model").provider();
            if (p.containsKey(id)) continue;
            switch (id) {
                case "anthropic" -> p.put(id, ProviderConfig.of(ProviderConfig.ANTHROPIC, null, null));
                case "openai" -> p.put(id, ProviderConfig.of(ProviderConfig.OPENAI, null, null));
                case "ollama" -> p.put(id, ProviderConfig.of(ProviderConfig.OPENAI, OLLAMA_URL, null));
                case "vllm" -> p.put(id, ProviderConfig.of(ProviderConfig.OPENAI, VLLM_URL, null));
                default -> { }
            }
        }
        return new ModelsConfig(p, defaultModel, fallbacks, agents, breaker, budgets, detectLocal);
    }

    List<String> providerIds() {
        return new ArrayList<>(providers.keySet());
    }
}
