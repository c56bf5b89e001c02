package dev.clawdbot.ops.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Verifiers that make one authenticated HTTPS GET: Telegram's {@code getMe}, a model provider's model list. */
public final class HttpVerifiers {
    /** Answers are small JSON documents; more than this is not read. */
    private static final int MAX_BODY = 256 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpVerifiers() {
    }

    /** {@code GET {apiBase}/bot{token}/getMe}: the bot's username when the token is valid. */
    public static SecretVerifier telegramGetMe(String apiBase, String token) {
        return () -> {
            Answer a = get(URI.create(strip(apiBase) + "/bot" + token + "/getMe"), Map.of(), token);
            if (a.problem() != null) return new SecretVerifier.Verdict(false, "Telegram getMe: " + a.problem());
            if (a.status() != 200 || !a.json().path("ok").asBoolean()) {
                return new SecretVerifier.Verdict(false, "Telegram getMe: HTTP " + a.status() + " " + a.json().path("description").asText(""));
            }
            return new SecretVerifier.Verdict(true, "Telegram getMe: bot @" + a.json().path("result").path("username").asText("?"));
        };
    }

    /**
     * A provider's model list: Anthropic {@code GET {baseUrl}/v1/models} with {@code x-api-key}; OpenAI-compatible
     * {@code GET {baseUrl}/models} ({@code baseUrl} ends in {@code /v1}) with a bearer token.
     */
    public static SecretVerifier models(String type, String baseUrl, String apiKey) {
        boolean anthropic = "anthropic".equals(type);
        URI uri = URI.create(strip(baseUrl) + (anthropic ? "/v1/models" : "/models"));
        Map<String, String> headers = anthropic ? Map.of("x-api-key", apiKey, "anthropic-version", "2023-06-01")
                : Map.of("Authorization", "Bearer " + apiKey);
        return () -> {
            Answer a = get(uri, headers, apiKey);
            if (a.problem() != null) return new SecretVerifier.Verdict(false, uri + ": " + a.problem());
            if (a.status() != 200) {
                return new SecretVerifier.Verdict(false, uri + ": HTTP " + a.status() + (a.status() == 401 || a.status() == 403 ? " (key rejected)" : ""));
            }
            return new SecretVerifier.Verdict(true, uri + ": " + a.json().path("data").size() + " model(s) listed");
        };
    }

    private record Answer(int status, JsonNode json, String problem) {
    }

    private static Answer get(URI uri, Map<String, String> headers, String secret) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
        headers.forEach(b::header);
        try {
            HttpResponse<InputStream> r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = r.body()) {
                body = in.readNBytes(MAX_BODY);
            }
            JsonNode json;
            try {
                json = JSON.readTree(body);
            } catch (IOException e) {
                json = JSON.nullNode();
            }
            return new Answer(r.statusCode(), json == null ? JSON.nullNode() : json, null);
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new Answer(0, JSON.nullNode(), secret.isEmpty() ? msg : msg.replace(secret, "***"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, JSON.nullNode(), "interrupted");
        } finally {
            client.close();
        }
    }

    private static String strip(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
