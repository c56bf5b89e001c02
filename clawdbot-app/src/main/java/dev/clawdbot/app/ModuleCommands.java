package dev.clawdbot.app;

import dev.clawdbot.agent.Agents;
import dev.clawdbot.agent.SessionStore;
import dev.clawdbot.agent.WithheldContent;
import dev.clawdbot.agent.cli.SessionsCommand;
import dev.clawdbot.broker.BrokerConfig;
import dev.clawdbot.broker.role.BrokerServices;
import dev.clawdbot.broker.admin.AdminRunner;
import dev.clawdbot.broker.cli.AdminCommand;
import dev.clawdbot.broker.cli.BridgeCommand;
import dev.clawdbot.broker.cli.RequestCommand;
import dev.clawdbot.channels.cli.PairingCommand;
import dev.clawdbot.channels.telegram.PairingStore;
import dev.clawdbot.llm.ModelRouter;
import dev.clawdbot.llm.Models;
import dev.clawdbot.core.DataDir;
import dev.clawdbot.core.Diagnostic;
import dev.clawdbot.core.Opened;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.guard.cli.GuardCommand;
import dev.clawdbot.ops.OpsRole;
import dev.clawdbot.ops.calendar.ZoneInfo;
import dev.clawdbot.ops.cli.OpsCommand;
import dev.clawdbot.ops.cli.SecretsCommand;
import dev.clawdbot.ops.secrets.Inventory;
import dev.clawdbot.ops.secrets.RotationStore;
import dev.clawdbot.core.config.SecretKeys;
import dev.clawdbot.core.notify.DurableNotifier;
import dev.clawdbot.core.notify.OperatorNotifier;
import dev.clawdbot.sandbox.Sandbox;
import dev.clawdbot.sandbox.SandboxDiagnostics;
import dev.clawdbot.sandbox.tools.WorkspaceCheck;
import dev.clawdbot.sandbox.cli.SandboxCommand;
import dev.clawdbot.siem.AlertStore;
import dev.clawdbot.siem.cli.SiemCommand;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The subcommands and doctor checks that feature modules contribute. One-shot commands open what they need
 * lazily (the database only when a subcommand touches it) and record no events unless they change state.
 */
final class ModuleCommands {
    private ModuleCommands() {
    }

