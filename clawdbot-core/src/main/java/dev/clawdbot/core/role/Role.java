package dev.clawdbot.core.role;

import java.util.List;

/**
 * One process part (gateway, broker, ops, siem, monitor, ...) that {@code clawdbot serve} runs together with
 * the others or {@code clawdbot serve --roles NAME} runs alone. Built once its inputs exist, so a role holds
 * no half-initialised fields; {@link #start()} begins its threads, {@link #close()} ends them.
 */
public interface Role extends AutoCloseable {

    /** The name used by {@code --roles}, in metrics and in {@code /readyz} problems; lower case, no spaces. */
    String name();

    /** Starts the role's threads and listeners. Called once. */
    void start();

    /** What keeps this role from being ready; empty when ready. Must not block. */
    default List<String> problems() {
        return List.of();
    }

    /** Stops the role and releases what it holds; safe to call when {@link #start()} was never called. */
    @Override
    void close();
}
