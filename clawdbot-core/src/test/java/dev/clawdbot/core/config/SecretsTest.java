package dev.clawdbot.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretsTest {

    @Test
    void prefersTheVariableThenTheFileItNames(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("key"), "from-file-secret-1\n");
        assertThat(Secrets.fromEnv(Map.of("API_KEY", "direct-secret-1", "API_KEY_FILE", f.toString()), "API_KEY"))
                .contains("direct-secret-1");
        assertThat(Secrets.fromEnv(Map.of("API_KEY_FILE", f.toString()), "API_KEY")).contains("from-file-secret-1");
        assertThat(Secrets.fromEnv(Map.of("API_KEY", "", "API_KEY_FILE", f.toString()), "API_KEY")).contains("from-file-secret-1");
        assertThat(Secrets.fromEnv(Map.of(), "API_KEY")).isEmpty();
        assertThat(SecretRedactor.global().redact("k=from-file-secret-1")).isEqualTo("k=***");
    }

    @Test
    void unreadableFileIsAConfigErrorNamingTheVariableAndPath(@TempDir Path dir) {
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() -> Secrets.fromEnv(Map.of("API_KEY_FILE", missing.toString()), "API_KEY"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("environment: API_KEY_FILE: cannot read secret file " + missing + ": no such file");
        assertThatThrownBy(() -> Secrets.fromEnv(Map.of("API_KEY_FILE", dir.toString()), "API_KEY"))
                .hasMessageContaining("it is a directory");
    }
}
