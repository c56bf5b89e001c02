package dev.clawdbot.broker.exec;

import dev.clawdbot.broker.ExecutionConfig;
import dev.clawdbot.broker.HostConfig;
import dev.clawdbot.mail.SmtpConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.clawdbot.broker.BrokerConfig;
import dev.clawdbot.broker.bridge.WebhookSecret;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code broker.hosts} and {@code broker.execution} as the app binds them. */
class ExecConfigTest {

    static final String KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n";
    static final String FP = "SHA256:" + "A".repeat(43);
    final ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void bindsHostsAndExecutionWithDefaults() throws Exception {
        BrokerConfig c = yaml.readValue("""
                spoolDir: /s
                linkSecret: %s
                hosts:
                  web1:
                    address: 10.0.0.5
                    user: clawdbot
                    privateKey: "%s"
                    hostKeyFingerprint: %s
                  db1:
                    address: db1.internal
                    port: 2222
                    user: ops
                    privateKey: "%s"
                    knownHostsFile: /etc/clawdbot/known_hosts
                execution:
                  timeout: PT2M
                  smtp: {host: smtp.example.org, from: clawdbot@example.org}
                """.formatted(WebhookSecret.generate(), KEY.replace("\n", "\\n"), FP, KEY.replace("\n", "\\n")), BrokerConfig.class);
        HostConfig web1 = c.hosts().get("web1");
        assertThat(web1.port()).isEqualTo(22);
        assertThat(web1.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(web1.markerDir()).isEqualTo(".clawdbot/executed");
        assertThat(web1.dockerProgram()).isEqualTo("docker");
        assertThat(c.hosts().get("db1").knownHostsFile()).isEqualTo(Path.of("/etc/clawdbot/known_hosts"));
        assertThat(c.execution().timeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.execution().maxOutputBytes()).isEqualTo(65536);
        assertThat(c.execution().dockerSocket()).isEqualTo(Path.of("/var/run/docker.sock"));
        assertThat(c.execution().smtp().port()).isEqualTo(587);
        assertThat(c.toString()).doesNotContain("OPENSSH PRIVATE KEY").contains("privateKey=***");
    }

    @Test
    void theConfigLoaderReadsPrivateKeyFileAndNamesTheKeyOfAnUnpinnedHost(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path key = java.nio.file.Files.writeString(dir.resolve("id_ecdsa"), KEY);
        java.nio.file.Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        String yamlText = """
                spoolDir: /s
                linkSecret: %s
                hosts:
                  web1:
                    address: 10.0.0.5
                    user: clawdbot
                    privateKeyFile: %s
                    hostKeyFingerprint: %s
                """.formatted(WebhookSecret.generate(), key, FP);
        BrokerConfig c = dev.clawdbot.core.config.ConfigLoader.parse(yamlText, "clawdbot.yaml", BrokerConfig.class, java.util.Map.of());
        assertThat(c.hosts().get("web1").privateKey()).isEqualTo(KEY);
        assertThatThrownBy(() -> dev.clawdbot.core.config.ConfigLoader.parse(yamlText.replace("    hostKeyFingerprint: " + FP + "\n", ""),
                "clawdbot.yaml", BrokerConfig.class, java.util.Map.of()))
                .hasMessageContaining("hosts").hasMessageContaining("web1").hasMessageContaining("unknown host keys are never accepted");
    }

    @Test
    void unpinnedHostsAndBadValuesAreRefusedPrecisely() {
        assertThatThrownBy(() -> new HostConfig("10.0.0.5", null, "ops", KEY, null, null, null, null, null, null))
                .hasMessageContaining("hostKeyFingerprint or knownHostsFile is required: unknown host keys are never accepted");
        assertThatThrownBy(() -> new HostConfig("10.0.0.5", null, "ops", KEY, null, FP, Path.of("/k"), null, null, null))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> new HostConfig("10.0.0.5", null, "ops", KEY, null, "MD5:aa:bb", null, null, null, null))
                .hasMessageContaining("hostKeyFingerprint must look like SHA256:");
        assertThatThrownBy(() -> new HostConfig("10.0.0.5", null, "ops", "not a key", null, FP, null, null, null, null))
                .hasMessageContaining("privateKey is required");
        assertThatThrownBy(() -> new HostConfig("10.0.0.5", 0, "ops", KEY, null, FP, null, null, null, null)).hasMessageContaining("port must be 1..65535, was 0");
        assertThatThrownBy(() -> new HostConfig("10.0.0.5; rm", null, "ops", KEY, null, FP, null, null, null, null)).hasMessageContaining("address is not");
        assertThatThrownBy(() -> new HostConfig("h", null, "-oProxyCommand=x", KEY, null, FP, null, null, null, null)).hasMessageContaining("user is required");
        assertThatThrownBy(() -> new ExecutionConfig(Duration.ZERO, null, null, null, null)).hasMessageContaining("broker.execution.timeout");
        assertThatThrownBy(() -> new ExecutionConfig(null, 10, null, null, null)).hasMessageContaining("broker.execution.maxOutputBytes must be 1024..16777216, was 10");
        assertThatThrownBy(() -> new SmtpConfig("smtp", null, null, null, null, "nobody")).hasMessageContaining("smtp.from must be an e-mail address");
    }

    @Test
    void hostNamesMustBeUsableInActions() {
        HostConfig h = new HostConfig("10.0.0.5", null, "ops", KEY, null, FP, null, null, null, null);
        String secret = WebhookSecret.generate();
        assertThatThrownBy(() -> new BrokerConfig(Path.of("/s"), null, null, null, secret, null, null, null, null, null,
                java.util.Map.of("local", h), null)).hasMessageContaining("broker.hosts: 'local' is not a usable host name");
        assertThatThrownBy(() -> new BrokerConfig(Path.of("/s"), null, null, null, secret, null, null, null, null, null,
                java.util.Map.of("web 1", h), null)).hasMessageContaining("'web 1'");
    }
}
