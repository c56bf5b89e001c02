package dev.clawdbot.llm;

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
        return new Builder();
    }

    /** A builder holding this record's values, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.type = type;
        b.baseUrl = baseUrl;
        b.apiKey = apiKey;
        b.headers = headers;
        b.connectTimeout = connectTimeout;
        b.idleTimeout = idleTimeout;
        b.requestTimeout = requestTimeout;
        b.maxRetries = maxRetries;
        b.retryBaseDelay = retryBaseDelay;
        b.retryMaxDelay = retryMaxDelay;
        b.maxRetryAfter = maxRetryAfter;
        b.stream = stream;
        b.promptCaching = promptCaching;
        b.models = models;
        b.contextWindows = contextWindows;
        return b;
    }

    /** Sets components by name; {@link #build} validates like the constructor (it calls it). */
    public static final class Builder {
        private String type;
        private String baseUrl;
        private String apiKey;
        private Map<String, String> headers;
        private Duration connectTimeout;
        private Duration idleTimeout;
        private Duration requestTimeout;
        private Integer maxRetries;
        private Duration retryBaseDelay;
        private Duration retryMaxDelay;
        private Duration maxRetryAfter;
        private Boolean stream;
        private Boolean promptCaching;
        private List<String> models;
        private Map<String, Integer> contextWindows;

        private Builder() {
        }

        public Builder type(String type) {
            this.type = type;
            return this;
        }

        public Builder baseUrl(String baseUrl) {
            this.baseUrl = baseUrl;
            return this;
        }

        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder headers(Map<String, String> headers) {
            this.headers = headers;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
            return this;
        }

        public Builder maxRetries(Integer maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        public Builder retryBaseDelay(Duration retryBaseDelay) {
            this.retryBaseDelay = retryBaseDelay;
            return this;
        }

        public Builder retryMaxDelay(Duration retryMaxDelay) {
            this.retryMaxDelay = retryMaxDelay;
            return this;
        }

        public Builder maxRetryAfter(Duration maxRetryAfter) {
            this.maxRetryAfter = maxRetryAfter;
            return this;
        }

        public Builder stream(Boolean stream) {
            this.stream = stream;
            return this;
        }

        public Builder promptCaching(Boolean promptCaching) {
            this.promptCaching = promptCaching;
            return this;
        }

        public Builder models(List<String> models) {
            this.models = models;
            return this;
        }

        public Builder contextWindows(Map<String, Integer> contextWindows) {
            this.contextWindows = contextWindows;
            return this;
        }

        public ProviderConfig build() {
            return new ProviderConfig(type, baseUrl, apiKey, headers, connectTimeout, idleTimeout, requestTimeout, maxRetries, retryBaseDelay, retryMaxDelay, maxRetryAfter, stream, promptCaching, models, contextWindows);
        }
    }
}
