package dev.clawdbot.sandbox;

import dev.clawdbot.core.Timers;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a reserve of free space that sandboxed commands cannot take: a run is refused when the workspace's or a
 * protected path's (data dir, config dir) file system is under {@code sandbox.disk.minFreeBytes}, and while runs
 * are going a 50 ms poll kills them all when one falls under it. A sandboxed {@code dd} wrote 640 MB/s, so the
 * poll lets at most about 32 MB past the line; RLIMIT_FSIZE caps any single file besides.
 *
 * <p>Each workspace also has a quota ({@code sandbox.disk.workspaceMaxBytes}, {@code workspaceMaxFiles}): a run
 * in a workspace over it is refused, and while runs are going a slower poll measures their workspaces and kills
 * the runs of one that passed it.
 */
final class DiskGuard implements AutoCloseable {
    static final long POLL_MILLIS = 50;
    /**
     * A walk costs a stat per entry: ~40 ms over 10,000 files on ext4 (warm cache and JIT, a loaded 2-core VM), so
     * up to ~400 ms at the 100,000-file default, far too slow for the 50 ms free-space poll. A 500 ms delay between
     * walks, on their own thread so a slow walk never delays that poll, keeps a 10,000-file workspace under ~8% of
     * a core and lets a 640 MB/s writer ~320 MB past the quota, which the reserve bounds anyway.
     */
    static final long QUOTA_POLL_MILLIS = 500;

    private final DiskConfig config;
    private final List<Path> protectedPaths;
    private final EventSink events;
    private final Clock clock;
    private final Map<Execution, Path> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Timers.daemon("sandbox-disk");
    private final ScheduledExecutorService quotaTimer = Timers.daemon("sandbox-quota");
    private final Set<Path> overQuota = ConcurrentHashMap.newKeySet();
    private volatile boolean low;

    DiskGuard(DiskConfig config, List<Path> protectedPaths, EventSink events, Clock clock) {
        this.config = config;
        this.protectedPaths = List.copyOf(protectedPaths);
        this.events = events;
        this.clock = clock;
        timer.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
        quotaTimer.scheduleWithFixedDelay(this::pollQuota, QUOTA_POLL_MILLIS, QUOTA_POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Refuses a new run while a watched file system is under the reserve. */
    void admit(Path workspace) throws SandboxUnavailableException {
        String why = problem(workspace);
        if (why != null) {
            events.emit(Event.of(clock.instant(), SandboxEvents.SANDBOX_DISK_LOW, "sandbox", "action", "refused", "minFreeBytes", config.minFreeBytes()));
            throw new SandboxUnavailableException(why + "; sandboxed commands are refused until space is freed");
        }
        String over = config.overQuota(workspace);
        if (over != null) {
            quotaEvent("refused", 0);
            throw new SandboxUnavailableException(over + "; sandboxed commands in this workspace are refused until files are removed from it");
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
            events.emit(Event.of(clock.instant(), SandboxEvents.SANDBOX_DISK_LOW, "sandbox", "action", "killed", "killed", victims.size(),
                    "minFreeBytes", config.minFreeBytes()));
        }
        low = true;
    }

    /** Kills the runs of each running workspace over its quota; one event per workspace and breach. */
    private void pollQuota() {
        Set<Path> workspaces = Set.copyOf(running.values());
        overQuota.retainAll(workspaces);
        for (Path ws : workspaces) {
            String why = config.overQuota(ws);
            if (why == null) {
                overQuota.remove(ws);
                continue;
            }
            List<Execution> victims = running.entrySet().stream().filter(en -> en.getValue().equals(ws)).map(Map.Entry::getKey).toList();
            // The event goes out before the kill, so whoever sees the killed run's result also finds its event.
            if (overQuota.add(ws)) quotaEvent("killed", victims.size());
            for (Execution e : victims) e.kill(why);
        }
    }

    private void quotaEvent(String action, int killed) {
        events.emit(Event.of(clock.instant(), SandboxEvents.SANDBOX_DISK_QUOTA, "sandbox", "action", action, "killed", killed,
                "workspaceMaxBytes", config.workspaceMaxBytes(), "workspaceMaxFiles", config.workspaceMaxFiles()));
    }

    @Override
    public void close() {
        quotaTimer.shutdownNow();
        timer.shutdownNow();
    }
}
