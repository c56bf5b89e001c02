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
    private volatile boolean started;

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
        this.push = new PushRegistry(clock);
        // Connections idle 5 min are closed: a 60 s monitor interval keeps its host's connection open and reused.
        this.ssh = inventory == null ? null : new dev.clawdbot.fleet.ssh.SshPool(events, notifier, clock, Duration.ofMinutes(5));
        this.ctx = new Probe.Context(http, httpNoRedirects, clock, push, commandDir, inventory, ssh);
        this.maintenance = new Maintenance(config.maintenance(), zone);
        this.configWindows = java.util.Set.copyOf(config.maintenance().stream().map(MaintenanceWindow::name).toList());
        for (MaintenanceWindow w : new StoredMonitors(db, clock, seal).windows()) {
            if (!configWindows.contains(w.name())) maintenance.put(w);
        }
        this.webhooks = new WebhookSender(db, config.webhooks(), clock, Backoff.defaults());
        this.notifier = notifier;
        this.out = e -> {
            events.emit(e);
            webhooks.emit(e);
        };
        this.configNames = java.util.Set.copyOf(config.monitors().stream().map(MonitorSpec::name).toList());
        List<MonitorSpec> specs = new ArrayList<>(config.monitors());
        for (StoredMonitors.Stored s : new StoredMonitors(db, clock, seal).all()) {
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
     * A heartbeat on {@code /api/push/<token>} (GET or POST, the gateway mounts it); false when no PUSH monitor
     * has this token.
     */
    public boolean push(String token) {
        return push.push(token);
    }

    /** One check of {@code spec} now, recorded nowhere ({@code clawdbot monitors check}). */
    public static CheckResult checkNow(MonitorSpec spec, Clock clock) {
        try (HttpClient follow = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
             HttpClient never = HttpClient.newHttpClient()) {
            return Probe.of(spec, new Probe.Context(follow, never, clock, new PushRegistry(clock), null)).check();
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
        monitors.values().forEach(this::run);
        started = true;
    }

    private void run(Monitor m) {
        running.put(m.spec().name(), Thread.ofVirtual().name("monitor-" + m.spec().name()).start(() -> loop(m, lag)));
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
     * Starts, replaces or (when {@code paused}) stops a stored monitor at once; its history stays. Monitors added
     * after the start are not counted by the own-network check, which takes its set at the start.
     */
    public synchronized void apply(MonitorSpec spec, boolean paused) {
        if (fromConfig(spec.name())) throw new IllegalArgumentException("monitor " + spec.name() + " is in the config file");
        stop(spec.name());
        if (paused) return;
        Monitor m = new Monitor(spec, Probe.of(spec, ctx), store, notifier, out, maintenance, network);
        monitors.put(spec.name(), m);
        if (started) run(m);
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
        threads.addAll(running.values());
        running.clear();
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            try {
                t.join(Duration.ofSeconds(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threads.clear();
        http.close();
        httpNoRedirects.close();
        webhooks.close();
        if (ssh != null) ssh.close();
    }
}
