package dev.clawdbot.fleet.monitor;

import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.notify.OperatorNotifier;
import dev.clawdbot.core.role.Role;
import dev.clawdbot.core.outbox.Backoff;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.fleet.webhook.WebhookSender;
import dev.clawdbot.ops.calendar.ZoneInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/** The {@code monitor} role: each monitor in {@code monitors:} checked on its own virtual thread. */
public final class MonitorRole implements Role {
    private static final Logger log = LoggerFactory.getLogger(MonitorRole.class);

    private final boolean enabled;
    private final MonitorStore store;
    private final HttpClient http;
    private final HttpClient httpNoRedirects;
    private final PushRegistry push;
    private final PushLimiter pushLimits;
    private final WebhookSender webhooks;
    private final Clock clock;
    private final Map<String, Monitor> monitors = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    /** Each running monitor's thread, by name: the API replaces one without touching the others. */
    private final Map<String, Thread> running = new LinkedHashMap<>();
    private final java.util.Set<String> configNames;
    private final Probe.Context ctx;
    private final dev.clawdbot.fleet.ssh.SshPool ssh;
    private final Maintenance maintenance;
    private final java.util.Set<String> configWindows;
    private final OperatorNotifier notifier;
    private final EventSink out;
    private final NetworkWatch network;
    private final ScheduleLag lag = new ScheduleLag();
    private final StoredMonitors stored;
    /** The change counter of the stored monitors as last applied; the reload thread compares it every {@link #RELOAD_EVERY}. */
    private long seenVersion;
    /** The stored (API) maintenance windows in effect, so a reload can drop the deleted ones. */
    private java.util.Set<String> storedWindows = new java.util.HashSet<>();
    private volatile boolean started;
    /** Set by close: a reload that read the store just before must not start monitors on a closed role. */
    private boolean closed;

    /**
     * How often the role reads the one-row change counter ({@code fleet_monitor_changes}): a monitor added by
     * {@code clawdbot monitors add} or another process starts within this plus its first check.
     */
    static final Duration RELOAD_EVERY = Duration.ofSeconds(2);

    public MonitorRole(Database db, MonitorsConfig config, OperatorNotifier notifier, EventSink events, Clock clock) {
        this(db, config, notifier, events, clock, null);
    }

    /** {@code inventory}: the managed hosts SSH and CONTAINER monitors run on, over a pool this role owns (null: none). */
    public MonitorRole(Database db, MonitorsConfig config, OperatorNotifier notifier, EventSink events, Clock clock,
                       dev.clawdbot.fleet.hosts.Inventory inventory) {
        this(db, config, notifier, events, clock, inventory, SecretSeal.none());
    }

    /** {@code seal}: opens the secrets of the stored monitors ({@code DATA/at-rest.key}). */
    public MonitorRole(Database db, MonitorsConfig config, OperatorNotifier notifier, EventSink events, Clock clock,
                       dev.clawdbot.fleet.hosts.Inventory inventory, SecretSeal seal) {
        this(db, config, notifier, events, clock, null, ZoneInfo.fromEnvironment(System.getenv()), inventory, seal);
    }

    MonitorRole(Database db, MonitorsConfig config, OperatorNotifier notifier, EventSink events, Clock clock,
                java.nio.file.Path commandDir, ZoneInfo zone) {
        this(db, config, notifier, events, clock, commandDir, zone, null, SecretSeal.none());
    }