    static void register(Map<String, Supplier<Object>> commands, Main main) {
        commands.put("sessions", () -> new SessionsCommand(() -> onDatabase(main, (db, opened) -> new SessionStore(db, main.clock())),
                main.clock()).commandLine());
        commands.put("guard", () -> new CommandLine(new GuardCommand(() -> main.settings().config().guard(), EventSink.NONE, main.clock(), System.in)));
        commands.put("sandbox", () -> {
            SandboxCommand sandbox = new SandboxCommand(() -> Components.openSandbox(main.settings(), EventSink.NONE, main.clock()),
                    () -> Agents.workspaces(main.settings().config().agents(), main.settings().configDir()));
            return new CommandLine(sandbox, sandbox.factory());
        });
        commands.put("siem", () -> new CommandLine(new SiemCommand(main.clock(), System.in, () -> onDatabase(main, (db, opened) -> new AlertStore(db)),
                () -> onDatabase(main, (db, opened) -> new dev.clawdbot.siem.response.ActiveResponse(main.settings().config().siem().response(),
                        new dev.clawdbot.siem.response.BlockStore(db), cliEvents(main, db, opened), main.clock())))));
        commands.put("pairing", () -> new CommandLine(new PairingCommand(() -> onDatabase(main,
                (db, opened) -> new PairingStore(db, main.clock(), cliEvents(main, db, opened))))));
        String user = "cli:" + System.getProperty("user.name", "operator");
        commands.put("request", () -> new CommandLine(new RequestCommand(() -> onDatabase(main, (db, opened) -> {
            BrokerServices broker = brokerServices(main, db);
            opened.add(broker);
            return broker.broker();
        }), () -> System.in, user)));
        commands.put("bridge", () -> new CommandLine(new BridgeCommand(
                () -> BrokerServices.bridgeSender(brokerConfig(main).bridge(), main.clock(), "admin"), () -> System.in, main.clock())));
        commands.put("admin", () -> new CommandLine(new AdminCommand(() -> adminSession(main), () -> System.in)));
        commands.put("ops", () -> OpsCommand.commandLine(main.env(), main.clock(), () -> onDatabase(main, (db, opened) -> {
            OperatorNotifier notifier = cliNotifier(main, db, opened);
            OpsRole role = new OpsRole(db, main.settings().config().ops(), heldSecrets(main.settings().config()), notifier, EventSink.NONE,
                    ZoneInfo.fromEnvironment(main.env()), main.clock(), OpsSeams.of(main.settings(), db, EventSink.NONE, main.clock(), () -> null)
                    .withJobs(OpsSeams.siemJobs(main.settings(), db, notifier)));
            opened.add(role);
            return role;
        })));
        commands.put("monitors", () -> new CommandLine(new dev.clawdbot.fleet.cli.MonitorsCommand(() -> main.settings().config().monitors(),
                () -> onDatabase(main, (db, opened) -> new dev.clawdbot.fleet.cli.MonitorsCommand.Stores(new dev.clawdbot.fleet.monitor.MonitorStore(db),
                        new dev.clawdbot.fleet.monitor.StoredMonitors(db, main.clock(),
                                dev.clawdbot.fleet.monitor.SecretSeal.open(DataDir.open(main.settings().dataDir()).path())))), main.clock(),
                // check of SSH/CONTAINER monitors: the hosts command's inventory, events and notices; its pool ends with the check.
                new dev.clawdbot.fleet.cli.MonitorsCommand.Hosts(
                        () -> main.settings().config().inventory(DataDir.open(main.settings().dataDir()).path()),
                        () -> onDatabase(main, (db, opened) -> new dev.clawdbot.fleet.cli.HostsCommand.Reporting(cliEvents(main, db, opened),
                                cliNotifier(main, db, opened)))))));
        commands.put("hosts", () -> dev.clawdbot.fleet.cli.HostsCommand.commandLine(new dev.clawdbot.fleet.cli.HostsCommand.Context(
                () -> main.settings().config().inventory(DataDir.open(main.settings().dataDir()).path()),
                () -> onDatabase(main, (db, opened) -> new dev.clawdbot.fleet.cli.HostsCommand.Reporting(cliEvents(main, db, opened),
                        cliNotifier(main, db, opened))), main.clock(), () -> System.in)));
        commands.put("secrets", () -> SecretsCommand.commandLine(() -> onDatabase(main, (db, opened) -> new Inventory(main.settings().config().ops().secrets(),
                heldSecrets(main.settings().config()), new RotationStore(db), main.clock())),
                () -> SecretVerifiers.of(main.settings().config())));
    }

    /**
     * Opens the database and builds one subcommand's value on it; {@code make} adds what else it opens to the list, in
     * order. The result closes those, then the database; if {@code make} fails, what it opened is closed at once.
     */
    private static <T> Opened<T> onDatabase(Main main, BiFunction<Database, List<AutoCloseable>, T> make) {
        Database db = database(main);
        List<AutoCloseable> opened = new ArrayList<>(List.of(db));
        try {
            return Opened.of(make.apply(db, opened), opened.toArray(AutoCloseable[]::new));
        } catch (RuntimeException e) {
            try (Opened<Void> partial = Opened.of(null, opened.toArray(AutoCloseable[]::new))) {
                throw e;
            }
        }
    }

    /**
     * The config keys of the secrets Clawdbot holds, for the rotation inventory: the gateway token always (generated
     * into the data dir when not configured), then every other {@code @Secret} key that has a value.
     */
    static List<String> heldSecrets(AppConfig config) {
        java.util.LinkedHashSet<String> keys = new java.util.LinkedHashSet<>();
        keys.add("gateway.token");
        keys.addAll(SecretKeys.setPaths(config));
        return List.copyOf(keys);
    }

    private static BrokerConfig brokerConfig(Main main) {
        BrokerConfig b = main.settings().config().broker();
        if (b == null) throw new IllegalArgumentException("the broker is not configured: add a 'broker:' section to clawdbot.yaml (docs/broker.md)");
        return b;
    }

    /** The broker role for one-shot commands: same database and spool as the running gateway, no events. */
    private static BrokerServices brokerServices(Main main, Database db) {
        Settings s = main.settings();
        ModelRouter router = Models.router(s.config().models(), db, main.clock(), null);
        return BrokerServices.create(brokerConfig(main), db, router, java.util.List.of(), EventSink.NONE, main.clock());
    }

