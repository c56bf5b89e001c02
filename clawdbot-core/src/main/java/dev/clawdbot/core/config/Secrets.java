package dev.clawdbot.core.config;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Secrets from the environment: {@code NAME}, or else the file named by {@code NAME_FILE} (Docker and systemd credentials). */
public final class Secrets {

    private Secrets() {
    }

    /**
     * The value of {@code name}, or the contents of the file {@code name_FILE} names (one trailing newline
     * removed), or empty when neither is set. Whatever is found is registered with {@link SecretRedactor#global()}.
     *
     * @throws ConfigException when {@code name_FILE} is set but the file cannot be read
     */
    public static Optional<String> fromEnv(Map<String, String> env, String name) {
        String direct = env.get(name);
        if (direct != null && !direct.isEmpty()) {
            SecretRedactor.global().register(direct);
            return Optional.of(direct);
        }
        String fileVar = name + "_FILE";
        String file = env.get(fileVar);
        if (file == null || file.isBlank()) return Optional.empty();
        Path path = Path.of(file.trim());
        String value;
        try {
            value = SecretFiles.read(path);
        } catch (IOException e) {
            throw new ConfigException("environment", 0, 0, fileVar,
                    "cannot read secret file " + path + ": " + SecretFiles.whyUnreadable(path, e));
        }
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }
}
