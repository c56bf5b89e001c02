package dev.clawdbot.app.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.clawdbot.core.config.SecretRedactor;

/** Logback {@code %msg} replacement that masks every secret the program has registered. */
public final class RedactingMessageConverter extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return SecretRedactor.global().redact(super.convert(event));
    }
}
