package dev.clawdbot.agent;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentsConfigTest {

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void defaultsGiveDakotaAndSaneLimits() {
        AgentsConfig c = AgentsConfig.DEFAULTS;
        assertThat(c.defaultAgent()).isEqualTo("dakota");
        assertThat(c.agents()).containsOnlyKeys("dakota");
        assertThat(c.maxConcurrentRuns()).isEqualTo(4);
        assertThat(c.maxQueuedPerSession()).isEqualTo(20);
        assertThat(c.compactionThreshold()).isEqualTo(0.75);
        assertThat(c.recentTurnsKept()).isEqualTo(4);
        AgentConfig d = c.agent("dakota");
        assertThat(d.persona()).isEqualTo("persona.md");
        assertThat(d.behaviours()).isEqualTo("behaviours.md");
        assertThat(d.maxSteps()).isEqualTo(8);
        assertThat(d.maxTurnDuration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.tools().allow()).containsExactly("*");
        assertThat(c.resolve(null)).isEqualTo("dakota");
        assertThat(c.resolve("gpt-4o")).isEqualTo("dakota");
    }

    @Test
    void bindsFromYamlWithCamelCaseKeys() throws Exception {
        AgentsConfig c = yaml.readValue("""
                defaultAgent: dakota
                maxConcurrentRuns: 2
                tools:
                  deny: [exec_host]
                agents:
                  dakota:
                    model: anthropic/claude-opus-4-5
                    maxSteps: 12
                    maxTurnDuration: PT2M
                    tools:
                      allow: ["web_*", read]
                  researcher:
                    persona: research.md
                """, AgentsConfig.class);
        assertThat(c.maxConcurrentRuns()).isEqualTo(2);
        assertThat(c.tools().deny()).containsExactly("exec_host");
        assertThat(c.agent("dakota").model()).isEqualTo("anthropic/claude-opus-4-5");
        assertThat(c.agent("dakota").maxTurnDuration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.agent("dakota").tools().allow()).containsExactly("web_*", "read");
        assertThat(c.agent("researcher").persona()).isEqualTo("research.md");
        assertThat(c.resolve("researcher")).isEqualTo("researcher");
        assertThatThrownBy(() -> c.agents().put("x", AgentConfig.DEFAULTS)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void invalidValuesNameTheKey() {
        assertThatThrownBy(() -> new AgentsConfig("sam", Map.of("dakota", AgentConfig.DEFAULTS), null, null, null, null, null))
                .hasMessage("agents.defaultAgent: 'sam' is not one of the configured agents [dakota]");
        assertThatThrownBy(() -> new AgentsConfig(null, null, null, 0, null, null, null)).hasMessageContaining("agents.maxConcurrentRuns");
        assertThatThrownBy(() -> new AgentsConfig(null, null, null, null, -1, null, null)).hasMessageContaining("agents.maxQueuedPerSession");
        assertThatThrownBy(() -> new AgentsConfig(null, null, null, null, null, 1.5, null)).hasMessageContaining("agents.compactionThreshold");
        assertThatThrownBy(() -> new AgentsConfig(null, Map.of("Bad Name", AgentConfig.DEFAULTS), null, null, null, null, null))
                .hasMessageContaining("invalid agent id 'Bad Name'");
        assertThatThrownBy(() -> new AgentConfig(null, null, "claude", null, null, null, null, null)).hasMessageContaining("provider/model");
        assertThatThrownBy(() -> new AgentConfig(null, null, null, null, 0, null, null, null)).hasMessageContaining("maxSteps");
        assertThatThrownBy(() -> new AgentConfig(null, null, null, null, null, Duration.ZERO, null, null)).hasMessageContaining("maxTurnDuration");
        assertThatThrownBy(() -> yaml.readValue("agents: {dakota: {maxStep: 3}}", AgentsConfig.class)).hasMessageContaining("maxStep");
        assertThatThrownBy(() -> new ToolPolicy(List.of("rm -rf"), null)).hasMessageContaining("tools.allow");
    }
}
