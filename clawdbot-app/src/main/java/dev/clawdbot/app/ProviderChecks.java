package dev.clawdbot.app;

import dev.clawdbot.llm.LocalModelDetector;
import dev.clawdbot.llm.ModelException;
import dev.clawdbot.llm.Models;
import dev.clawdbot.llm.ModelsConfig;
import dev.clawdbot.llm.OpenAiCompatibleProvider;
import dev.clawdbot.llm.ProviderConfig;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Doctor's model checks: is a model configured, and does each configured provider answer with its credentials. */
final class ProviderChecks {
    private ProviderChecks() {
    }

    static List<DoctorCommand.Finding> check(ModelsConfig models, LocalModelDetector detector) {
        List<DoctorCommand.Finding> out = new ArrayList<>();
        if (models.defaultModel() == null) {
            out.add(DoctorCommand.Finding.fail("model", "no model configured", Models.notConfiguredMessage(detector)));
            return out;
        }
        out.add(DoctorCommand.Finding.ok("model", "default " + models.defaultModel()
                + (models.fallbacks().isEmpty() ? "" : ", fallbacks " + models.fallbacks())));
        models.providers().forEach((id, p) -> out.add(probe(id, p)));
        return out;
    }

    private static DoctorCommand.Finding probe(String id, ProviderConfig p) {
        String subject = "provider " + id;
        try {
            if (ProviderConfig.OPENAI.equals(p.type())) {
                List<String> names = new OpenAiCompatibleProvider(id, p).listModels();
                return DoctorCommand.Finding.ok(subject, p.baseUrl() + " answers; " + names.size() + " model(s)"
                        + (names.isEmpty() ? "" : ": " + String.join(", ", names.subList(0, Math.min(5, names.size())))));
            }
            return anthropic(subject, p);
        } catch (ModelException e) {
            return DoctorCommand.Finding.fail(subject, p.baseUrl() + ": " + e.getMessage(), fixFor(e.kind(), p));
        }
    }

    private static DoctorCommand.Finding anthropic(String subject, ProviderConfig p) {
        if (p.apiKey() == null) {
            return DoctorCommand.Finding.fail(subject, "no API key", "export ANTHROPIC_API_KEY=... (or ANTHROPIC_API_KEY_FILE, or models.providers.<id>.apiKeyFile)");
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(p.connectTimeout()).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create(p.baseUrl() + "/v1/models"))
                .header("x-api-key", p.apiKey()).header("anthropic-version", "2023-06-01")
                .timeout(Duration.ofSeconds(10)).GET().build();
        try {
            int status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 200) return DoctorCommand.Finding.ok(subject, p.baseUrl() + " answers and accepts the key");
            if (status == 401 || status == 403) {
                return DoctorCommand.Finding.fail(subject, p.baseUrl() + " rejected the API key (HTTP " + status + ")", "check ANTHROPIC_API_KEY");
            }
            return DoctorCommand.Finding.warn(subject, p.baseUrl() + " answered HTTP " + status, "check the provider's status page and baseUrl");
        } catch (IOException e) {
            return DoctorCommand.Finding.fail(subject, p.baseUrl() + " unreachable: " + e.getClass().getSimpleName(),
                    "check network access to the provider, or ANTHROPIC_BASE_URL");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DoctorCommand.Finding.fail(subject, "interrupted", null);
        }
    }

    private static String fixFor(ModelException.Kind kind, ProviderConfig p) {
        return switch (kind) {
            case AUTH -> "check the API key for " + p.baseUrl();
            case NETWORK, TIMEOUT -> "start the server or fix the base URL (" + p.baseUrl() + ")";
            default -> "see the provider's logs";
        };
    }
}
