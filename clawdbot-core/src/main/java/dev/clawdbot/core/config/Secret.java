package dev.clawdbot.core.config;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a config record component as a secret: a {@code String}, or a {@code List<String>} / {@code Map<String, String>}
 * whose elements or values are secrets. Whatever the loader binds there (a literal, {@code ${VAR}} interpolation, a
 * {@code keyFile:}/{@code key_file:} path) and whatever the environment puts there ({@code NAME} or {@code NAME_FILE})
 * is registered with {@link SecretRedactor#global()} when the configuration is built ({@link SecretKeys#registerAll}),
 * so no list of secret fields has to be kept by hand. The YAML contract is unchanged: the component stays a string.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD, ElementType.PARAMETER, ElementType.METHOD})
public @interface Secret {
}