    /** {@code commandDir}: where {@code ping} and {@code systemctl} are taken from (null: the PATH); {@code zone}: maintenance calendars' local time. */
    MonitorRole(Database db, MonitorsConfig config, OperatorNotifier notifier, EventSink events, Clock clock,
                java.nio.file.Path commandDir, ZoneInfo zone, dev.clawdbot.fleet.hosts.Inventory inventory, SecretSeal seal) {
        this.enabled = config.enabled();
        this.store = new MonitorStore(db);
        this.clock = clock;
        this.http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.httpNoRedirects = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.push = new PushRegistry(clock, new PushBeats(db));
        // Connections idle 5 min are closed: a 60 s monitor interval keeps its host's connection open and reused.
        this.ssh = inventory == null ? null : new dev.clawdbot.fleet.ssh.SshPool(events, notifier, clock, Duration.ofMinutes(5));
        this.ctx = new Probe.Context(http, httpNoRedirects, clock, push, commandDir, inventory, ssh);
        this.maintenance = new Maintenance(config.maintenance(), zone);
        this.configWindows = java.util.Set.copyOf(config.maintenance().stream().map(MaintenanceWindow::name).toList());
        this.stored = new StoredMonitors(db, clock, seal);
        // Read before the rows: a change committed in between moves the counter again and is reloaded.
        this.seenVersion = stored.version();
        for (MaintenanceWindow w : stored.windows()) {
            if (!configWindows.contains(w.name())) {
                maintenance.put(w);
                storedWindows.add(w.name());
            }
        }
        this.webhooks = new WebhookSender(db, config.webhooks(), clock, Backoff.defaults());
        this.notifier = notifier;
        this.out = e -> {
            events.emit(e);
            webhooks.emit(e);
        };
        this.pushLimits = new PushLimiter(config.push(), clock, events);
        this.configNames = java.util.Set.copyOf(config.monitors().stream().map(MonitorSpec::name).toList());
        List<MonitorSpec> specs = new ArrayList<>(config.monitors());
        for (StoredMonitors.Stored s : stored.all()) {
            boolean clash = config.monitors().stream().anyMatch(m -> m.name().equals(s.spec().name()));
            if (clash) log.warn("monitor {}: stored by the CLI or API and also in the config; the config's is used", s.spec().name());
            if (!clash && !s.paused()) specs.add(s.spec());
        }
        this.network = new NetworkWatch(specs, notifier, out);
        for (MonitorSpec spec : specs) {
            monitors.put(spec.name(), new Monitor(spec, Probe.of(spec, ctx), store, notifier, out, maintenance, network));
        }
    }

    /** What this role's probes share (tests: the SSH pool after close). */
    Probe.Context probeContext() {
        return ctx;
    }

    public MonitorStore store() {
        return store;
    }

    /**
     * A request on {@code /api/push/<token>} (GET or POST, the gateway mounts it) from {@code source} (the client's
     * address): limited per source first (guessed tokens cost the guesser), then matched, then limited per monitor.
     */
    public PushAnswer push(String token, String source) {
        Duration wait = pushLimits.source(source);
        if (wait != null) return new PushAnswer.Limited(wait);
        String monitor = push.match(token);
        if (monitor == null) return new PushAnswer.Unknown();
        wait = pushLimits.monitor(monitor);
        if (wait != null) return new PushAnswer.Limited(wait);
        push.heartbeat(monitor);
        return new PushAnswer.Accepted();
    }

    /** One check of {@code spec} now, recorded nowhere, without managed hosts. */
    public static CheckResult checkNow(MonitorSpec spec, Clock clock) {
        return checkNow(spec, clock, null, EventSink.NONE, OperatorNotifier.none());
    }

    /**
     * One check of {@code spec} now, recorded nowhere ({@code clawdbot monitors check}). SSH and CONTAINER monitors
     * run on {@code inventory} (null: none) over a pool of their own with the role's pinning rules: a refused key is
     * the same event ({@code events}) and notice ({@code notifier}); the pool is closed before this returns.
     */
    public static CheckResult checkNow(MonitorSpec spec, Clock clock, dev.clawdbot.fleet.hosts.Inventory inventory,
                                       EventSink events, OperatorNotifier notifier) {
        boolean remote = inventory != null && (spec.type() == MonitorType.SSH || spec.type() == MonitorType.CONTAINER);
        try (HttpClient follow = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
             HttpClient never = HttpClient.newHttpClient();
             dev.clawdbot.fleet.ssh.SshPool pool = remote ? new dev.clawdbot.fleet.ssh.SshPool(events, notifier, clock, Duration.ofMinutes(1)) : null) {
            return Probe.of(spec, new Probe.Context(follow, never, clock, new PushRegistry(clock), null, remote ? inventory : null, pool)).check();
        }
    }

