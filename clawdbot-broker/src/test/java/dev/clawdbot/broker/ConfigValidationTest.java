package dev.clawdbot.broker;

import dev.clawdbot.broker.bridge.WebhookSecret;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigValidationTest {

    static final String SECRET = WebhookSecret.generate();

    @Test
    void brokerDefaultsAndPreciseErrors() {
        BrokerConfig c = new BrokerConfig(Path.of("/var/spool/clawdbot"), null, null, null, SECRET, null, null, null, null, null);
        assertThat(c.expiry()).isEqualTo(Duration.ofHours(24));
        assertThat(c.reminderBefore()).isEqualTo(Duration.ofHours(2));
        assertThat(c.autoApprove()).isEmpty();
        assertThat(c.bridge().tolerance()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.admin().maxSteps()).isEqualTo(20);
        assertThat(c.toString()).doesNotContain(SECRET.substring(6));
        assertThatThrownBy(() -> new BrokerConfig(null, null, null, null, SECRET, null, null, null, null, null)).hasMessage("broker.spoolDir is required");
        assertThatThrownBy(() -> new BrokerConfig(Path.of("/s"), null, null, null, null, null, null, null, null, null)).hasMessageContaining("broker.linkSecret is required");
        assertThatThrownBy(() -> new BrokerConfig(Path.of("/s"), null, null, null, "whsec_short", null, null, null, null, null))
                .hasMessageStartingWith("broker.linkSecret:").hasMessageNotContaining("short");
        assertThatThrownBy(() -> new BrokerConfig(Path.of("/s"), Duration.ofHours(1), Duration.ofHours(2), null, SECRET, null, null, null, null, null))
                .hasMessageContaining("broker.reminderBefore must be between 0 and broker.expiry");
        assertThatThrownBy(() -> new AutoApproveRule("r", List.of(List.of()))).hasMessageContaining("broker.autoApprove[r].commandPrefixes");
    }

    @Test
    void bridgeAndEmailErrorsNameTheKey() {
        assertThatThrownBy(() -> new BridgeConfig(List.of(SECRET, "nope!"), null, null, null, null)).hasMessageStartingWith("broker.bridge.secrets[1]:");
        assertThatThrownBy(() -> new BridgeConfig(null, Duration.ofHours(2), null, null, null)).hasMessageContaining("broker.bridge.tolerance");
        assertThatThrownBy(() -> new BridgeConfig(null, null, null, URI.create("ftp://x"), null)).hasMessageContaining("broker.bridge.gatewayUrl must be http(s)");
        assertThat(new BridgeConfig(List.of(SECRET), null, null, null, null).toString()).doesNotContain(SECRET.substring(6)).contains("1 configured");
        assertThatThrownBy(() -> new OperatorEmailConfig("smtp", null, null, "imap", null, null, "u", "pw", "broker@x", List.of(), null, null, null))
                .hasMessageContaining("broker.email.operators must list at least one");
        OperatorEmailConfig e = new OperatorEmailConfig("smtp", null, null, "imap", null, null, "u", "hunter2", "broker@x", List.of(" Op@Example.org "), null, null, null);
        assertThat(e.operators()).containsExactly("op@example.org");
        assertThat(e.imapPort()).isEqualTo(993);
        assertThat(e.toString()).doesNotContain("hunter2");
        assertThat(e.reidleInterval()).isEqualTo(Duration.ofMinutes(25));
        assertThat(e.maxBackoff()).isEqualTo(Duration.ofMinutes(5));
        assertThat(e.commandAddress()).isNull();
    }

    @Test
    void commandAddressAndIdleSettingsAreValidatedWithTheKey() {
        List<String> ops = List.of("op@example.org");
        assertThatThrownBy(() -> new OperatorEmailConfig("smtp", null, null, "imap", null, null, "u", "pw", "broker@x", ops, null, null, null,
                "not-an-address", null, null)).hasMessageContaining("broker.email.commandAddress: not an address");
        assertThatThrownBy(() -> new OperatorEmailConfig("smtp", null, null, "imap", null, null, "u", "pw", "broker@x", ops, null, null, null,
                "OP@example.org", null, null)).hasMessageContaining("broker.email.commandAddress must not be an operator address");
        assertThatThrownBy(() -> new OperatorEmailConfig("smtp", null, null, "imap", null, null, "u", "pw", "broker@x", ops, null, null, null,
                null, Duration.ofMinutes(29), null)).hasMessageContaining("broker.email.reidleInterval must be at least 1s and under 29m");
        assertThatThrownBy(() -> new OperatorEmailConfig("smtp", null, null, "imap", null, null, "u", "pw", "broker@x", ops, null, null, null,
                null, null, Duration.ofHours(2))).hasMessageContaining("broker.email.maxBackoff");
        assertThat(new OperatorEmailConfig("smtp", null, null, "imap", null, null, "u", "pw", "broker@x", ops, null, null, null,
                " Cmd@Clawdbot.example ", null, null).commandAddress()).isEqualTo("cmd@clawdbot.example");
    }
}
