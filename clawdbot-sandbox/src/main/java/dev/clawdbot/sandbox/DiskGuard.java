package dev.clawdbot.sandbox;

import dev.clawdbot.core.Timers;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a reserve of free space that sandboxed commands cannot take: a run is refused when the workspace's or a
 * protected path's (data dir, config dir) file system is under {@code sandbox.disk.minFreeBytes}, and while runs
 * are going a 50 ms poll kills them all when one falls under it. A sandboxed {@code dd} wrote 640 MB/s, so the
 * poll lets at most about 32 MB past the line; RLIMIT_FSIZE caps any single file besides.
 */
final class DiskGuard implements AutoCloseable {
    static final long POLL_MILLIS = 50;

    private final DiskConfig config;
    private final List<Path> protectedPaths;
    private final EventSink events;
    private final Clock clock;
    private final Map<Execution, Path> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Timers.daemon("sandbox-disk");
    private volatile boolean low;

    DiskGuard(DiskConfig config, List<Path> protectedPaths, EventSink events, Clock clock) {
        this.config = config;
        this.protectedPaths = List.copyOf(protectedPaths);
        this.events = events;
        this.clock = clock;
        timer.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Refuses a new run while a watched file system is under the reserve. */
    void admit(Path workspace) throws SandboxUnavailableException {
        String why = problem(workspace);
        if (why != null) {
            events.emit(Event.of(clock.instant(), "sandbox.disk_low", 9, "sandbox", "action", "refused", "minFreeBytes", config.minFreeBytes()));
            throw new SandboxUnavailableException(why + "; sandboxed commands are refused until space is freed");
        }
    }

    void track(Execution e, Path workspace) {
        running.put(e, workspace);
    }

    void untrack(Execution e) {
        running.remove(e);
    }

    /** The first watched file system under the reserve, described, or null. */
    String problem(Path workspace) {
        List<Path> paths = new ArrayList<>(protectedPaths);
        if (workspace != null) paths.add(workspace);
        for (Path p : paths) {
            String why = config.lowSpace(p);
            if (why != null) return why;
        }
        return null;
    }

    private void poll() {
        if (running.isEmpty()) {
            low = false;
            return;
        }
        String why = null;
        for (Path ws : List.copyOf(running.values())) {
            why = problem(ws);
            if (why != null) break;
        }
        if (why == null) {
            low = false;
            return;
        }
        List<Execution> victims = List.copyOf(running.keySet());
        for (Execution e : victims) e.kill(why);
        if (!low) {
            events.emit(Event.of(clock.instant(), "sandbox.disk_low", 9, "sandbox", "action", "killed", "killed", victims.size(),
                    "minFreeBytes", config.minFreeBytes()));
        }
        low = true;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
