package dev.clawdbot.app;

import dev.clawdbot.core.role.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Phase 2 of the wiring: the roles of one process, started in the order they were added and closed in reverse.
 * A role that fails to start is closed together with every role started before it (in reverse), so a failed start
 * leaves no thread or socket behind; the failure is rethrown. Closing also closes the roles built but never
 * started ({@link Role#close()} is safe then), so what phase 1 built is released after a failure in either phase.
 */
final class RoleSequence implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RoleSequence.class);

    private final List<Role> planned = new ArrayList<>();

    /** Adds a role to start after those added before it. */
    RoleSequence add(Role role) {
        planned.add(role);
        return this;
    }

    /** The names in start order (the steps of one role, such as {@code agents}, included). */
    List<String> names() {
        return planned.stream().map(Role::name).toList();
    }

    /** Starts every role in order; on a failure closes what started (the failing role too) and rethrows. */
    void start() {
        for (int i = 0; i < planned.size(); i++) {
            Role role = planned.get(i);
            try {
                role.start();
            } catch (RuntimeException | Error e) {
                // The failing role is closed too: it may have started threads before it failed.
                LOG.warn("role {} failed to start, closing it and the {} started before it: {}", role.name(), i, e.toString());
                close();
                throw e;
            }
        }
    }

    /** Closes every role in reverse order; a failure to close one is logged and the rest still close. Idempotent. */
    @Override
    public void close() {
        for (int i = planned.size() - 1; i >= 0; i--) {
            Role role = planned.get(i);
            try {
                role.close();
            } catch (RuntimeException e) {
                LOG.warn("closing role {}: {}", role.name(), e.toString());
            }
        }
        planned.clear();
    }

    /** A role made of a start and a close action (the HTTP server, the agents' drain, a role with a hook). */
    static Role of(String name, Runnable start, Runnable close) {
        return new Role() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void start() {
                start.run();
            }

            @Override
            public void close() {
                close.run();
            }
        };
    }
}
