package dev.clawdbot.fleet.ssh;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.fleet.FleetEvents;
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
 * One reused connection per host (sshj multiplexes concurrent sessions over it), opened on first use, closed about
 * {@code idle} after its last use (a virtual thread looks every {@code idle}/2) and reopened once when a pooled connection turns out dead before the command started. A refused host key is an
 * event ({@code fleet.ssh.hostkey.refused}, level 12 for a changed key, 10 for an unknown one) and an operator notice.
 */
public final class SshPool implements AutoCloseable {
    static final int CHANGED_LEVEL = 12;
    static final int UNKNOWN_LEVEL = 10;

    /** One pooled connection; {@code lastUsed} and {@code inUse} are guarded by the pool. */
    private static final class Pooled {
        final SshEndpoint endpoint;
        final SSHClient client;
        long lastUsed = System.nanoTime();
        int inUse;

        Pooled(SshEndpoint endpoint, SSHClient client) {
            this.endpoint = endpoint;
            this.client = client;
        }

        boolean usable(SshEndpoint e) {
            return endpoint.equals(e) && client.isConnected() && client.isAuthenticated();
        }
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
        Thread.ofVirtual().name("ssh-pool-reaper").start(this::reap);
    }

    /** Closes idle connections every half idle time until the pool closes. */
    private void reap() {
        while (true) {
            try {
                Thread.sleep(idle.dividedBy(2));
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                if (closed) return;
            }
            closeIdle();
        }
    }

    /**
     * Runs {@code argv} on the endpoint's host.
     *
     * @throws SshException when no connection could be made (nothing ran)
     * @throws IOException  when the session failed after connecting
     */
    public RemoteResult run(SshEndpoint e, List<String> argv, Duration timeout, int maxBytes) throws IOException {
        Pooled p = borrow(e);
        try {
            return SshCommand.run(p.client, argv, timeout, maxBytes);
        } catch (SshCommand.NotStarted first) {
            // The pooled connection died between uses (server restart, NAT timeout) and nothing ran: one fresh try.
            // A failure after the command started is the caller's to judge; it is never run a second time here.
            drop(e.name(), p);
            release(p);
            p = borrow(e);
            return SshCommand.run(p.client, argv, timeout, maxBytes);
        } finally {
            release(p);
        }
    }

    private synchronized void release(Pooled p) {
        if (p.inUse > 0) p.inUse--;
        p.lastUsed = System.nanoTime();
    }

    private Pooled borrow(SshEndpoint e) throws SshException {
        Object lock;
        synchronized (this) {
            if (closed) throw new SshException(SshException.Kind.CONNECT, "the SSH pool is closed", null);
            lock = connecting.computeIfAbsent(e.name(), k -> new Object());
        }
        synchronized (lock) { // one connect per host at a time; other hosts are not held up
            synchronized (this) {
                Pooled p = open.get(e.name());
                if (p != null && p.usable(e)) {
                    p.inUse++;
                    return p;
                }
                if (p != null) {
                    open.remove(e.name());
                    SshConnector.closeQuietly(p.client);
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
                Pooled p = new Pooled(e, c);
                p.inUse = 1;
                open.put(e.name(), p);
                return p;
            }
        }
    }

    private void refused(SshEndpoint e, SshException x) {
        boolean changed = x.kind() == SshException.Kind.HOST_KEY_CHANGED;
        int level = changed ? CHANGED_LEVEL : UNKNOWN_LEVEL;
        var now = clock.instant();
        events.emit(Event.of(now, FleetEvents.FLEET_SSH_HOSTKEY_REFUSED, level, "fleet", "host", e.name(), "address", e.address(),
                "port", e.port(), "offered", x.offered(), "reason", changed ? "changed" : "unknown"));
        notifier.notify(new OperatorNotice("fleet.ssh", "fleet.ssh.hostkey:" + e.name() + ":" + x.offered(), level,
                changed ? "Host " + e.name() + " offered a CHANGED SSH host key; refused" : "Host " + e.name() + " is not pinned; refused",
                x.getMessage() + (changed ? ". If the host was reinstalled, remove its old pin and run: clawdbot hosts pin " + e.name() : ""), now));
    }

    private synchronized void drop(String name, Pooled p) {
        if (open.get(name) == p) open.remove(name);
        SshConnector.closeQuietly(p.client);
    }

    /** Closes connections no command is using and none has used for longer than the idle time. */
    public synchronized void closeIdle() {
        long now = System.nanoTime();
        open.values().removeIf(p -> {
            if (p.inUse > 0 || now - p.lastUsed < idle.toNanos()) return false;
            SshConnector.closeQuietly(p.client);
            return true;
        });
    }

    /** How many connections are open (for tests and status). */
    public synchronized int openConnections() {
        return (int) open.values().stream().filter(p -> p.client.isConnected()).count();
    }

    @Override
    public synchronized void close() {
        closed = true;
        open.values().forEach(p -> SshConnector.closeQuietly(p.client));
        open.clear();
    }
}
