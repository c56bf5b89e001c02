package dev.clawdbot.fleet.monitor;

import dev.clawdbot.core.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MonitorsConfigTest {
    /** The shape the application's config will have: a {@code monitors:} section. */
    record Root(MonitorsConfig monitors) { }

    @Test
    void parsesAModelServerMonitor() {
        Root root = ConfigLoader.parse("""
                monitors:
                  monitors:
                    - name: gpu1-vllm
                      type: MODEL_SERVER
                      url: http://10.0.0.7:8000/v1
                      headers: { Authorization: Bearer x }
                      modelServer:
                        model: meta-llama/Llama-3.1-8B-Instruct
                        maxWaiting: 10
                        maxKvCacheUsage: 0.95
                        maxTtftP90: 2s
                """, "clawdbot.yaml", Root.class, Map.of());
        MonitorSpec m = root.monitors().monitors().getFirst();
        assertThat(m.type()).isEqualTo(MonitorType.MODEL_SERVER);
        assertThat(m.modelServer().maxWaiting()).isEqualTo(10);
        assertThat(m.modelServer().maxKvCacheUsage()).isEqualTo(0.95);
        assertThat(m.modelServer().maxTtftP90()).isEqualTo(Duration.ofSeconds(2));
        assertThat(m.modelServer().metrics()).isTrue();
    }

    @Test
    void parsesTheDocumentedKeys() {
        Root root = ConfigLoader.parse("""
                monitors:
                  monitors:
                    - name: web
                      type: HTTP
                      url: https://example.org/health
                      interval: PT30S
                      retryInterval: PT10S
                      timeout: PT5S
                      retries: 4
                      upAfter: 3
                      renotifyEvery: 10
                      expectedStatus: [200, 204]
                      keyword: ok
                      maxResponseTime: PT2S
                      headers: { Authorization: Bearer x }
                    - name: db
                      type: TCP
                      host: 10.0.0.5
                      port: 5432
                """, "clawdbot.yaml", Root.class, Map.of());
        MonitorSpec web = root.monitors().monitors().getFirst();
        assertThat(web.url()).isEqualTo(URI.create("https://example.org/health"));
        assertThat(web.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(web.retries()).isEqualTo(4);
        assertThat(web.expectedStatus()).isEqualTo(List.of(200, 204));
        assertThat(web.headers()).containsEntry("Authorization", "Bearer x");
        MonitorSpec db = root.monitors().monitors().get(1);
        assertThat(db.port()).isEqualTo(5432);
        assertThat(db.interval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(db.upAfter()).isEqualTo(2);
    }

    @Test
    void unknownKeysAndBadValuesAreErrorsWithTheirPlace() {
        assertThatThrownBy(() -> ConfigLoader.parse("""
                monitors:
                  monitors:
                    - name: web
                      type: HTTP
                      url: https://example.org/
                      retrys: 3
                """, "clawdbot.yaml", Root.class, Map.of())).hasMessageContaining("clawdbot.yaml:6").hasMessageContaining("retrys");
        assertThatThrownBy(() -> ConfigLoader.parse("""
                monitors:
                  monitors:
                    - name: web
                      type: HTTP
                      url: https://example.org/
                      upAfter: 0
                """, "clawdbot.yaml", Root.class, Map.of())).hasMessageContaining("monitors.web.upAfter: must be at least 1, was 0");
    }

    @Test
    void parsesSshAndContainerMonitorsAndChecksTheirHosts() {
        Root root = ConfigLoader.parse("""
                monitors:
                  monitors:
                    - name: nginx-active
                      type: SSH
                      host: web1
                      command: [systemctl, is-active, nginx]
                      expectedExit: [0, 3]
                      keyword: active
                    - name: db-container
                      type: CONTAINER
                      host: db1
                      container: postgres-16
                      retries: 2
                """, "clawdbot.yaml", Root.class, Map.of());
        MonitorSpec ssh = root.monitors().monitors().getFirst();
        assertThat(ssh.type()).isEqualTo(MonitorType.SSH);
        assertThat(ssh.command()).containsExactly("systemctl", "is-active", "nginx");
        assertThat(ssh.expectedExit()).containsExactly(0, 3);
        assertThat(ssh.keyword()).isEqualTo("active");
        MonitorSpec c = root.monitors().monitors().get(1);
        assertThat(c.container()).isEqualTo("postgres-16");
        assertThat(c.expectedExit()).containsExactly(0);
        root.monitors().checkHosts(java.util.Set.of("web1", "db1"));
        assertThatThrownBy(() -> root.monitors().checkHosts(java.util.Set.of("web1")))
                .hasMessage("monitors.monitors[1].host: no host named db1 in hosts: (monitor db-container)");
    }

    @Test
    void sshAndContainerSettingsAreValidated() {
        assertThatThrownBy(() -> Specs.of("name: a, type: SSH, host: web1")).hasMessageContaining("monitors.a.command: missing");
        assertThatThrownBy(() -> Specs.of("name: a, type: SSH, host: web1, command: []")).hasMessageContaining("monitors.a.command: missing");
        assertThatThrownBy(() -> Specs.of("name: a, type: SSH, host: web1, command: [echo, \"a\\nb\"]"))
                .hasMessageContaining("monitors.a.command[1]: ");
        assertThatThrownBy(() -> Specs.of("name: a, type: SSH, command: [true]")).hasMessageContaining("monitors.a.host: missing");
        assertThatThrownBy(() -> Specs.of("name: a, type: CONTAINER, host: web1, container: '-v'"))
                .hasMessageContaining("monitors.a.container: need a Docker container name");
        assertThatThrownBy(() -> Specs.of("name: a, type: CONTAINER, host: web1, container: 'a b'"))
                .hasMessageContaining("monitors.a.container: need a Docker container name");
        assertThatThrownBy(() -> Specs.of("name: a, type: TCP, host: h, port: 1, container: web")).hasMessageContaining("monitors.a.container: only for CONTAINER");
    }
}
