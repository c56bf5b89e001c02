package dev.clawdbot.app;

import dev.clawdbot.core.config.SecretRedactor;

/** Registers every secret the configuration holds with the log and event redactor, before anything logs. */
final class Secrets {
    private Secrets() {
    }

    static void registerAll(AppConfig config) {
        SecretRedactor r = SecretRedactor.global();
        config.models().providers().values().forEach(p -> {
            if (p.apiKey() != null) r.register(p.apiKey());
            p.headers().values().forEach(r::register);
        });
        if (config.database().password() != null) r.register(config.database().password());
    }
}
