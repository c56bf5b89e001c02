package dev.clawdbot.llm;

import dev.clawdbot.core.Diagnostic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The model checks of {@code clawdbot doctor}: is a model configured, does every provider answer
 * {@code GET /models} with the configured key, and does it offer the models the chains name. Each
 * problem is an error with its fix.
 */
public final class ModelsDoctor {

    private ModelsDoctor() {
    }

    /** Runs every check; network calls use each provider's timeouts. {@code config} should already include the environment. */
    public static List<Diagnostic> check(ModelsConfig config, ProviderEnvironment env, LocalModelDetector detector) {
        List<Diagnostic> out = new ArrayList<>();
        if (config.defaultModel() == null && config.agents().values().stream().allMatch(a -> a.model() == null)) {
            out.add(Diagnostic.error("models", "no model is configured", NotConfiguredRouter.message(
                    config.detectLocal() ? detector.detect() : List.of())));
            return out;
        }
        try {
            config.validated();
        } catch (IllegalArgumentException e) {
            out.add(Diagnostic.error("models", e.getMessage(), "correct the key the message names in clawdbot.yaml or the environment"));
            return out;
        }
        Map<String, WireProvider> providers = Models.wireProviders(config, env);
        for (var e : config.providers().entrySet()) {
            String id = e.getKey();
            ProviderConfig p = e.getValue();
            String subject = "models.providers." + id;
            if (ProviderConfig.ANTHROPIC.equals(p.type()) && p.apiKey() == null) {
                out.add(Diagnostic.error(subject, "no API key", "set ANTHROPIC_API_KEY (or ANTHROPIC_API_KEY_FILE) or " + subject + ".apiKey"));
                continue;
            }
            List<String> offered;
            try {
                offered = providers.get(id).listModels();
            } catch (ModelException ex) {
                out.add(Diagnostic.error(subject, ex.getMessage(), switch (ex.kind()) {
                    case NETWORK, TIMEOUT -> "start the server or correct " + subject + ".baseUrl (" + p.baseUrl() + ")";
                    case AUTH -> "check " + subject + ".apiKey (or the *_API_KEY variable it comes from)";
                    default -> "check " + subject + ".baseUrl: it should point at the API root" + (ProviderConfig.OPENAI.equals(p.type()) ? " ending in /v1" : "");
                }));
                continue;
            }
            out.add(Diagnostic.ok(subject, "answers at " + p.baseUrl() + " with " + offered.size() + " model(s)"));
            for (String m : config.namedModels()) {
                ModelRef ref = ModelRef.parse(m, "model");
                if (!ref.provider().equals(id) || offered.isEmpty()) continue;
                // Anthropic lists dated ids (claude-opus-4-5-20251101) for the aliases people configure.
                boolean served = offered.stream().anyMatch(o -> o.equals(ref.model()) || o.startsWith(ref.model() + "-"));
                if (!served) {
                    out.add(Diagnostic.error(m, "the server does not offer model '" + ref.model() + "'",
                            "use one it offers: " + String.join(", ", offered.stream().limit(10).toList())));
                }
            }
        }
        return out;
    }
}