    /** The specs of the running monitors (config and stored, not paused), by name. */
    public List<MonitorSpec> specs() {
        return monitors.values().stream().map(Monitor::spec).sorted(java.util.Comparator.comparing(MonitorSpec::name)).toList();
    }

    /** The monitor's uptime over the windows ending now. */
    public Uptime uptime(String name) {
        return store.uptime(name, clock.instant());
    }

    /** The monitor's settled state, or null when there is no such monitor. */
    public MonitorState state(String name) {
        Monitor m = monitors.get(name);
        return m == null ? null : m.state();
    }

    /** The monitor's current warning (UP, but e.g. its certificate expires soon), or null. */
    public String warning(String name) {
        Monitor m = monitors.get(name);
        return m == null ? null : m.warning();
    }

    @Override
    public String name() {
        return "monitor";
    }

    @Override
    public synchronized void start() {
        if (!enabled || started) return;
        webhooks.start();
        threads.add(Thread.ofVirtual().name("monitor-downsample").start(this::downsampleHourly));
        threads.add(Thread.ofVirtual().name("monitor-reload").start(this::reloadLoop));
        monitors.values().forEach(this::run);
        started = true;
    }

    private void run(Monitor m) {
        running.put(m.spec().name(), Thread.ofVirtual().name("monitor-" + m.spec().name()).start(() -> loop(m, lag)));
    }

    /** The thread checking the monitor, or null (tests: a reload leaves unchanged monitors' threads alone). */
    synchronized Thread thread(String name) {
        return running.get(name);
    }

    /** How late checks started against their schedule, since the start. */
    public ScheduleLag scheduleLag() {
        return lag;
    }

    /** Whether the monitor comes from the config file (then the API may not change it). */
    public boolean fromConfig(String name) {
        return configNames.contains(name);
    }

    /**
     * Starts, replaces or (when {@code paused}) stops a stored monitor at once; its history stays. The own-network
     * check counts the monitors running after the change.
     */
    public synchronized void apply(MonitorSpec spec, boolean paused) {
        if (fromConfig(spec.name())) throw new IllegalArgumentException("monitor " + spec.name() + " is in the config file");
        stop(spec.name());
        if (!paused) launch(spec);
    }

    private void launch(MonitorSpec spec) {
        network.forget(spec.name());
        Monitor m = new Monitor(spec, Probe.of(spec, ctx), store, notifier, out, maintenance, network);
        monitors.put(spec.name(), m);
        network.track(specs());
        if (started) run(m);
    }

