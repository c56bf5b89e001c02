package dev.clawdbot.app;

import dev.clawdbot.core.role.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

/**
 * Phase 2 of the wiring: the roles of one process, started in the order they were added and closed in reverse.
 * A role that fails to start is closed together with every role started before it (in reverse), so a failed start
 * leaves no thread or socket behind; the failure is rethrown. Closing also closes the roles built but never
 * started ({@link Role#close()} is safe then), so what phase 1 built is released after a failure in either phase.
 * {@link #problems()} is what {@code /readyz} reports of the roles: each running role's own problems, and a role
 * not started yet, failed or stopped (called from HTTP threads while this one starts or closes the roles).
 */
final class RoleSequence implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RoleSequence.class);

    /** Where a role is in its life, as {@code /readyz} reports it. */
    enum State { BUILT, RUNNING, FAILED, STOPPED }

    private static final class Entry {
        final Role role;
        volatile State state = State.BUILT;
        /** Set when close() was called on it: each role is closed once, a failed one too. */
        boolean closed;

        Entry(Role role) {
            this.role = role;
        }
    }

    private final List<Entry> planned = new CopyOnWriteArrayList<>();

    /** Adds a role to start after those added before it. */
    RoleSequence add(Role role) {
        planned.add(new Entry(role));
        return this;
    }

    /** The names in start order (the steps of one role, such as {@code agents}, included). */
    List<String> names() {
        return planned.stream().map(e -> e.role.name()).toList();
    }

    /** Starts every role in order; on a failure closes what started (the failing role too) and rethrows. */
    void start() {
        for (int i = 0; i < planned.size(); i++) {
            Entry entry = planned.get(i);
            try {
                entry.role.start();
                entry.state = State.RUNNING;
            } catch (RuntimeException | Error e) {
                // The failing role is closed too: it may have started threads before it failed.
                LOG.warn("role {} failed to start, closing it and the {} started before it: {}", entry.role.name(), i, e.toString());
                entry.state = State.FAILED;
                closeAll();
                throw e;
            }
        }
    }

    /** Closes every role in reverse order; a failure to close one is logged and the rest still close. Idempotent. */
    @Override
    public void close() {
        closeAll();
    }

    private void closeAll() {
        for (int i = planned.size() - 1; i >= 0; i--) {
            Entry entry = planned.get(i);
            if (entry.closed) continue;
            entry.closed = true;
            // Not ready from the moment its close begins: /readyz turns 503 while the process shuts down.
            if (entry.state != State.FAILED) entry.state = State.STOPPED;
            try {
                entry.role.close();
            } catch (RuntimeException e) {
                LOG.warn("closing role {}: {}", entry.role.name(), e.toString());
            }
        }
    }

    /**
     * What keeps the roles from being ready, one line each naming the role: a running role's own {@link Role#problems()}
     * (a role whose check throws is a problem too), or that the role is not started yet, failed to start or stopped.
     */
    List<String> problems() {
        List<String> out = new ArrayList<>();
        for (Entry entry : planned) {
            String name = entry.role.name();
            switch (entry.state) {
                case BUILT -> out.add(name + ": not started");
                case FAILED -> out.add(name + ": failed to start");
                case STOPPED -> out.add(name + ": stopped");
                case RUNNING -> {
                    try {
                        for (String p : entry.role.problems()) out.add(p.startsWith(name) ? p : name + ": " + p);
                    } catch (RuntimeException e) {
                        out.add(name + ": readiness check failed (" + e.getClass().getSimpleName() + ")");
                    }
                }
            }
        }
        return out;
    }

    /** A role made of a start and a close action (the HTTP server, the agents' drain, a role with a hook). */
    static Role of(String name, Runnable start, Runnable close) {
        return of(name, start, close, List::of);
    }

    /** The same with the problems of the role it wraps, so {@code /readyz} still sees them. */
    static Role of(String name, Runnable start, Runnable close, Supplier<List<String>> problems) {
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
            public List<String> problems() {
                return problems.get();
            }

            @Override
            public void close() {
                close.run();
            }
        };
    }
}
