package dev.clawdbot.app;

import dev.clawdbot.core.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code operator:} section: strict keys, errors that name the key, defaults that need no file. */
class OperatorConfigTest {

    @TempDir
    Path dir;

    Settings load(String yaml) throws Exception {
        Path file = dir.resolve("clawdbot.yaml");
        Files.writeString(file, yaml);
        return Settings.resolve(file, dir.resolve("data"), Map.of());
    }

    @Test
    void withoutTheSectionTheDefaultsApplyAndNoChannelIsOn() throws Exception {
        OperatorConfig c = load("dataDir: data\n").config().operator();
        assertThat(c.level()).isEqualTo(10);
        assertThat(c.dedupWindow()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.maxPerWindow()).isEqualTo(10);
        assertThat(c.email()).isNull();
        assertThat(OperatorNotifications.describe(load("dataDir: data\n").config())).isNull();
    }

    @Test
    void theSectionBindsWithHumanDurations() throws Exception {
        AppConfig c = load("""
                operator:
                  level: 12
                  window: 1h
                  email: {to: [Ops@Example.org], from: bot@example.org, smtpHost: smtp.example.org}
                """).config();
        assertThat(c.operator().level()).isEqualTo(12);
        assertThat(c.operator().window()).isEqualTo(Duration.ofHours(1));
        assertThat(c.operator().email().smtpPort()).isEqualTo(587);
        assertThat(OperatorNotifications.describe(c)).isEqualTo("level 12 and above to e-mail to ops@example.org");
    }

    @Test
    void aMisspelledKeyAndABadValueAreErrorsNamingTheKey() {
        assertThatThrownBy(() -> load("operator:\n  emial: {to: [a@b]}\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("emial");
        assertThatThrownBy(() -> load("operator:\n  level: 17\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("operator.level must be 0..16, was 17");
        assertThatThrownBy(() -> load("operator:\n  email: {to: [], from: a@b, smtpHost: h}\n")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("operator.email.to must list at least one address");
    }
}
