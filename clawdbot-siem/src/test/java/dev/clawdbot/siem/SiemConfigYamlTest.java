package dev.clawdbot.siem;

import dev.clawdbot.core.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.time.LocalTime;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sections added for FIM, the journal, syslog, the digest and host responses, through the strict config loader. */
class SiemConfigYamlTest {

    @Test
    void everyNewSectionParsesAndDefaultsHold() {
        SiemConfig c = ConfigLoader.parse("""
                fim:
                  paths: ['@config', /etc/ssh, /etc/cron*]
                  ignore: ['*.bak']
                  burstThreshold: 100
                journal:
                  enabled: true
                  command: [journalctl, --directory=/var/log/journal]
                syslog:
                  enabled: true
                  tcpPort: 0
                digest:
                  at: "06:30"
                response:
                  firewall: iptables
                  disableUser: [880303]
                  stopContainer: [880602]
                  program:
                    rules: [880110]
                    argv: [/usr/local/bin/hook, '{srcip}']
                """, "siem.yaml", SiemConfig.class, Map.of());
        assertThat(c.fim().paths()).containsExactly("@config", "/etc/ssh", "/etc/cron*");
        assertThat(c.fim().burstThreshold()).isEqualTo(100);
        assertThat(c.fim().scanMinutes()).isEqualTo(720);
        assertThat(c.journal().active()).isTrue();
        assertThat(c.syslog().bind()).isEqualTo("127.0.0.1");
        assertThat(c.syslog().udpPort()).isEqualTo(5514);
        assertThat(c.syslog().tcpPort()).isZero();
        assertThat(c.digest().time()).isEqualTo(LocalTime.of(6, 30));
        assertThat(c.response().firewall()).isEqualTo("iptables");
        assertThat(c.response().program().argv()).containsExactly("/usr/local/bin/hook", "{srcip}");
        assertThat(c.response().dockerSocket()).isEqualTo("/var/run/docker.sock");

        SiemConfig d = ConfigLoader.parse("enabled: true\n", "siem.yaml", SiemConfig.class, Map.of());
        assertThat(d.fim().enabled()).isTrue();
        assertThat(d.fim().paths()).contains("@config", "/etc/sudoers*", "/usr/local/bin");
        assertThat(d.syslog().enabled()).isFalse();
        assertThat(d.digest().at()).isEqualTo("07:00");
        assertThat(d.response().firewall()).isEqualTo("auto");
        assertThat(d.response().disableUser()).isEmpty();
    }

    @Test
    void badValuesSayWhere() {
        assertThatThrownBy(() -> ConfigLoader.parse("fim:\n  paths: [etc/ssh]\n", "siem.yaml", SiemConfig.class, Map.of()))
                .hasMessageContaining("siem.yaml").hasMessageContaining("not absolute");
        assertThatThrownBy(() -> ConfigLoader.parse("fim:\n  paths: ['/etc/*/x']\n", "siem.yaml", SiemConfig.class, Map.of()))
                .hasMessageContaining("only the last segment may be a glob");
        assertThatThrownBy(() -> ConfigLoader.parse("digest:\n  at: 7am\n", "siem.yaml", SiemConfig.class, Map.of()))
                .hasMessageContaining("siem.digest.at");
        assertThatThrownBy(() -> ConfigLoader.parse("syslog:\n  udpPort: 70000\n", "siem.yaml", SiemConfig.class, Map.of()))
                .hasMessageContaining("siem.syslog.udpPort");
        assertThatThrownBy(() -> ConfigLoader.parse("response:\n  firewall: pf\n", "siem.yaml", SiemConfig.class, Map.of()))
                .hasMessageContaining("siem.response.firewall");
        assertThatThrownBy(() -> ConfigLoader.parse("fim:\n  ignor: ['*']\n", "siem.yaml", SiemConfig.class, Map.of()))
                .hasMessageContaining("siem.yaml:2").hasMessageContaining("ignor");
    }
}
