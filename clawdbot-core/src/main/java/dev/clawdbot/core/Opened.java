package dev.clawdbot.core;

import java.util.List;

/**
 * A value and what was opened to make it (a database pool, an event log), closed in reverse order of opening when
 * the holder is done. One-shot commands take a supplier of these and close each in try-with-resources, so a
 * subcommand owns what it opens instead of leaving it to process exit.
 */
public final class Opened<T> implements AutoCloseable {
    private final T value;
    private final List<AutoCloseable> resources;

    private Opened(T value, List<AutoCloseable> resources) {
        this.value = value;
        this.resources = resources;
    }

    /** {@code value}, which needs {@code resources} (listed in the order they were opened) until it is closed. */
    public static <T> Opened<T> of(T value, AutoCloseable... resources) {
        return new Opened<>(value, List.of(resources));
    }

    public T get() {
        return value;
    }

    /** Closes the resources, last opened first; every one is closed even when an earlier one fails. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (AutoCloseable r : resources.reversed()) {
            try {
                r.close();
            } catch (Exception e) {
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
                if (failure == null) failure = e instanceof RuntimeException re ? re : new IllegalStateException("cannot close " + r + ": " + e.getMessage(), e);
                else failure.addSuppressed(e);
            }
        }
        if (failure != null) throw failure;
    }
}