    /**
     * One {@code admin run}: one database pool for the runner and the transcript, closed with the broker when the run
     * ends. The guard screens the run's untrusted tool output as in the server (withheld text lands in
     * {@code agent_withheld}, events in the event log).
     */
    static AdminCommand.Session adminSession(Main main) {
        Database db = database(main);
        List<AutoCloseable> opened = new ArrayList<>(List.of(db));
        BrokerServices broker;
        try {
            Settings s = main.settings();
            EventSink events = cliEvents(main, db, opened);
            broker = BrokerServices.create(brokerConfig(main), null, db, Models.router(s.config().models(), db, main.clock(), null),
                    List.of(), Components.buildGuard(s, events, main.clock()), new WithheldContent(db, main.clock()), events, main.clock());
        } catch (RuntimeException e) {
            Opened.of(null, opened.toArray(AutoCloseable[]::new)).close();
            throw e;
        }
        return new AdminCommand.Session() {
            @Override
            public AdminRunner runner() {
                return broker.adminRunner();
            }

            @Override
            public void keepTranscript(AdminRunner.AdminRun run, String requestId) {
                broker.broker().keepTranscript(requestId, run.runId(), run.trigger().wire(), run.transcript());
            }

            @Override
            public void close() {
                try {
                    broker.close();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                } finally {
                    Opened.of(null, opened.toArray(AutoCloseable[]::new)).close();
                }
            }
        };
    }

    /**
     * The event log for a one-shot command that changes who may talk to the bot: same table and file as the
     * server's, over the command's database; added to {@code opened}, so the queued events are written when the
     * command closes what it opened.
     */
    private static EventSink cliEvents(Main main, Database db, List<AutoCloseable> opened) {
        Settings s = main.settings();
        dev.clawdbot.core.events.EventLog log = new dev.clawdbot.core.events.EventLog(db,
                DataDir.open(s.dataDir()).path().resolve("events").resolve("events.jsonl"), main.clock(),
                dev.clawdbot.core.config.SecretRedactor.global(), s.config().events());
        opened.add(log);
        return log;
    }

    /**
     * The operator notifier for a one-shot command, over its database: the notice and one outbox row per configured
     * channel are stored, and when the command closes what it opened it sends the due rows itself
     * ({@link DurableNotifier#deliverDue}); a send that fails is left to the running server's delivery workers.
     */
    private static OperatorNotifier cliNotifier(Main main, Database db, List<AutoCloseable> opened) {
        AppConfig c = main.settings().config();
        DurableNotifier notifier = new DurableNotifier(db, OperatorNotifications.channels(c, main.clock()),
                c.operator().policy(), EventSink.NONE, main.clock(), "cli:" + ProcessHandle.current().pid());
        opened.add(notifier);
        opened.add(notifier::deliverDue);
        return notifier;
    }

    static Database database(Main main) {
        Settings s = main.settings();
        return Server.openDatabase(s, DataDir.open(s.dataDir()).path());
    }

    static List<Diagnostic> doctorFindings(Settings settings) {
        List<Diagnostic> out = new ArrayList<>();
        String low = settings.config().sandbox().disk().lowSpace(settings.dataDir());
        out.add(low == null ? Diagnostic.ok("disk", "free space on the data dir's file system is above the "
                + (settings.config().sandbox().disk().minFreeBytes() >> 20) + " MiB reserve")
                : Diagnostic.error("disk", low, "free space on that file system, or move the data dir (CLAWDBOT_DATA)"));
        try (Sandbox sandbox = Components.openSandbox(settings, EventSink.NONE, java.time.Clock.systemUTC())) {
            SandboxDiagnostics d = sandbox.diagnostics();
            if (d.problems().isEmpty()) {
                out.add(Diagnostic.ok("sandbox", d.backend() + " (" + d.reason() + "); limits: " + d.limits()));
            }
            Agents.workspaces(settings.config().agents(), settings.configDir()).forEach((agent, ws) -> {
                String problem = WorkspaceCheck.run(sandbox, ws);
                out.add(problem == null ? Diagnostic.ok("workspace", agent + ": a sandboxed command wrote and read files in " + ws)
                        : Diagnostic.error("workspace", agent + " (" + ws + "): " + problem,
                        "see docs/sandbox.md, \"The agent's workspace\"; `clawdbot sandbox check` repeats this check"));
            });
            for (Diagnostic p : d.problems()) out.add(new Diagnostic(p.severity(), "sandbox", d.backend() + ": " + p.detail(), p.fix()));
        } catch (RuntimeException e) {
            out.add(Diagnostic.error("sandbox", e.getMessage(), "see docs/sandbox.md"));
        }
        return out;
    }
}
