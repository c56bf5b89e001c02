package dev.clawdbot.app;

import dev.clawdbot.broker.role.BrokerServices;
import dev.clawdbot.core.role.Role;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The {@code broker} role: request processing and execution (spool watcher, periodic pass, the operator mailbox,
 * the re-signing of notes waiting in a same-host bridge spool). Built in phase 1 by {@link Components}; nothing
 * runs until {@link #start()}.
 */
final class BrokerRole implements Role {

    private final BrokerServices services;

    BrokerRole(BrokerServices services) {
        this.services = services;
    }

    BrokerServices services() {
        return services;
    }

    @Override
    public String name() {
        return "broker";
    }

    @Override
    public void start() {
        try {
            services.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the broker: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            services.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing the broker: " + e.getMessage(), e);
        }
    }
}
