package dev.clawdbot.broker;

import dev.clawdbot.core.config.Secret;


import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The request broker (YAML key {@code broker}). {@code spoolDir}: where requests are dropped ({@code inbox/},
 * {@code rejected/} and {@code processed/} live beneath it). {@code expiry}: how long a request waits for the
 * operator (24 h). {@code reminderBefore}: when before expiry the operator is reminded (2 h). {@code linkSecret}:
 * {@code whsec_} key signing approve links and one-time codes (required); {@code linkBaseUrl}: where the
 * gateway serves {@code /broker/approve} (null: links are not offered, codes still work). {@code hosts}: the
 * managed hosts actions may name, reached over SSH; {@code execution}: timeouts, output caps, Docker socket, SMTP.
 */
public record BrokerConfig(Path spoolDir, Duration expiry, Duration reminderBefore, List<AutoApproveRule> autoApprove,
                           @Secret String linkSecret, URI linkBaseUrl, OperatorEmailConfig email, BridgeConfig bridge, AdminConfig admin,
                           Duration scanInterval, Map<String, HostConfig> hosts, ExecutionConfig execution) {

    public BrokerConfig {
        if (spoolDir == null) throw new IllegalArgumentException("broker.spoolDir is required");
        expiry = expiry == null ? Duration.ofHours(24) : expiry;
        if (expiry.compareTo(Duration.ofMinutes(1)) < 0) throw new IllegalArgumentException("broker.expiry must be at least 1m, was " + expiry);
        reminderBefore = reminderBefore == null ? Duration.ofHours(2) : reminderBefore;
        if (reminderBefore.isNegative() || reminderBefore.compareTo(expiry) >= 0) {
            throw new IllegalArgumentException("broker.reminderBefore must be between 0 and broker.expiry, was " + reminderBefore);
        }
        autoApprove = autoApprove == null ? List.of() : List.copyOf(autoApprove);
        if (linkSecret == null || linkSecret.isBlank()) throw new IllegalArgumentException("broker.linkSecret is required (a whsec_ secret)");
        try {
            dev.clawdbot.broker.bridge.WebhookSecret.parse(linkSecret);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("broker.linkSecret: " + e.getMessage());
        }
        bridge = bridge == null ? BridgeConfig.defaults() : bridge;
        admin = admin == null ? AdminConfig.defaults() : admin;
        scanInterval = scanInterval == null ? Duration.ofSeconds(5) : scanInterval;
        if (scanInterval.compareTo(Duration.ofMillis(100)) < 0) throw new IllegalArgumentException("broker.scanInterval must be at least 100ms, was " + scanInterval);
        hosts = hosts == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(hosts));
        for (Map.Entry<String, HostConfig> h : hosts.entrySet()) {
            if (!h.getKey().matches("[A-Za-z0-9][A-Za-z0-9.\\-]{0,252}") || h.getKey().equals("local")) {
                throw new IllegalArgumentException("broker.hosts: '" + h.getKey() + "' is not a usable host name (letters, digits, '.', '-'; not 'local')");
            }
            if (h.getValue() == null) throw new IllegalArgumentException("broker.hosts." + h.getKey() + " is empty");
        }
        execution = execution == null ? ExecutionConfig.defaults() : execution;
    }

    /** The configuration before managed hosts and execution settings existed; both take their defaults. */
    public BrokerConfig(Path spoolDir, Duration expiry, Duration reminderBefore, List<AutoApproveRule> autoApprove, String linkSecret,
                        URI linkBaseUrl, OperatorEmailConfig email, BridgeConfig bridge, AdminConfig admin, Duration scanInterval) {
        this(spoolDir, expiry, reminderBefore, autoApprove, linkSecret, linkBaseUrl, email, bridge, admin, scanInterval, null, null);
    }

    public Path inbox() {
        return spoolDir.resolve("inbox");
    }

    @Override
    public String toString() {
        return "BrokerConfig[spoolDir=" + spoolDir + ", expiry=" + expiry + ", reminderBefore=" + reminderBefore + ", autoApprove="
                + autoApprove + ", linkSecret=***, linkBaseUrl=" + linkBaseUrl + ", email=" + email + ", bridge=" + bridge
                + ", admin=" + admin + ", scanInterval=" + scanInterval + ", hosts=" + hosts + ", execution=" + execution + "]";
    }
}
