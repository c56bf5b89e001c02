package dev.clawdbot.siem.response;

import dev.clawdbot.core.config.ConfigLoader;
import dev.clawdbot.siem.SiemConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code siem.response} through the strict config loader: the documented example, defaults, and errors. */
class ResponseConfigYamlTest {

    @Test
    void documentedExampleParses() {
        SiemConfig c = ConfigLoader.parse("""
                response:
                  mode: enforce
                  groups: [web_scan]
                  allowlist: [192.0.2.10, 2001:db8:10::/48]
                """, "siem.yaml", SiemConfig.class, Map.of());
        assertThat(c.response().enforce()).isTrue();
        assertThat(c.response().groups()).containsExactly("web_scan");
        assertThat(c.response().rules()).containsExactly(880110);
        assertThat(c.response().timeout(2)).isEqualTo(Duration.ofHours(1));
        assertThat(c.response().allowed()).anyMatch(r -> r.contains("2001:db8:10::1")).noneMatch(r -> r.contains("2001:db8:11::1"));
    }

    @Test
    void noSectionIsDryRun() {
        SiemConfig c = ConfigLoader.parse("enabled: true\n", "siem.yaml", SiemConfig.class, Map.of());
        assertThat(c.response().enforce()).isFalse();
        assertThat(c.response().nft()).isEqualTo(List.of("nft"));
    }

    @Test
    void unknownKeysAndBadValuesAreErrorsWithTheirPlace() {
        assertThatThrownBy(() -> ConfigLoader.parse("response:\n  mod: enforce\n", "siem.yaml", SiemConfig.class, Map.of()))
                .hasMessageContaining("siem.yaml:2").hasMessageContaining("mod");
        assertThatThrownBy(() -> ConfigLoader.parse("response:\n  timeouts: [10m, soon]\n", "siem.yaml", SiemConfig.class, Map.of()))
                .hasMessageContaining("siem.yaml").hasMessageContaining("'soon'");
    }
}
