package dev.clawdbot.llm;

import dev.clawdbot.core.config.RecordBuilder;
import dev.clawdbot.core.config.Secret;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One model endpoint under {@code models.providers.<id>}. Defaults are applied and everything validated
 * here, so a provider is only built from a sound config. {@code apiKey} holds the resolved secret and is
 * never part of {@link #toString()}.
 *
 * @param type          {@code anthropic} (Messages API) or {@code openai} (any Chat Completions server)
 * @param baseUrl       Anthropic: the host root (default {@code https://api.anthropic.com});
 *                      OpenAI-compatible: up to and including {@code /v1} (default {@code https://api.openai.com/v1})
 * @param headers       extra request headers, e.g. Azure's {@code api-key}; values are treated as secrets
 * @param idleTimeout   longest silence between bytes of a reply (including the first) before the call is a stall
 * @param requestTimeout longest a whole call may take
 * @param maxRetries    retries of one call on this provider after transient failures
 * @param maxRetryAfter a server's {@code retry-after} longer than this is not waited for (failover instead)
 * @param stream        whether to stream replies (SSE)
 * @param promptCaching Anthropic: mark the system prompt, the last tool and the newest message block as cache breakpoints
 * @param models        model names offered for {@code /model}
 * @param contextWindows per-model context window overrides, in tokens
 */
public record ProviderConfig(String type, String baseUrl, @Secret String apiKey, @Secret Map<String, String> headers,
                             Duration connectTimeout, Duration idleTimeout, Duration requestTimeout,
                             Integer maxRetries, Duration retryBaseDelay, Duration retryMaxDelay, Duration maxRetryAfter,
                             Boolean stream, Boolean promptCaching, List<String> models, Map<String, Integer> contextWindows) {

    public static final String ANTHROPIC = "anthropic";
    public static final String OPENAI = "openai";

    public ProviderConfig {
        type = type == null ? null : type.trim().toLowerCase(Locale.ROOT);
        if (!ANTHROPIC.equals(type) && !OPENAI.equals(type)) {
            throw new IllegalArgumentException("type must be 'anthropic' or 'openai', was " + (type == null ? "missing" : "'" + type + "'"));
        }
        if (baseUrl == null || baseUrl.isBlank()) {
            baseUrl = ANTHROPIC.equals(type) ? "https://api.anthropic.com" : "https://api.openai.com/v1";
        }
        baseUrl = baseUrl.trim();
        while (baseUrl.endsWith("/")) baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
        URI uri;
        try {
            uri = URI.create(baseUrl);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("baseUrl '" + baseUrl + "' is not a URL");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("baseUrl '" + baseUrl + "' must be an http:// or https:// URL with a host");
        }
        apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        connectTimeout = positive(connectTimeout, Duration.ofSeconds(10), "connectTimeout");
        idleTimeout = positive(idleTimeout, Duration.ofSeconds(60), "idleTimeout");
        requestTimeout = positive(requestTimeout, Duration.ofMinutes(10), "requestTimeout");
        maxRetries = maxRetries == null ? 2 : maxRetries;
        if (maxRetries < 0 || maxRetries > 10) throw new IllegalArgumentException("maxRetries must be 0..10, was " + maxRetries);
        retryBaseDelay = positive(retryBaseDelay, Duration.ofMillis(250), "retryBaseDelay");
        retryMaxDelay = positive(retryMaxDelay, Duration.ofSeconds(8), "retryMaxDelay");
        maxRetryAfter = positive(maxRetryAfter, Duration.ofSeconds(30), "maxRetryAfter");
        stream = stream == null || stream;
        promptCaching = promptCaching == null || promptCaching;
        models = models == null ? List.of() : List.copyOf(models);
        contextWindows = contextWindows == null ? Map.of() : Map.copyOf(contextWindows);
        for (var e : contextWindows.entrySet()) {
            if (e.getValue() == null || e.getValue() < 1024) {
                throw new IllegalArgumentException("contextWindows." + e.getKey() + " must be at least 1024 tokens, was " + e.getValue());
            }
        }
    }

    /** A provider of {@code type} at {@code baseUrl} with every other setting at its default. */
    public static ProviderConfig of(String type, String baseUrl, String apiKey) {
        return builder().type(type).baseUrl(baseUrl).apiKey(apiKey).build();
    }

    public ProviderConfig withApiKey(String key) {
        return toBuilder().apiKey(key).build();
    }

    public ProviderConfig withTimeouts(Duration idle, Duration request) {
        return toBuilder().idleTimeout(idle).requestTimeout(request).build();
    }

    public ProviderConfig withRetries(int retries) {
        return toBuilder().maxRetries(retries).build();
    }

    public ProviderConfig withStream(boolean s) {
        return toBuilder().stream(s).build();
    }

    public ProviderConfig withHeaders(Map<String, String> h) {
        return toBuilder().headers(h).build();
    }

    public ProviderConfig withModels(List<String> m) {
        return toBuilder().models(m).build();
    }

    /** Every secret value this config holds (the key and header values), for scrubbing messages. */
    List<String> secrets() {
        List<String> s = new java.util.ArrayList<>(headers.values());
        if (apiKey != null) s.add(apiKey);
        return s;
    }

    @Override
    public String toString() {
        Map<String, String> masked = new LinkedHashMap<>();
        headers.keySet().stream().sorted().forEach(k -> masked.put(k, "***"));
        return "ProviderConfig[type=" + type + ", baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "(none)" : "***")
                + ", headers=" + masked + ", connectTimeout=" + connectTimeout + ", idleTimeout=" + idleTimeout
                + ", requestTimeout=" + requestTimeout + ", maxRetries=" + maxRetries + ", stream=" + stream
                + ", models=" + models + ", contextWindows=" + contextWindows + "]";
    }

    private static Duration positive(Duration d, Duration dflt, String key) {
        if (d == null) return dflt;
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(key + " must be positive, was " + d);
        return d;
    }

    /** A builder with every component unset (null), so each takes the default this record gives it. */
    public static Builder builder() {
        return new Builder(null);
    }

    /** A builder holding this record's values, to change some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Sets components by name; {@link #build} validates like the constructor (it calls it). */
    public static final class Builder extends RecordBuilder<ProviderConfig, Builder> {
        private Builder(ProviderConfig from) {
            super(ProviderConfig.class, from);
        }

        public Builder type(String type) { return set("type", type); }
        public Builder baseUrl(String baseUrl) { return set("baseUrl", baseUrl); }
        public Builder apiKey(String apiKey) { return set("apiKey", apiKey); }
        public Builder headers(Map<String, String> headers) { return set("headers", headers); }
        public Builder connectTimeout(Duration connectTimeout) { return set("connectTimeout", connectTimeout); }
        public Builder idleTimeout(Duration idleTimeout) { return set("idleTimeout", idleTimeout); }
        public Builder requestTimeout(Duration requestTimeout) { return set("requestTimeout", requestTimeout); }
        public Builder maxRetries(Integer maxRetries) { return set("maxRetries", maxRetries); }
        public Builder retryBaseDelay(Duration retryBaseDelay) { return set("retryBaseDelay", retryBaseDelay); }
        public Builder retryMaxDelay(Duration retryMaxDelay) { return set("retryMaxDelay", retryMaxDelay); }
        public Builder maxRetryAfter(Duration maxRetryAfter) { return set("maxRetryAfter", maxRetryAfter); }
        public Builder stream(Boolean stream) { return set("stream", stream); }
        public Builder promptCaching(Boolean promptCaching) { return set("promptCaching", promptCaching); }
        public Builder models(List<String> models) { return set("models", models); }
        public Builder contextWindows(Map<String, Integer> contextWindows) { return set("contextWindows", contextWindows); }
    }
}
