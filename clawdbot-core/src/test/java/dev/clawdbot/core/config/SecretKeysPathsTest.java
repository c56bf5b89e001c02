package dev.clawdbot.core.config;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SecretKeysPathsTest {
    record Provider(String baseUrl, @Secret String apiKey) {
    }

    record Bot(@Secret String token, @Secret String webhookSecret) {
    }

    record Root(Bot telegram, Map<String, Provider> providers, List<Bot> bots, @Secret List<String> bridgeSecrets) {
    }

    @Test
    void namesOnlyTheSecretsThatHoldAValueWithMapKeysAndIndexes() {
        Map<String, Provider> providers = new LinkedHashMap<>();
        providers.put("openai", new Provider("https://api.openai.com", "sk-1"));
        providers.put("local", new Provider("http://localhost:11434", null));
        Root root = new Root(new Bot("123:abc", " "), providers, List.of(new Bot(null, null), new Bot("t2", null)), List.of());

        assertThat(SecretKeys.setPaths(root))
                .containsExactly("telegram.token", "providers.openai.apiKey", "bots[1].token");
    }
}
