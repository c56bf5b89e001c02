package dev.clawdbot.sandbox;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxPolicyTest {
    static SandboxPolicy paths(String... p) {
        return SandboxPolicy.builder().readOnlyPaths(List.of(p)).build();
    }

    @Test
    void defaultsAreApplied() {
        SandboxPolicy p = SandboxPolicy.defaults();
        assertThat(p.readOnlyPaths()).contains("/usr", "/etc/ld.so.cache").doesNotContain("/etc", "/root", "/home");
        assertThat(p.memoryBytes()).isEqualTo(512L << 20);
        assertThat(p.maxProcesses()).isEqualTo(64);
        assertThat(p.uid()).isEqualTo(65534);
        assertThat(p.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.env()).containsEntry("HOME", "/workspace").doesNotContainKey("JAVA_HOME");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "/root|'/root' overlaps the forbidden path /root",
            "/root/.ssh|'/root/.ssh' overlaps the forbidden path /root",
            "/home/alice|'/home/alice' overlaps the forbidden path /home",
            "/etc/shadow|'/etc/shadow' overlaps the forbidden path /etc/shadow",
            "/etc/ssl|'/etc/ssl' overlaps the forbidden path /etc/ssl/private",
            "/var/lib/clawdbot|'/var/lib/clawdbot' overlaps the forbidden path /var",
            "/proc|'/proc' overlaps the forbidden path /proc",
            "/etc|'/etc' would expose too much; list the needed sub-paths",
            "/|'/' would expose too much; list the needed sub-paths",
            "usr|'usr' must be an absolute, normalized path",
            "/usr/../root|'/usr/../root' must be an absolute, normalized path"})
    void dangerousPathsAreRejected(String path, String message) {
        assertThatThrownBy(() -> paths(path)).isInstanceOf(IllegalArgumentException.class).hasMessage("sandbox.policy.readOnlyPaths: " + message);
    }

    @Test
    void protectedDirectoriesCannotBeExposed() {
        assertThatThrownBy(() -> new SandboxConfig(null, null, null, paths("/usr/local"), null, List.of(Path.of("/usr/local/clawdbot/data")), null, null, null, null))
                .hasMessage("sandbox.policy.readOnlyPaths: '/usr/local' would expose the protected path /usr/local/clawdbot/data");
    }

    @Test
    void limitsAreValidatedWithTheirKey() {
        assertThatThrownBy(() -> SandboxPolicy.builder().memoryBytes(1024L).build())
                .hasMessage("sandbox.policy.memoryBytes must be at least 16777216, was 1024");
        assertThatThrownBy(() -> SandboxPolicy.builder().uid(0).build())
                .hasMessage("sandbox.policy.uid must be in 1..65535 (never root), was 0");
        assertThatThrownBy(() -> SandboxPolicy.builder().hostUid(0).build())
                .hasMessage("sandbox.policy.hostUid must be a non-root uid, was 0");
        assertThatThrownBy(() -> SandboxPolicy.builder().timeout(Duration.ofHours(1)).build())
                .hasMessage("sandbox.policy.timeout (PT1H) exceeds sandbox.policy.maxTimeout (PT10M)");
        assertThatThrownBy(() -> SandboxPolicy.builder().env(Map.of("BAD-NAME", "x")).build())
                .hasMessage("sandbox.policy.env: invalid variable name 'BAD-NAME'");
        assertThatThrownBy(() -> SandboxPolicy.builder().cpus(0.0).build())
                .hasMessage("sandbox.policy.cpus must be in (0.01, 1024], was 0.0");
    }

    @Test
    void configRejectsUnknownChoices() {
        assertThatThrownBy(() -> new SandboxConfig("firejail", null, null, null, null, null, null, null, null, null))
                .hasMessage("sandbox.backend must be one of [auto, bubblewrap, docker, podman, none], was 'firejail'");
        assertThatThrownBy(() -> new SandboxConfig(null, null, "ulimit", null, null, null, null, null, null, null))
                .hasMessage("sandbox.limits must be one of [auto, cgroup, rlimit], was 'ulimit'");
        assertThat(SandboxConfig.defaults().allowUnsandboxed()).isFalse();
    }

    @Test
    void yamlBindsTheRecords() throws Exception {
        var yaml = new com.fasterxml.jackson.databind.ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        SandboxConfig c = yaml.readValue("""
                backend: bubblewrap
                policy:
                  memoryBytes: 268435456
                  timeout: PT15S
                elevated:
                  rules:
                    - name: restart-web
                      callers: [ "telegram:42" ]
                      program: /usr/bin/systemctl
                      args: [ restart, "re:web-[a-z]+" ]
                web:
                  searxngUrl: http://127.0.0.1:8888
                """, SandboxConfig.class);
        assertThat(c.policy().memoryBytes()).isEqualTo(268435456L);
        assertThat(c.policy().timeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(c.policy().maxProcesses()).isEqualTo(64);
        assertThat(c.elevated().rules().getFirst().args()).containsExactly("restart", "re:web-[a-z]+");
        assertThat(c.web().searxngUrl()).hasToString("http://127.0.0.1:8888");
        assertThatThrownBy(() -> yaml.readValue("backend: auto\nnetwork: true\n", SandboxConfig.class)).hasMessageContaining("network");
    }
}
