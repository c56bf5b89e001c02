package dev.clawdbot.app;

import dev.clawdbot.agent.AgentGateway;
import dev.clawdbot.agent.Agents;
import dev.clawdbot.app.http.HttpGateway;
import dev.clawdbot.core.DataDir;
import dev.clawdbot.core.config.SecretRedactor;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventLog;
import dev.clawdbot.core.notify.OperatorNotifier;
import dev.clawdbot.fleet.monitor.MonitorRole;
import dev.clawdbot.ops.OpsRole;
import dev.clawdbot.ops.calendar.ZoneInfo;
import dev.clawdbot.siem.AlertStore;
import dev.clawdbot.siem.SiemConfig;
import dev.clawdbot.siem.SiemRole;
import dev.clawdbot.siem.rules.Ruleset;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.DatabaseSettings;
import dev.clawdbot.guard.Guard;
import dev.clawdbot.llm.LocalModelDetector;
import dev.clawdbot.llm.ModelRouter;
import dev.clawdbot.llm.Models;
import dev.clawdbot.llm.ProviderEnvironment;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The running gateway role: every long-lived part, opened in dependency order and closed in reverse.
 * Nothing here holds state of its own; the database and the data directory do.
 */
public final class Server implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Server.class);

    private final Settings settings;
    private final Clock clock;
    /** The roles {@code serve} runs by default, in start order. */
    public static final Set<String> ROLES = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(List.of("gateway", "ops", "siem", "monitor")));
    private final Set<String> roles;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private DataDir.TokenResult token;
    private Database database;
    private EventLog events;
    private OperatorNotifications notifications;
    private ModelRouter router;
    private AgentGateway agents;
    private Components components;
    private HttpGateway http;

    public Server(Settings settings, Clock clock) {
        this(settings, clock, ROLES);
    }

    /**
     * @param roles the process parts to run, a subset of {@link #ROLES}: {@code gateway} (HTTP API, web chat,
     *              agents, channels, broker and bridge receiver, which share one composition today), {@code ops},
     *              {@code siem} and {@code monitor}. Without {@code gateway} nothing listens on the HTTP port, so a role can run
     *              as its own unit beside a gateway unit on the same host.
     */
    public Server(Settings settings, Clock clock, Set<String> roles) {
        this.settings = settings;
        this.clock = clock;
        if (roles.isEmpty() || !ROLES.containsAll(roles)) {
            throw new IllegalArgumentException("roles must be a non-empty subset of " + String.join(", ", ROLES) + ", was " + roles);
        }
        this.roles = Set.copyOf(roles);
    }

    /**
     * Opens everything and starts listening. The database (SQLite's native library, migrations), the guard
     * and the sandbox with the agent's tools need neither each other nor the agents: each is built on its own
     * thread while this one goes on; events those parts emit meanwhile are held and delivered to the events
     * log once it exists. On failure, whatever was opened is closed again.
     */
    public Server start() {
        ExecutorService starters = Executors.newFixedThreadPool(3, Thread.ofPlatform().name("clawdbot-start-", 1).daemon().factory());
        Future<Database> db = null;
        Future<Guard> guard = null;
        Future<Components.SandboxParts> sandbox = null;
        BufferedEventSink early = new BufferedEventSink();
        try {
            DataDir dataDir = DataDir.open(settings.dataDir());
            dataDir.permissionProblems().forEach(p -> LOG.warn("data dir: {}", p));
            db = starters.submit(() -> openDatabase(settings, dataDir.path()));
            boolean gateway = roles.contains("gateway");
            if (gateway) {
                guard = starters.submit(() -> Components.buildGuard(settings, early, clock));
                sandbox = starters.submit(() -> Components.buildSandbox(settings, early, clock));
            }

            database = await(db);
            closeables.add(database);
            events = new EventLog(database, dataDir.path().resolve("events").resolve("events.jsonl"), clock,
                    SecretRedactor.global(), settings.config().events());
            closeables.add(events);
            early.attach(events);
            notifications = OperatorNotifications.start(settings.config(), database, events, clock);
            closeables.add(notifications);
            if (!gateway) {
                startRoles();
                LOG.info("roles {} running (no HTTP gateway in this process)", roles);
                return this;
            }
            // Only the gateway uses the token: a role run alone neither creates nor reads it.
            token = dataDir.gatewayToken(Optional.ofNullable(settings.config().gateway().token()));
            SecretRedactor.global().register(token.token());
            PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

            router = Models.router(settings.config().models(), database,
                    ProviderEnvironment.defaults().withClock(clock).withMeters(meters).withEvents(events),
                    LocalModelDetector.defaults());

            components = Components.create(settings, database, events, clock, await(guard), await(sandbox));
            agents = Agents.create(settings.config().agents(), settings.configDir(), database, router,
                    components.tools(), components.guard(), events, clock);
            components.attach(agents, router, c -> new GatewayStatus(this), token.token());

            http = HttpGateway.builder(settings.config().gateway().withToken(token.token()), agents)
                    .readiness(this::problems)
                    .agents(() -> List.copyOf(settings.config().agents().agents().keySet()))
                    .meterRegistry(meters)
                    .events(events)
                    .clock(clock)
                    .tokens(new dev.clawdbot.app.http.ApiTokenStore(database, clock))
                    .withheld(agents.sessions().withheld())
                    .routes(components::mountRoutes)
                    .routes(r -> MonitorRoutes.mount(r, () -> monitorRole))
                    .routes(r -> MonitorRoutes.mountStatusPage(r, settings.config().monitors().statusPage(), () -> monitorRole, clock))
                    .routes(r -> MonitorRoutes.mountApi(r, new dev.clawdbot.fleet.api.MonitorApi(settings.config().monitors(),
                            new dev.clawdbot.fleet.monitor.StoredMonitors(database, clock, atRestKey()), () -> monitorRole),
                            dev.clawdbot.app.http.HttpGateway.principals(token.token(),
                                    new dev.clawdbot.app.http.ApiTokenStore(database, clock), dev.clawdbot.app.http.Scope.MONITORS)))
                    .build()
                    .start();
            components.start();
            startRoles();
            events.emit(Event.of(clock.instant(), AppEvents.GATEWAY_STARTED, "system", "port", http.port(),
                    "database", database.dialect().name().toLowerCase(java.util.Locale.ROOT)));
            return this;
        } catch (RuntimeException | Error e) {
            if (database == null) closeLate(db);
            if (components == null) closeLate(sandbox);
            close();
            throw e;
        } finally {
            starters.shutdown();
        }
    }

    /** The roles besides the gateway that this process runs. */
    private void startRoles() {
        if (roles.contains("siem")) startSiem();
        if (roles.contains("ops")) startOps();
        if (roles.contains("monitor")) startMonitor();
    }

    /**
     * The siem role ({@code siem.enabled}, on by default): the shipped ruleset plus {@code siem.rulesets}, fed
     * by the configured log files and, as an events listener, by Clawdbot's own events.
     */
    private void startSiem() {
        SiemConfig sc = settings.config().siem();
        if (!sc.enabled()) return;
        Ruleset ruleset;
        try {
            ruleset = Ruleset.load(sc.rulesets().stream().map(p -> settings.configDir().resolve(p)).toList(), true);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("siem.rulesets: " + e.getMessage(), e);
        }
        SiemRole siem = new SiemRole(sc, ruleset, new AlertStore(database), notifications.notifier(), events, clock, SiemRole.localHostName(),
                settings.configDir());
        siem.eventNoticeLevel(settings.config().operator().level());
        if (OpsSeams.opsRunsSiemDigest(settings, roles)) siem.digestScheduledByOps();
        closeables.add(siem);
        events.addListener(siem);
        siem.start();
    }

    /** The ops role ({@code ops.enabled}, on by default): the scheduler and its jobs, in the zone {@code TZ} names. */
    private void startOps() {
        OpsRole ops = new OpsRole(database, settings.config().ops(), ModuleCommands.heldSecrets(settings.config()), notifications.notifier(), events,
                ZoneInfo.fromEnvironment(System.getenv()), clock, OpsSeams.of(settings, database, events, clock, () -> router)
                .withJobs(OpsSeams.opsRunsSiemDigest(settings, roles) ? OpsSeams.siemJobs(settings, database, notifications.notifier()) : java.util.Map.of()));
        closeables.add(ops);
        ops.start();
    }

    /** Set once the monitor role runs; the gateway's push route reads it. */
    private volatile MonitorRole monitorRole;

    /** The running monitor role, or null (tests). */
    MonitorRole monitorRole() {
        return monitorRole;
    }

    /** The monitor role: the uptime monitors of {@code monitors:} (none by default, then it does nothing). */
    private void startMonitor() {
        MonitorRole monitor = new MonitorRole(database, settings.config().monitors(), notifications.notifier(), events, clock,
                settings.config().inventory(settings.dataDir()), atRestKey());
        closeables.add(monitor);
        monitor.start();
        monitorRole = monitor;
    }

    /** The key of the secrets kept in the database ({@code DATA/at-rest.key}, made on first use). */
    private dev.clawdbot.fleet.monitor.SecretSeal atRestKey() {
        return dev.clawdbot.fleet.monitor.SecretSeal.open(DataDir.open(settings.dataDir()).path());
    }

    /** The result of a start-up task; its failure is rethrown as it was thrown there. */
    private static <T> T await(Future<T> task) {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Start-up failed before the result of {@code task} was taken over: it is closed here once it exists. */
    private static void closeLate(Future<? extends AutoCloseable> task) {
        if (task == null) return;
        try {
            task.get().close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // The task failed (and left nothing open) or closing failed; the start-up error is what matters.
            LOG.debug("closing after a failed start: {}", e.toString());
        }
    }

    static Database openDatabase(Settings settings, Path dataDir) {
        AppConfig.DatabaseConfig db = settings.config().database();
        if (db.url() == null || db.url().isBlank()) return Database.sqlite(dataDir.resolve("clawdbot.db"));
        if (db.password() != null) SecretRedactor.global().register(db.password());
        return Database.open(new DatabaseSettings(db.url(), db.user(), db.password(), db.poolSize()));
    }

    /** What keeps the gateway from being ready; empty when ready. */
    List<String> problems() {
        List<String> out = new ArrayList<>();
        if (!database.ping()) out.add("database not reachable");
        // A full disk lost audit events and failed every chat while /readyz said ready (issue 11, item 8).
        String disk = settings.config().sandbox().disk().lowSpace(settings.dataDir());
        if (disk != null) out.add("disk low: " + disk);
        return out;
    }

    /** The figures {@code /status} and the admin bot report. */
    java.util.Map<String, String> status() {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("gateway", http == null ? "starting" : "listening on " + url());
        m.put("database", database.dialect().name().toLowerCase(java.util.Locale.ROOT) + (database.ping() ? ", up" : ", NOT ANSWERING"));
        m.put("providers", String.join("; ", router.status()));
        if (components != null) m.putAll(components.status());
        m.put("events dropped", Long.toString(events.dropped()));
        m.put("operator notices", notifications.durable().channels().isEmpty() ? "stored only (no operator channel)"
                : notifications.durable().waiting() + " waiting, " + notifications.durable().failed() + " given up, via "
                + String.join(", ", notifications.durable().channels()));
        return m;
    }

    /** The one way to tell the operator anything (docs/notify.md). */
    public OperatorNotifier operatorNotifier() {
        return notifications.notifier();
    }

    /** The roles this process runs. */
    public Set<String> roles() {
        return roles;
    }

    /** Whether this process runs the HTTP gateway (and so has a {@link #url()}). */
    public boolean listens() {
        return http != null;
    }

    public int port() {
        return http.port();
    }

    public DataDir.TokenResult token() {
        return token;
    }

    public String url() {
        String host = settings.config().gateway().host();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + http.port();
    }

    @Override
    public void close() {
        if (http != null) http.stop();
        if (components != null) closeables.addAll(components.closeables());
        if (agents != null) agents.close(Duration.ofSeconds(10));
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing {}: {}", closeables.get(i).getClass().getSimpleName(), e.toString());
            }
        }
        closeables.clear();
    }
}
