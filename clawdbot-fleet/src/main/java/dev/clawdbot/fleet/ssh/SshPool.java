package dev.clawdbot.fleet.ssh;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.notify.OperatorNotice;
import dev.clawdbot.core.notify.OperatorNotifier;
import net.schmizz.sshj.SSHClient;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One reused connection per host (sshj multiplexes concurrent sessions over it), opened on first use, closed after
 * {@code idle} without use and reopened once when a pooled connection turns out dead. A refused host key is an
 * event ({@code fleet.ssh.hostkey.refused}, level 12 for a changed key, 10 for an unknown one) and an operator notice.
 */
public final class SshPool implements AutoCloseable {
    static final int CHANGED_LEVEL = 12;
    static final int UNKNOWN_LEVEL = 10;

    private record Pooled(SshEndpoint endpoint, SSHClient client, long lastUsedNanos) {
    }

    private final EventSink events;
    private final OperatorNotifier notifier;
    private final Clock clock;
    private final Duration idle;
    private final Map<String, Pooled> open = new HashMap<>();
    private final Map<String, Object> connecting = new HashMap<>();
    private boolean closed;

    public SshPool(EventSink events, OperatorNotifier notifier, Clock clock, Duration idle) {
        this.events = events;
        this.notifier = notifier;
        this.clock = clock;
        this.idle = idle;
    }

    /**
     * Runs {@code argv} on the endpoint's host.
     *
     * @throws SshException when no connection could be made (nothing ran)
     * @throws IOException  when the session failed after connecting
     */
    public RemoteResult run(SshEndpoint e, List<String> argv, Duration timeout, int maxBytes) throws IOException {
        closeIdle();
        SSHClient c = client(e);
        try {
            return SshCommand.run(c, argv, timeout, maxBytes);
        } catch (IOException first) {
            if (c.isConnected() && c.isAuthenticated()) throw first;
            // The pooled connection died between uses (server restart, NAT timeout): one fresh try.
            drop(e.name(), c);
            return SshCommand.run(client(e), argv, timeout, maxBytes);
        }
    }

    private SSHClient client(SshEndpoint e) throws SshException {
        Object lock;
        synchronized (this) {
            if (closed) throw new SshException(SshException.Kind.CONNECT, "the SSH pool is closed", null);
            lock = connecting.computeIfAbsent(e.name(), k -> new Object());
        }
        synchronized (lock) { // one connect per host at a time; other hosts are not held up
            synchronized (this) {
                Pooled p = open.get(e.name());
                if (p != null && p.endpoint().equals(e) && p.client().isConnected() && p.client().isAuthenticated()) {
                    open.put(e.name(), new Pooled(e, p.client(), System.nanoTime()));
                    return p.client();
                }
                if (p != null) {
                    open.remove(e.name());
                    SshConnector.closeQuietly(p.client());
                }
            }
            SSHClient c;
            try {
                c = SshConnector.connect(e);
            } catch (SshException x) {
                if (x.hostKeyRefused()) refused(e, x);
                throw x;
            }
            synchronized (this) {
                if (closed) {
                    SshConnector.closeQuietly(c);
                    throw new SshException(SshException.Kind.CONNECT, "the SSH pool is closed", null);
                }
                open.put(e.name(), new Pooled(e, c, System.nanoTime()));
            }
            return c;
        }
    }

    private void refused(SshEndpoint e, SshException x) {
        boolean changed = x.kind() == SshException.Kind.HOST_KEY_CHANGED;
        int level = changed ? CHANGED_LEVEL : UNKNOWN_LEVEL;
        var now = clock.instant();
        events.emit(Event.of(now, "fleet.ssh.hostkey.refused", level, "fleet", "host", e.name(), "address", e.address(),
                "port", e.port(), "offered", x.offered(), "reason", changed ? "changed" : "unknown"));
        notifier.notify(new OperatorNotice("fleet.ssh", "fleet.ssh.hostkey:" + e.name() + ":" + x.offered(), level,
                changed ? "Host " + e.name() + " offered a CHANGED SSH host key; refused" : "Host " + e.name() + " is not pinned; refused",
                x.getMessage() + (changed ? ". If the host was reinstalled, remove its old pin and run: clawdbot hosts pin " + e.name() : ""), now));
    }

    private synchronized void drop(String name, SSHClient c) {
        Pooled p = open.get(name);
        if (p != null && p.client() == c) open.remove(name);
        SshConnector.closeQuietly(c);
    }

    /** Closes connections unused for longer than the idle time. */
    public synchronized void closeIdle() {
        long now = System.nanoTime();
        open.values().removeIf(p -> {
            if (now - p.lastUsedNanos() < idle.toNanos()) return false;
            SshConnector.closeQuietly(p.client());
            return true;
        });
    }

    /** How many connections are open (for tests and status). */
    public synchronized int openConnections() {
        return (int) open.values().stream().filter(p -> p.client().isConnected()).count();
    }

    @Override
    public synchronized void close() {
        closed = true;
        open.values().forEach(p -> SshConnector.closeQuietly(p.client()));
        open.clear();
    }
}
