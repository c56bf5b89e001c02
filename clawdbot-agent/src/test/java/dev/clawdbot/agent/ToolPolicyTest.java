package dev.clawdbot.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.ValueSource;
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

    /** The scan against the regex it replaced, on random names and globs over a small alphabet (many near-misses). */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void globScanAgreesWithTheRegexDefinition(long seed) {
        java.util.Random random = new java.util.Random(seed);
        String alphabet = "ab_*";
        for (int i = 0; i < 2_000; i++) {
            String pattern = randomWord(random, alphabet, 7);
            String tool = randomWord(random, "ab_", 9);
            StringBuilder re = new StringBuilder();
            String[] parts = pattern.split("\\*", -1);
            for (int k = 0; k < parts.length; k++) {
                if (k > 0) re.append(".*");
                re.append(java.util.regex.Pattern.quote(parts[k]));
            }
            assertThat(ToolPolicy.matches(pattern, tool)).as("'%s' against '%s'", pattern, tool).isEqualTo(tool.matches(re.toString()));
        }
        assertThat(ToolPolicy.matches("*", "")).isTrue();
        assertThat(ToolPolicy.matches("a**b", "ab")).isTrue();
        assertThat(ToolPolicy.matches("*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")).isFalse();
    }

    private static String randomWord(java.util.Random random, String alphabet, int maxLength) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + random.nextInt(maxLength);
        for (int i = 0; i < n; i++) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        return sb.toString();
    }

    @Test
    void invalidPatternsAndDuplicateToolsAreRejectedWithTheKey() {
        assertThatThrownBy(() -> new ToolPolicy(List.of("ex ec"), null)).hasMessageContaining("tools.allow").hasMessageContaining("'ex ec'");
        assertThatThrownBy(() -> new ToolPolicy(null, List.of("a.b"))).hasMessageContaining("tools.deny");
        assertThatThrownBy(() -> ToolRegistry.of(List.of(new TestTools.FnTool("x", null), new TestTools.FnTool("x", null))))
                .hasMessageContaining("two tools are named 'x'");
    }
}
