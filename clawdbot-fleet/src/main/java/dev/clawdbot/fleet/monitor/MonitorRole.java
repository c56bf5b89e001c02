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
    private final Map<String, Monitor> monitors = new LinkedHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean started;

    public MonitorRole(Database db, MonitorsConfig config, OperatorNotifier notifier, EventSink events, Clock clock) {
        this(db, config, notifier, events, clock, null, ZoneInfo.fromEnvironment(System.getenv()));
    }

    /** {@code commandDir}: where {@code ping} and {@code systemctl} are taken from (null: the PATH); {@code zone}: maintenance calendars' local time. */
    MonitorRole(Database db, MonitorsConfig config, OperatorNotifier notifier, EventSink events, Clock clock,
                java.nio.file.Path commandDir, ZoneInfo zone) {
        this.enabled = config.enabled();
        this.store = new MonitorStore(db);
        this.clock = clock;
        this.http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        this.httpNoRedirects = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.push = new PushRegistry(clock);
        Probe.Context ctx = new Probe.Context(http, httpNoRedirects, clock, push, commandDir);
        Maintenance maintenance = new Maintenance(config.maintenance(), zone);
        this.webhooks = new WebhookSender(db, config.webhooks(), clock, Backoff.defaults());
        EventSink out = e -> {
            events.emit(e);
            webhooks.emit(e);
        };
        List<MonitorSpec> specs = new ArrayList<>(config.monitors());
        for (StoredMonitors.Stored s : new StoredMonitors(db, clock).all()) {
            boolean clash = config.monitors().stream().anyMatch(m -> m.name().equals(s.spec().name()));
            if (clash) log.warn("monitor {}: stored by the CLI or API and also in the config; the config's is used", s.spec().name());
            if (!clash && !s.paused()) specs.add(s.spec());
        }
        NetworkWatch network = new NetworkWatch(specs, notifier, out);
        for (MonitorSpec spec : specs) {
            monitors.put(spec.name(), new Monitor(spec, Probe.of(spec, ctx), store, notifier, out, maintenance, network));
        }
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

    /** The monitor's uptime over the windows ending now. */
    public Uptime uptime(String name) {
        return store.uptime(name, clock.instant());
    }

    /** The monitor's settled state, or null when there is no such monitor. */
    public MonitorState state(String name) {
        Monitor m = monitors.get(name);
        return m == null ? null : m.state();
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
        for (Monitor m : monitors.values()) {
            threads.add(Thread.ofVirtual().name("monitor-" + m.spec().name()).start(() -> loop(m)));
        }
        started = true;
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

    private static void loop(Monitor m) {
        while (!Thread.currentThread().isInterrupted()) {
            Duration next;
            try {
                next = m.checkOnce();
            } catch (RuntimeException e) {
                // A database hiccup must not end the monitor: log it and try again after the interval.
                log.warn("monitor {}: check not recorded: {}", m.spec().name(), e.toString());
                next = m.spec().interval();
            }
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
    }
}
