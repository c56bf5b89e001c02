package dev.clawdbot.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.clawdbot.core.config.ConfigException;
import dev.clawdbot.core.config.EnvKey;
import dev.clawdbot.llm.ModelsConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Config errors name the key the user wrote; the quick-start variables go through the same binding as the file. */
class SettingsEnvironmentTest {

    @TempDir
    Path dir;

    @Test
    void aBadGatewayPortIsReportedAsGatewayPort() throws Exception {
        ConfigException e = fileError("gateway:\n  port: 70000\n");
        assertThat(e.getMessage()).endsWith(":2:3: gateway.port: invalid value: gateway.port must be 0..65535, was 70000")
                .doesNotContain("http.");
    }

    @Test
    void adminBotErrorsNameAdminBotKeys() throws Exception {
        ConfigException ids = fileError("adminBot:\n  botToken: '1:x'\n  allowFrom: [-5]\n");
        assertThat(ids.getMessage()).endsWith(":3:3: adminBot.allowFrom: invalid value: adminBot.allowFrom: user ids are positive numbers, was -5");
        ConfigException webhook = fileError("adminBot:\n  botToken: '1:x'\n  mode: webhook\n");
        assertThat(webhook.getMessage()).contains("adminBot.webhookUrl is required when adminBot.mode is WEBHOOK").doesNotContain("telegram.");
        ConfigException user = fileError("telegram:\n  botToken: '1:x'\n  allowFrom: [-5]\n");
        assertThat(user.getMessage()).endsWith("telegram.allowFrom: invalid value: telegram.allowFrom: user ids are positive numbers, was -5");
    }

    @Test
    void everyVariableInTheTableSetsItsKeyOverTheFile() throws Exception {
        Path tokenFile = dir.resolve("bot-token");
        Files.writeString(tokenFile, "42:from-a-file\n");
        Map<String, String> env = new HashMap<>(Map.of(
                "CLAWDBOT_PORT", " 9091 ",
                "CLAWDBOT_GATEWAY_TOKEN", "env-token-0123456789abcdef",
                "TELEGRAM_BOT_TOKEN_FILE", tokenFile.toString(),
                "TELEGRAM_API_BASE_URL", "http://localhost:8081/",
                "TELEGRAM_ALLOW_FROM", " 11, 22 ,33"));
        Path file = write("gateway:\n  port: 8000\n  token: file-token-0123456789abcdef\ntelegram:\n  allowFrom: [5]\n");
        AppConfig c = Settings.resolve(file, dir.resolve("data"), env).config();
        assertThat(c.gateway().port()).isEqualTo(9091);
        assertThat(c.gateway().token()).isEqualTo("env-token-0123456789abcdef");
        assertThat(c.telegram().botToken()).isEqualTo("42:from-a-file");
        assertThat(c.telegram().apiBaseUrl()).isEqualTo("http://localhost:8081");
        assertThat(c.telegram().allowFrom()).containsExactly(11L, 22L, 33L);
        assertThat(c.adminBot()).as("the quick start sets the user bot only").isNull();
        assertThat(Settings.ENVIRONMENT).extracting(EnvKey::variable).containsOnly("CLAWDBOT_PORT", "CLAWDBOT_GATEWAY_TOKEN",
                "TELEGRAM_BOT_TOKEN", "TELEGRAM_API_BASE_URL", "TELEGRAM_ALLOW_FROM", "CLAWDBOT_MODEL", "ANTHROPIC_API_KEY",
                "ANTHROPIC_BASE_URL", "OPENAI_API_KEY", "OPENAI_BASE_URL");

        AppConfig untouched = Settings.resolve(file, dir.resolve("data"), Map.of("CLAWDBOT_PORT", " ")).config();
        assertThat(untouched.gateway().port()).as("a blank variable sets nothing").isEqualTo(8000);
        assertThat(untouched.telegram().allowFrom()).containsExactly(5L);
        AppConfig noFile = Settings.resolve(null, dir.resolve("data"), Map.of("CLAWDBOT_PORT", "0")).config();
        assertThat(noFile.gateway().port()).isZero();
    }

    @Test
    void anAnthropicKeyAloneIsAQuickStart() {
        ModelsConfig c = envConfig(Map.of("ANTHROPIC_API_KEY", "sk-ant-abcdefgh12345")).models();
        assertThat(c.defaultModel()).isEqualTo("anthropic/claude-opus-4-5");
        assertThat(c.providers().get("anthropic").apiKey()).isEqualTo("sk-ant-abcdefgh12345");
        assertThat(c.providers().get("anthropic").baseUrl()).isEqualTo("https://api.anthropic.com");
        c.validated();
    }

