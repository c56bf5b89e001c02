package dev.clawdbot.broker;

import dev.clawdbot.core.config.Secret;

import dev.clawdbot.broker.bridge.WebhookSecret;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The signed bridge (YAML key {@code broker.bridge}). {@code secrets}: {@code whsec_} secrets; the first signs,
 * all verify (rotation). {@code tolerance}: how far a timestamp may be off either way (default 5 minutes).
 * {@code maxReplayEntries}: live ids remembered (default 100000). {@code gatewayUrl}: where {@code bridge send}
 * POSTs ({@code /bridge/{agent}} is appended), or null to use {@code spoolDir} (same host).
 */
public record BridgeConfig(@Secret List<String> secrets, Duration tolerance, Integer maxReplayEntries, URI gatewayUrl, Path spoolDir) {

    public BridgeConfig {
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
        for (int i = 0; i < secrets.size(); i++) {
            try {
                WebhookSecret.parse(secrets.get(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("broker.bridge.secrets[" + i + "]: " + e.getMessage());
            }
        }
        tolerance = tolerance == null ? Duration.ofMinutes(5) : tolerance;
        if (tolerance.isNegative() || tolerance.isZero() || tolerance.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("broker.bridge.tolerance must be between 1s and 1h, was " + tolerance);
        }
        maxReplayEntries = maxReplayEntries == null ? 100_000 : maxReplayEntries;
        if (maxReplayEntries < 100) throw new IllegalArgumentException("broker.bridge.maxReplayEntries must be >= 100, was " + maxReplayEntries);
        if (gatewayUrl != null && !List.of("http", "https").contains(String.valueOf(gatewayUrl.getScheme()))) {
            throw new IllegalArgumentException("broker.bridge.gatewayUrl must be http(s), was " + gatewayUrl);
        }
    }

    public static BridgeConfig defaults() {
        return new BridgeConfig(null, null, null, null, null);
    }

    /** The parsed secrets, signing secret first. */
    public List<WebhookSecret> parsedSecrets() {
        return secrets.stream().map(WebhookSecret::parse).toList();
    }

    @Override
    public String toString() {
        return "BridgeConfig[secrets=" + secrets.size() + " configured, tolerance=" + tolerance + ", maxReplayEntries="
                + maxReplayEntries + ", gatewayUrl=" + gatewayUrl + ", spoolDir=" + spoolDir + "]";
    }
}
