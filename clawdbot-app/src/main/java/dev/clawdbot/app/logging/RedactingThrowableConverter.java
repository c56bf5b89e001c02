package dev.clawdbot.app.logging;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.clawdbot.core.config.SecretRedactor;

/** Logback {@code %ex} replacement: stack traces can carry secrets in exception messages (URLs with tokens). */
public final class RedactingThrowableConverter extends ThrowableProxyConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return SecretRedactor.global().redact(super.convert(event));
    }
}
