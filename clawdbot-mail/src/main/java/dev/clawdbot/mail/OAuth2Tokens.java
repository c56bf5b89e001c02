package dev.clawdbot.mail;

import dev.clawdbot.core.text.PlainText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * Access tokens for one XOAUTH2 mailbox from the OAuth 2.0 refresh-token grant (RFC 6749 section 6). A token is
 * reused until {@code refreshMargin} before it expires; 429 (honouring Retry-After), 5xx and I/O failures are
 * retried a few times; a rotated refresh token replaces the configured one in memory. One caller refreshes at a
 * time, and a caller that saw a stale token does not refresh again when another one already did.
 */
final class OAuth2Tokens {
    static final int MAX_ATTEMPTS = 3;
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OAuth2Grant config;
    private final HttpClient http;
    private final Clock clock;
    private final Duration backoff;
    private String refreshToken;
    private String accessToken;
    private Instant reuseUntil = Instant.MIN;
    private int refreshes;

    OAuth2Tokens(OAuth2Grant config, HttpClient http, Clock clock, Duration backoff) {
        this.config = config;
        this.http = http;
        this.clock = clock;
        this.backoff = backoff;
        this.refreshToken = config.refreshToken();
    }

    /** A token valid for at least the refresh margin: the cached one, or a fresh one. */
    synchronized String accessToken() throws OAuth2Exception {
        if (accessToken != null && clock.instant().isBefore(reuseUntil)) return accessToken;
        return refresh();
    }

    /** The server refused {@code rejected}: a fresh token, unless another caller already replaced it. */
    synchronized String replace(String rejected) throws OAuth2Exception {
        if (accessToken != null && !accessToken.equals(rejected)) return accessToken;
        return refresh();
    }

    /** How many tokens were obtained so far. */
    synchronized int refreshes() {
        return refreshes;
    }

    /** Replaces every secret this mailbox holds (the tokens, the client secret) in {@code text}. */
    synchronized String redact(String text) {
        for (String secret : new String[]{accessToken, refreshToken, config.refreshToken(), config.clientSecret()}) {
            if (secret != null && !secret.isEmpty()) text = text.replace(secret, "***");
        }
        return text;
    }

    private String refresh() throws OAuth2Exception {
        OAuth2Exception last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Duration wait = backoff.multipliedBy(1L << (attempt - 1));
            try {
                HttpResponse<String> response = http.send(request(), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 200) return accept(response.body());
                last = failure(status, response.body());
                if (status == 429) wait = retryAfter(response, wait);
            } catch (OAuth2Exception e) {
                last = e;
            } catch (IOException e) {
                last = new OAuth2Exception("token endpoint " + config.tokenUrl() + " unreachable: " + e.getClass().getSimpleName(), true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OAuth2Exception("interrupted while refreshing the access token", true);
            }
            if (!last.retryable() || attempt == MAX_ATTEMPTS) break;
            LockSupport.parkNanos(wait.toNanos());
        }
        throw last;
    }

    private HttpRequest request() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("refresh_token", refreshToken);
        form.put("client_id", config.clientId());
        if (config.clientSecret() != null) form.put("client_secret", config.clientSecret());
        if (config.scope() != null) form.put("scope", config.scope());
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return HttpRequest.newBuilder(URI.create(config.tokenUrl()))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private String accept(String body) throws OAuth2Exception {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) throw new OAuth2Exception("token endpoint returned malformed JSON (" + length(body) + ")", true);
        String token = json.path("access_token").asText("");
        if (token.isBlank()) throw new OAuth2Exception("token endpoint response has no access_token", true);
        String type = json.path("token_type").asText("Bearer");
        if (!type.equalsIgnoreCase("bearer")) throw new OAuth2Exception("token endpoint issued a '" + type + "' token, not a Bearer token", false);
        long lifetime = json.path("expires_in").canConvertToLong() ? json.path("expires_in").asLong() : 3600;
        if (lifetime <= 0) throw new OAuth2Exception("token endpoint gave expires_in " + lifetime, true);
        // A short-lived token is reused for half its life at most, so that it is never sent in its last moments.
        Duration margin = config.refreshMargin();
        Duration life = Duration.ofSeconds(lifetime);
        if (margin.multipliedBy(2).compareTo(life) > 0) margin = life.dividedBy(2);
        String rotated = json.path("refresh_token").asText("");
        if (!rotated.isBlank()) refreshToken = rotated;
        accessToken = token;
        reuseUntil = clock.instant().plus(life).minus(margin);
        refreshes++;
        return token;
    }

    private OAuth2Exception failure(int status, String body) {
        String error = "";
        String description = "";
        try {
            JsonNode json = JSON.readTree(body);
            if (json != null && json.isObject()) {
                error = json.path("error").asText("");
                description = json.path("error_description").asText("");
            }
        } catch (IOException e) {
            // an error page rather than OAuth JSON: the status says enough
        }
        boolean retryable = status == 429 || status >= 500;
        String detail = error.isEmpty() ? "" : " " + safe(error, 64) + (description.isEmpty() ? "" : ": " + safe(description, 200));
        return new OAuth2Exception("token endpoint " + config.tokenUrl() + " answered HTTP " + status + detail
                + (retryable ? "" : " (the refresh token or client is not accepted; obtain a new refresh token)"), retryable);
    }

    private static Duration retryAfter(HttpResponse<?> response, Duration dflt) {
        return response.headers().firstValue("Retry-After").map(v -> {
            try {
                Duration d = Duration.ofSeconds(Long.parseLong(v.trim()));
                return d.isNegative() ? dflt : d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d;
            } catch (NumberFormatException e) {
                return dflt;
            }
        }).orElse(dflt);
    }

    private String safe(String text, int max) {
        String t = PlainText.controlsToSpaces(redact(text));
        return t.length() > max ? t.substring(0, max) + "…" : t;
    }

    private static String length(String body) {
        return body == null ? "no body" : body.length() + " characters";
    }
}
