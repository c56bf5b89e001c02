package dev.clawdbot.core.config;

import java.util.List;
import java.util.Objects;

/**
 * One quick-start environment variable and the configuration key it sets. The loader writes the variable's value
 * into the YAML tree before binding (over whatever the file says), so it passes the same validation and yields the
 * same messages as the key written in the file; a message about it names the variable as its source
 * ({@code CLAWDBOT_PORT: gateway.port: expected an integer, found 'http'}). A blank variable sets nothing.
 *
 * @param key the dotted key path, e.g. {@code gateway.port}
 */
public record EnvKey(String variable, String key, Shape shape) {

    public enum Shape {
        /** The value, trimmed. */
        TEXT,
        /** The value or the contents of the file {@code VARIABLE_FILE} names ({@link Secrets#fromEnv}); never quoted. */
        SECRET,
        /** Comma-separated items, each trimmed; empty items are dropped. */
        LIST
    }

    public EnvKey {
        Objects.requireNonNull(variable, "variable");
        Objects.requireNonNull(shape, "shape");
        if (key == null || key.isBlank() || key.startsWith(".") || key.endsWith(".")) throw new IllegalArgumentException("bad key path: " + key);
    }

    public static EnvKey text(String variable, String key) {
        return new EnvKey(variable, key, Shape.TEXT);
    }

    public static EnvKey secret(String variable, String key) {
        return new EnvKey(variable, key, Shape.SECRET);
    }

    public static EnvKey list(String variable, String key) {
        return new EnvKey(variable, key, Shape.LIST);
    }

    List<String> path() {
        return List.of(key.split("\\."));
    }
}
