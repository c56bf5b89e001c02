package dev.clawdbot.core.config;

import java.util.List;
import java.util.Objects;

/**
 * One quick-start environment variable and the configuration key it sets. The loader writes the variable's value
 * into the YAML tree before binding (over whatever the file says), so it passes the same validation and yields the
 * same messages as the key written in the file; a message about it names the variable as its source
 * ({@code CLAWDBOT_PORT: gateway.port: expected an integer, found 'http'}). A blank variable sets nothing.
 *
 * @param key         the dotted key path, e.g. {@code gateway.port}
 * @param onlyIfUnset set the key only where the file (or an earlier row) leaves it unset
 * @param value       when not null, the row writes this constant rather than the variable's value, when the
 *                    variable is set (a provider's {@code type} implied by its API key variable)
 */
public record EnvKey(String variable, String key, Shape shape, boolean onlyIfUnset, String value) {

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
        return new EnvKey(variable, key, Shape.TEXT, false, null);
    }

    public static EnvKey secret(String variable, String key) {
        return new EnvKey(variable, key, Shape.SECRET, false, null);
    }

    public static EnvKey list(String variable, String key) {
        return new EnvKey(variable, key, Shape.LIST, false, null);
    }

    /** This row, setting its key only where nothing set it before. */
    public EnvKey ifUnset() {
        return new EnvKey(variable, key, shape, true, value);
    }

    /** This row, writing {@code constant} when the variable is set. */
    public EnvKey writing(String constant) {
        return new EnvKey(variable, key, shape, onlyIfUnset, Objects.requireNonNull(constant));
    }

    List<String> path() {
        return List.of(key.split("\\."));
    }
}
