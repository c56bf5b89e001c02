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
 * One process's roles, wired in two phases. Phase 1 ({@link #start()} up to the roles) builds the parts: the data
 * directory, the database, the event log, the operator notifier (its delivery workers start here: every role, and a
 * failing start, reports through it) and, for the roles that need them, the model router, the guard, the sandbox, the
 * agents and every role object; it binds no port and starts no role thread (but for the Telegram bots' send queues,
 * which start when built: docs/architecture.md).
 * Phase 2 starts the roles in {@link #ROLES} order through a {@link RoleSequence}; {@link #close()} closes them in
 * reverse, then the parts. A failure in either phase closes whatever was opened and rethrows.
 * Nothing here holds state of its own; the database and the data directory do.
 */
public final class Server implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Server.class);

    private final Settings settings;
    private final Clock clock;
    /**
     * The roles {@code serve} runs by default, in start order. The ones that feed the agents or that the HTTP routes
     * hand work to (broker, bridge, telegram) start before the gateway starts listening; siem, ops and monitor last.
     */
    public static final Set<String> ROLES = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(
            List.of("broker", "bridge", "telegram", "gateway", "siem", "ops", "monitor")));
    /** The roles that need the agents' parts (router, guard, sandbox, agents) in their process. */
    private static final Set<String> AGENT_ROLES = Set.of("broker", "bridge", "telegram", "gateway");
    private final Set<String> roles;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final RoleSequence sequence = new RoleSequence();
    private DataDir.TokenResult token;
    private Database database;
    private EventLog events;
    private OperatorNotifications notifications;
    private ModelRouter router;
    private AgentGateway agents;
    private Components components;
    private HttpGateway http;
    private volatile boolean listening;

    public Server(Settings settings, Clock clock) {
        this(settings, clock, ROLES);
    }

    /**
     * @param roles the process parts to run, a subset of {@link #ROLES}: {@code broker} (request processing and
     *              execution), {@code bridge} (the bridge receiver and its spool), {@code telegram} (user bot, mail
     *              notify, admin bot), {@code gateway} (HTTP API and web chat), {@code siem}, {@code ops} and
     *              {@code monitor}. Without {@code gateway} nothing listens on the HTTP port, so a role can run as its
     *              own unit beside a gateway unit on the same host.
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
     * Opens everything and starts the roles. The database (SQLite's native library, migrations), the guard
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
            boolean agentParts = roles.stream().anyMatch(AGENT_ROLES::contains);
            if (agentParts) {
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
            if (agentParts) buildAgentParts(dataDir, await(guard), await(sandbox));
            buildOtherRoles();
            extraRoles.forEach(sequence::add);
            sequence.start();
            if (http == null) {
                LOG.info("roles {} running (no HTTP gateway in this process)", sequence.names());
                return this;
            }
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

    /**
     * Phase 1 for broker, bridge, telegram and gateway: the model router, the agents and the role objects (the HTTP
     * server built, not bound). The agents' drain is a step of its own between telegram and gateway, so closing stops
     * the HTTP server first, then lets running turns finish while the channels that carry their replies are still open.
     */
    private void buildAgentParts(DataDir dataDir, Guard guard, Components.SandboxParts sandbox) {
        boolean gateway = roles.contains("gateway");
        // Only the gateway uses the token: a role run alone neither creates nor reads it.
        if (gateway) {
            token = dataDir.gatewayToken(Optional.ofNullable(settings.config().gateway().token()));
            SecretRedactor.global().register(token.token());
        }
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        router = Models.router(settings.config().models(), database,
                ProviderEnvironment.defaults().withClock(clock).withMeters(meters).withEvents(events),
                LocalModelDetector.defaults());
        components = Components.create(settings, database, events, clock, guard, sandbox);
        agents = Agents.create(settings.config().agents(), settings.configDir(), database, router,
                components.tools(), components.guard(), events, clock);
        AgentGateway built = agents;
        Runnable drain = () -> built.close(Duration.ofSeconds(10));
        try {
            components.attach(agents, router, c -> new GatewayStatus(this), gateway ? token.token() : null, roles);
        } catch (RuntimeException | Error e) {
            drain.run();
            throw e;
        }
        components.roles().forEach(sequence::add);
        sequence.add(RoleSequence.of("agents", () -> { }, drain));
        if (!gateway) return;
        http = HttpGateway.builder(settings.config().gateway().withToken(token.token()), agents)
                .readiness(this::problems)
                .agents(() -> List.copyOf(settings.config().agents().agents().keySet()))
                .meterRegistry(meters)
                .events(events)
                .clock(clock)
                .tokens(new dev.clawdbot.app.http.ApiTokenStore(database, clock))
                .withheld(agents.sessions().withheld())
                .routes(components::mountRoutes)
                .routes(r -> MonitorRoutes.mount(r, () -> monitorRole, new dev.clawdbot.fleet.monitor.PushGate(database,
                        settings.config().monitors(), atRestKey(), clock, events)))
                .routes(r -> MonitorRoutes.mountStatusPage(r, settings.config().monitors().statusPage(), () -> monitorRole,
                        new dev.clawdbot.fleet.monitor.MonitorsView(database, settings.config().monitors(), atRestKey(), clock),
                        new dev.clawdbot.fleet.monitor.MonitorStore(database), clock))
                .routes(r -> MonitorRoutes.mountApi(r, new dev.clawdbot.fleet.api.MonitorApi(settings.config().monitors(),
                        new dev.clawdbot.fleet.monitor.StoredMonitors(database, clock, atRestKey()), () -> monitorRole,
                        settings.config().inventory(null).hosts().keySet()),
                        dev.clawdbot.app.http.HttpGateway.principals(token.token(),
                                new dev.clawdbot.app.http.ApiTokenStore(database, clock), dev.clawdbot.app.http.Scope.MONITORS)))
                .build();
        HttpGateway server = http;
        sequence.add(RoleSequence.of("gateway", () -> {
            server.start();
            listening = true;
        }, () -> {
            listening = false;
            server.stop();
        }));
    }

    /** Phase 1 for siem, ops and monitor: each built when chosen, added to the sequence in that order. */
    private void buildOtherRoles() {
        if (roles.contains("siem")) buildSiem();
        if (roles.contains("ops")) buildOps();
        if (roles.contains("monitor")) buildMonitor();
    }

    /**
     * The siem role ({@code siem.enabled}, on by default): the shipped ruleset plus {@code siem.rulesets}, fed
     * by the configured log files and, once started, as an events listener, by Clawdbot's own events.
     */
    private void buildSiem() {
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
        sequence.add(RoleSequence.of(siem.name(), () -> {
            events.addListener(siem);
            siem.start();
        }, siem::close, siem::problems));
    }

    /** The ops role ({@code ops.enabled}, on by default): the scheduler and its jobs, in the zone {@code TZ} names. */
    private void buildOps() {
        OpsRole ops = new OpsRole(database, settings.config().ops(), ModuleCommands.heldSecrets(settings.config()), notifications.notifier(), events,
                ZoneInfo.fromEnvironment(System.getenv()), clock, OpsSeams.of(settings, database, events, clock, () -> router)
                .withJobs(OpsSeams.opsRunsSiemDigest(settings, roles) ? OpsSeams.siemJobs(settings, database, notifications.notifier()) : java.util.Map.of()));
        sequence.add(ops);
    }

    /** Roles a test adds after the built ones (a role whose problems it controls, for {@code /readyz}). */
    private final List<dev.clawdbot.core.role.Role> extraRoles = new ArrayList<>();

    /** Adds a role started after the others; call before {@link #start()}. */
    Server withRole(dev.clawdbot.core.role.Role role) {
        extraRoles.add(role);
        return this;
    }

    /** Set once the monitor role runs; the gateway's push route reads it. */
    private volatile MonitorRole monitorRole;

    /** The running monitor role, or null (tests). */
    MonitorRole monitorRole() {
        return monitorRole;
    }

    /** The monitor role: the uptime monitors of {@code monitors:} (none by default, then it does nothing). */
    private void buildMonitor() {
        MonitorRole monitor = new MonitorRole(database, settings.config().monitors(), notifications.notifier(), events, clock,
                settings.config().inventory(settings.dataDir()), atRestKey());
        sequence.add(RoleSequence.of(monitor.name(), () -> {
            monitor.start();
            monitorRole = monitor;
        }, () -> {
            monitorRole = null;
            monitor.close();
        }, monitor::problems));
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

    /**
     * What keeps the gateway from being ready; empty when ready: the database, the disk, and each role of this process
     * (its own problems while it runs, or that it has not started, failed or stopped), one line naming the role.
     */
    List<String> problems() {
        List<String> out = new ArrayList<>(sequence.problems());
        if (!database.ping()) out.add("database not reachable");
        // A full disk lost audit events and failed every chat while /readyz said ready (issue 11, item 8).
        String disk = settings.config().sandbox().disk().lowSpace(settings.dataDir());
        if (disk != null) out.add("disk low: " + disk);
        return out;
    }

    /** The figures {@code /status} and the admin bot report. */
    java.util.Map<String, String> status() {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        m.put("gateway", !roles.contains("gateway") ? "not in this process" : listening ? "listening on " + url() : "starting");
        m.put("database", database.dialect().name().toLowerCase(java.util.Locale.ROOT) + (database.ping() ? ", up" : ", NOT ANSWERING"));
        if (router != null) m.put("providers", String.join("; ", router.status()));
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

    /** The roles and steps of this process in start order ({@code agents} is the agents' drain, not a role). */
    List<String> startOrder() {
        return sequence.names();
    }

    /** The roles this process runs. */
    public Set<String> roles() {
        return roles;
    }

    /** Whether this process runs the HTTP gateway (and so has a {@link #url()}). */
    public boolean listens() {
        return listening;
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

    /** Closes the roles in reverse start order (HTTP first, then the agents' drain, the channels, ...), then the parts. */
    @Override
    public void close() {
        sequence.close();
        if (components != null) {
            closeables.addAll(components.closeables());
            components = null;
        }
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
