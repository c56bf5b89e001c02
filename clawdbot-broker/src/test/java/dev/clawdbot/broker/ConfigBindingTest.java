package dev.clawdbot.broker;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.clawdbot.broker.bridge.WebhookSecret;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The YAML the app binds under {@code broker:}: camelCase keys, strict, defaults applied. */
class ConfigBindingTest {

    final ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void bindsTheDocumentedKeys() throws Exception {
        String secret = WebhookSecret.generate();
        BrokerConfig c = yaml.readValue("""
                spoolDir: /var/lib/clawdbot/spool
                expiry: PT12H
                reminderBefore: PT1H
                linkSecret: %s
                linkBaseUrl: https://clawdbot.example/
                autoApprove:
                  - name: status
                    commandPrefixes: [[systemctl, status], [df]]
                email:
                  smtpHost: smtp.example.org
                  imapHost: imap.example.org
                  username: broker
                  password: pw
                  from: broker@example.org
                  operators: [op@example.org]
                  trustedAuthservIds: [mx.example.org]
                  commandAddress: clawdbot-cmd@example.org
                  reidleInterval: PT20M
                bridge:
                  secrets: [%s]
                  gatewayUrl: http://127.0.0.1:8080
                admin:
                  allowedPrograms: [systemctl, df]
                  maxSteps: 10
                  externalCommand: [claude, -p]
                """.formatted(secret, secret), BrokerConfig.class);
        assertThat(c.spoolDir()).isEqualTo(Path.of("/var/lib/clawdbot/spool"));
        assertThat(c.expiry()).isEqualTo(Duration.ofHours(12));
        assertThat(c.autoApprove().getFirst().commandPrefixes()).containsExactly(List.of("systemctl", "status"), List.of("df"));
        assertThat(c.email().smtpPort()).isEqualTo(587);
        assertThat(c.email().commandAddress()).isEqualTo("clawdbot-cmd@example.org");
        assertThat(c.email().reidleInterval()).isEqualTo(Duration.ofMinutes(20));
        assertThat(c.bridge().tolerance()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.admin().externalCommand()).containsExactly("claude", "-p");
        assertThat(c.scanInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void unknownKeysAndBadValuesAreErrorsNamingTheKey() {
        assertThatThrownBy(() -> yaml.readValue("spoolDir: /s\nlinkSecret: " + WebhookSecret.generate() + "\nexpiryy: PT1H\n", BrokerConfig.class)).hasMessageContaining("expiryy");
        assertThatThrownBy(() -> yaml.readValue("spoolDir: /s\nlinkSecret: " + WebhookSecret.generate() + "\nexpiry: PT10S\n", BrokerConfig.class))
                .hasMessageContaining("broker.expiry must be at least 1m");
    }
}
