package dev.clawdbot.llm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
     * This config completed from the environment quick start: {@code CLAWDBOT_MODEL} ({@code provider/model},
     * overrides {@code defaultModel}), {@code ANTHROPIC_API_KEY}, {@code ANTHROPIC_BASE_URL}, {@code OPENAI_API_KEY},
     * {@code OPENAI_BASE_URL}, each key also as {@code NAME_FILE}. Providers named by a model but not configured
     * are created for the built-in ids {@code anthropic}, {@code openai}, {@code ollama} (127.0.0.1:11434) and
     * {@code vllm} (127.0.0.1:8000). A configured provider keeps its settings; only a missing apiKey is filled in.
     */
    public ModelsConfig withEnvironment(Map<String, String> env) {
        Map<String, ProviderConfig> p = new LinkedHashMap<>(providers);
        String anthropicKey = secret(env, "ANTHROPIC_API_KEY");
        String openAiKey = secret(env, "OPENAI_API_KEY");
        String anthropicUrl = blankToNull(env.get("ANTHROPIC_BASE_URL"));
        String openAiUrl = blankToNull(env.get("OPENAI_BASE_URL"));
        if (anthropicKey != null || anthropicUrl != null) fill(p, "anthropic", ProviderConfig.ANTHROPIC, anthropicUrl, anthropicKey);
        if (openAiKey != null || openAiUrl != null) fill(p, "openai", ProviderConfig.OPENAI, openAiUrl, openAiKey);
        String model = blankToNull(env.get("CLAWDBOT_MODEL"));
        if (model != null) ModelRef.parse(model, "CLAWDBOT_MODEL");
        else model = defaultModel;
        if (model == null && anthropicKey != null) model = ANTHROPIC_DEFAULT_MODEL;
        ModelsConfig merged = new ModelsConfig(p, model, fallbacks, agents, breaker, budgets, detectLocal);
        for (String m : merged.namedModels()) {
            String id = ModelRef.parse(m, "model").provider();
            if (p.containsKey(id)) continue;
            switch (id) {
                case "anthropic" -> p.put(id, ProviderConfig.of(ProviderConfig.ANTHROPIC, anthropicUrl, anthropicKey));
                case "openai" -> p.put(id, ProviderConfig.of(ProviderConfig.OPENAI, openAiUrl, openAiKey));
                case "ollama" -> p.put(id, ProviderConfig.of(ProviderConfig.OPENAI, OLLAMA_URL, null));
                case "vllm" -> p.put(id, ProviderConfig.of(ProviderConfig.OPENAI, VLLM_URL, null));
                default -> { }
            }
        }
        return new ModelsConfig(p, model, fallbacks, agents, breaker, budgets, detectLocal);
    }

    private static void fill(Map<String, ProviderConfig> p, String id, String type, String url, String key) {
        ProviderConfig existing = p.get(id);
        if (existing == null) p.put(id, ProviderConfig.of(type, url, key));
        else if (existing.apiKey() == null && key != null) p.put(id, existing.withApiKey(key));
    }

    /** {@code NAME} or the trimmed contents of the file {@code NAME_FILE} names. */
    static String secret(Map<String, String> env, String name) {
        String v = blankToNull(env.get(name));
        if (v != null) return v;
        String file = blankToNull(env.get(name + "_FILE"));
        if (file == null) return null;
        try {
            return blankToNull(Files.readString(Path.of(file), StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            throw new IllegalArgumentException(name + "_FILE names '" + file + "', which cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    List<String> providerIds() {
        return new ArrayList<>(providers.keySet());
    }
}