    /** Every {@link #RELOAD_EVERY}, a reload when the stored monitors' change counter moved; ends at close. */
    private void reloadLoop() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(RELOAD_EVERY);
            } catch (InterruptedException e) {
                return;
            }
            try {
                reload();
            } catch (RuntimeException e) {
                // The database may be briefly locked by the writing process: the next round retries.
                log.warn("monitors: stored monitors not reloaded, retried in {} s: {}", RELOAD_EVERY.toSeconds(), e.toString());
            }
        }
    }

    /**
     * Applies what other processes (or this one's API) changed in the stored monitors and windows since the last
     * reload: starts the new and resumed, restarts the changed, stops the paused and deleted; the others keep their
     * schedule and state. Returns how many monitors changed (0 when the counter did not move).
     */
    int reload() {
        long version = stored.version();
        if (version == seenVersion) return 0;
        // Read outside the lock (the API's calls wait on it); read after the counter, so a later change reloads again.
        List<StoredMonitors.Stored> all = stored.all();
        List<MaintenanceWindow> windows = stored.windows();
        synchronized (this) {
            if (closed) return 0;
            int changed = reconcile(all);
            java.util.Set<String> names = new java.util.HashSet<>();
            for (MaintenanceWindow w : windows) {
                if (windowFromConfig(w.name())) continue;
                maintenance.put(w);
                names.add(w.name());
            }
            for (String gone : storedWindows) if (!names.contains(gone)) maintenance.remove(gone);
            storedWindows = names;
            seenVersion = version;
            if (changed > 0) log.info("monitors: {} stored monitor(s) started, changed or stopped by a reload", changed);
            return changed;
        }
    }

    private int reconcile(List<StoredMonitors.Stored> all) {
        Map<String, MonitorSpec> wanted = new LinkedHashMap<>();
        for (StoredMonitors.Stored s : all) {
            if (!s.paused() && !fromConfig(s.spec().name())) wanted.put(s.spec().name(), s.spec());
        }
        int changed = 0;
        for (String name : List.copyOf(monitors.keySet())) {
            if (!fromConfig(name) && !wanted.containsKey(name)) {
                stop(name);
                changed++;
            }
        }
        for (MonitorSpec spec : wanted.values()) {
            Monitor m = monitors.get(spec.name());
            // Compared setting by setting: a monitor whose spec did not change keeps its thread, state and schedule.
            if (m == null || !StoredMonitors.same(m.spec(), spec)) {
                stop(spec.name());
                launch(spec);
                changed++;
            }
        }
        return changed;
    }

    /** Whether the maintenance window comes from the config file. */
    public boolean windowFromConfig(String name) {
        return configWindows.contains(name);
    }

    /** Adds or replaces an API maintenance window at once. */
    public void applyWindow(MaintenanceWindow w) {
        if (windowFromConfig(w.name())) throw new IllegalArgumentException("maintenance window " + w.name() + " is in the config file");
        maintenance.put(w);
    }

    /** Removes an API maintenance window at once. */
    public boolean removeWindow(String name) {
        if (windowFromConfig(name)) throw new IllegalArgumentException("maintenance window " + name + " is in the config file");
        return maintenance.remove(name);
    }

    /** Stops and forgets a stored monitor; returns whether it ran. */
    public synchronized boolean remove(String name) {
        if (fromConfig(name)) throw new IllegalArgumentException("monitor " + name + " is in the config file");
        return stop(name);
    }

    private boolean stop(String name) {
        Thread t = running.remove(name);
        boolean was = monitors.remove(name) != null;
        push.unregister(name);
        network.track(specs());
        if (t != null) {
            t.interrupt();
            try {
                t.join(Duration.ofSeconds(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return was;
    }

    /** Folds checks older than 7 days into hourly buckets, now and then every hour. */
    private void downsampleHourly() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                int folded = store.downsample(clock.instant());
                if (folded > 0) log.info("monitor history: {} checks older than 7 days folded into hourly buckets", folded);
            } catch (RuntimeException e) {
                log.warn("monitor history: downsampling failed, retried in an hour: {}", e.toString());
            }
            try {
                Thread.sleep(Duration.ofHours(1));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void loop(Monitor m, ScheduleLag lag) {
        long due = -1;
        while (!Thread.currentThread().isInterrupted()) {
            if (due >= 0) lag.record((System.nanoTime() - due) / 1_000_000);
            Duration next;
            try {
                next = m.checkOnce();
            } catch (RuntimeException e) {
                // A database hiccup must not end the monitor: log it and try again after the interval.
                log.warn("monitor {}: check not recorded: {}", m.spec().name(), e.toString());
                next = m.spec().interval();
            }
            due = System.nanoTime() + next.toNanos();
            try {
                Thread.sleep(next);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public List<String> problems() {
        return enabled && !started && !monitors.isEmpty() ? List.of("monitor: not started") : List.of();
    }

    @Override
    public synchronized void close() {
        closed = true;
        threads.addAll(running.values());
        running.clear();
        threads.forEach(Thread::interrupt);
        // Until they end (a check records its result in the database, which closes right after the roles).
        dev.clawdbot.core.role.RoleThreads.join("monitor", threads.toArray(Thread[]::new));
        threads.clear();
        http.close();
        httpNoRedirects.close();
        webhooks.close();
        if (ssh != null) ssh.close();
    }
}