    @Test
    void clawdbotModelAndOpenAiBaseUrlPointAtALocalServer() {
        ModelsConfig c = envConfig(Map.of("CLAWDBOT_MODEL", "openai/qwen2.5-72b", "OPENAI_BASE_URL", "http://gpu.lan:8000/v1/")).models();
        assertThat(c.defaultModel()).isEqualTo("openai/qwen2.5-72b");
        assertThat(c.providers().get("openai").baseUrl()).isEqualTo("http://gpu.lan:8000/v1");
        assertThat(c.providers().get("openai").apiKey()).isNull();
        ModelsConfig keyed = envConfig(Map.of("OPENAI_API_KEY", "sk-openai-0123456789", "ANTHROPIC_BASE_URL", "http://proxy.lan/")).models();
        assertThat(keyed.providers().get("openai").apiKey()).isEqualTo("sk-openai-0123456789");
        assertThat(keyed.providers().get("anthropic").baseUrl()).isEqualTo("http://proxy.lan");
        assertThat(keyed.defaultModel()).as("only an Anthropic key implies a default model").isNull();
        ModelsConfig builtIn = envConfig(Map.of("CLAWDBOT_MODEL", "ollama/llama3.1")).models();
        assertThat(builtIn.providers().get("ollama").baseUrl()).isEqualTo("http://127.0.0.1:11434/v1");
    }

    @Test
    void providerKeysComeFromFilesAndFillOnlyAMissingConfiguredKey() throws Exception {
        Path key = dir.resolve("key");
        Files.writeString(key, "sk-from-file-123456789\n");
        Path file = write("""
                models:
                  defaultModel: anthropic/claude-sonnet-4-5
                  providers:
                    anthropic: {type: anthropic, baseUrl: "https://proxy.example"}
                """);
        ModelsConfig c = Settings.resolve(file, dir.resolve("data"),
                Map.of("ANTHROPIC_API_KEY_FILE", key.toString(), "ANTHROPIC_BASE_URL", "https://ignored.example")).config().models();
        assertThat(c.providers().get("anthropic").apiKey()).isEqualTo("sk-from-file-123456789");
        assertThat(c.providers().get("anthropic").baseUrl()).isEqualTo("https://proxy.example");
        assertThat(c.defaultModel()).isEqualTo("anthropic/claude-sonnet-4-5");
        Path keyed = write("models:\n  providers:\n    anthropic: {type: anthropic, apiKey: sk-from-the-file-0123}\n");
        ModelsConfig kept = Settings.resolve(keyed, dir.resolve("data"), Map.of("ANTHROPIC_API_KEY", "sk-from-env-0123456")).config().models();
        assertThat(kept.providers().get("anthropic").apiKey()).as("a configured key is kept").isEqualTo("sk-from-the-file-0123");

        ConfigException missing = envError(Map.of("OPENAI_API_KEY_FILE", dir.resolve("missing").toString()));
        assertThat(missing.getMessage()).contains("OPENAI_API_KEY_FILE").contains("cannot read");
        ConfigException model = envError(Map.of("CLAWDBOT_MODEL", "llama"));
        assertThat(model.getMessage()).startsWith("CLAWDBOT_MODEL: models.defaultModel: invalid value: models.defaultModel must be provider/model");
    }

    @Test
    void aBadVariableGetsTheFilesMessageWithTheVariableAsItsSource() throws Exception {
        assertSameProblem("CLAWDBOT_PORT", "70000", "gateway:\n  port: 70000\n", "gateway.port");
        assertSameProblem("CLAWDBOT_PORT", "http", "gateway:\n  port: http\n", "gateway.port");
        assertSameProblem("TELEGRAM_API_BASE_URL", "ftp://x", "telegram:\n  apiBaseUrl: ftp://x\n", "telegram.apiBaseUrl");
        assertSameProblem("TELEGRAM_ALLOW_FROM", "11,@bob", "telegram:\n  allowFrom: [11, '@bob']\n", "telegram.allowFrom[1]");
        assertSameProblem("ANTHROPIC_BASE_URL", "ftp://x", "models:\n  providers:\n    anthropic: {type: anthropic, baseUrl: 'ftp://x'}\n",
                "models.providers.anthropic.baseUrl");
        assertSameProblem("CLAWDBOT_MODEL", "llama", "models:\n  defaultModel: llama\n", "models.defaultModel");

        ConfigException token = envError(Map.of("CLAWDBOT_GATEWAY_TOKEN", "short"));
        assertThat(token.source()).isEqualTo("CLAWDBOT_GATEWAY_TOKEN");
        assertThat(token.keyPath()).isEqualTo("gateway.token");
        assertThat(token.getMessage()).startsWith("CLAWDBOT_GATEWAY_TOKEN: gateway.token: invalid value: gateway.token must be")
                .doesNotContain("'short'");
    }

    private void assertSameProblem(String variable, String value, String yaml, String key) throws Exception {
        ConfigException fromFile = fileError(yaml);
        ConfigException fromEnv = envError(Map.of(variable, value));
        assertThat(fromEnv.getMessage()).isEqualTo(variable + ": " + key + ": " + fromFile.problem());
        assertThat(fromFile.keyPath()).isEqualTo(key);
    }

    private ConfigException fileError(String yaml) throws Exception {
        Path file = write(yaml);
        return catchThrowableOfType(ConfigException.class, () -> Settings.resolve(file, dir.resolve("data"), Map.of()));
    }

    private AppConfig envConfig(Map<String, String> env) {
        return Settings.resolve(null, dir.resolve("data"), env).config();
    }

    private ConfigException envError(Map<String, String> env) {
        return catchThrowableOfType(ConfigException.class, () -> Settings.resolve(null, dir.resolve("data"), env));
    }

    private Path write(String yaml) throws Exception {
        Path file = dir.resolve("clawdbot.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
