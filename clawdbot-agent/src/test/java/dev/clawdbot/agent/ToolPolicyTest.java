package dev.clawdbot.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ToolPolicyTest {

    private final ToolRegistry registry = new ToolRegistry(List.of(new TestTools.FnTool("exec", null),
            new TestTools.FnTool("web_fetch", null), new TestTools.FnTool("web_search", null), new TestTools.FnTool("read", null)),
            new ToolPolicy(null, List.of("exec")));

    @ParameterizedTest
    @CsvSource({
            // tool, agent allow, agent deny, expected
            "exec, '*', '', false",           // global deny beats the agent's wildcard allow
            "exec, 'exec', '', false",        // and beats an explicit agent allow
            "read, '*', '', true",
            "read, 'web_*', '', false",       // agent allow narrows
            "web_fetch, 'web_*', '', true",
            "web_fetch, 'web_*', 'web_fetch', false",
            "web_search, '*', 'web_*', false",
            "unknown, '*', '', false",        // unknown tools are denied
    })
    void strictestLayerWins(String tool, String allow, String deny, boolean expected) {
        ToolPolicy agent = new ToolPolicy(List.of(allow.split(",")), deny.isEmpty() ? List.of() : List.of(deny.split(",")));
        assertThat(registry.permitted(tool, agent)).isEqualTo(expected);
        assertThat(registry.lookup(tool, agent).isPresent()).isEqualTo(expected);
        assertThat(registry.specsFor(agent).stream().anyMatch(s -> s.name().equals(tool))).isEqualTo(expected);
    }

    @Test
    void globMatchesOnlyWholeNames() {
        assertThat(ToolPolicy.matches("web_*", "web_fetch")).isTrue();
        assertThat(ToolPolicy.matches("web_*", "xweb_fetch")).isFalse();
        assertThat(ToolPolicy.matches("*_fetch", "web_fetch")).isTrue();
        assertThat(ToolPolicy.matches("read", "read_all")).isFalse();
    }

    @Test
    void invalidPatternsAndDuplicateToolsAreRejectedWithTheKey() {
        assertThatThrownBy(() -> new ToolPolicy(List.of("ex ec"), null)).hasMessageContaining("tools.allow").hasMessageContaining("'ex ec'");
        assertThatThrownBy(() -> new ToolPolicy(null, List.of("a.b"))).hasMessageContaining("tools.deny");
        assertThatThrownBy(() -> ToolRegistry.of(List.of(new TestTools.FnTool("x", null), new TestTools.FnTool("x", null))))
                .hasMessageContaining("two tools are named 'x'");
    }
}
