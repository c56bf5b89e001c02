package dev.clawdbot.app;

import dev.clawdbot.agent.Agents;
import dev.clawdbot.agent.SessionStore;
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
import java.util.function.Supplier;

/**
 * The subcommands and doctor checks that feature modules contribute. One-shot commands open what they need
 * lazily (the database only when a subcommand touches it) and record no events unless they change state.
 */
final class ModuleCommands {
    private ModuleCommands() {
    }

    static void register(Map<String, Supplier<Object>> commands, Main main) {
        commands.put("sessions", () -> new SessionsCommand(() -> new SessionStore(database(main), main.clock()), main.clock()).commandLine());
        commands.put("guard", () -> new CommandLine(new GuardCommand(() -> main.settings().config().guard(), EventSink.NONE, main.clock(), System.in)));
        commands.put("sandbox", () -> {
            SandboxCommand sandbox = new SandboxCommand(() -> Components.openSandbox(main.settings(), EventSink.NONE, main.clock()),
                    () -> Agents.workspaces(main.settings().config().agents(), main.settings().configDir()));
            return new CommandLine(sandbox, sandbox.factory());
        });
        commands.put("siem", () -> new CommandLine(new SiemCommand(main.clock(), System.in, () -> new AlertStore(database(main)),
                store -> new dev.clawdbot.siem.response.ActiveResponse(main.settings().config().siem().response(),
                        new dev.clawdbot.siem.response.BlockStore(store.database()), cliEvents(main), main.clock()))));
        commands.put("pairing", () -> new CommandLine(new PairingCommand(() -> new PairingStore(database(main), main.clock(), cliEvents(main)))));
        String user = "cli:" + System.getProperty("user.name", "operator");
        commands.put("request", () -> new CommandLine(new RequestCommand(() -> brokerServices(main).broker(), () -> System.in, user)));
        commands.put("bridge", () -> new CommandLine(new BridgeCommand(
                () -> BrokerServices.bridgeSender(brokerConfig(main).bridge(), main.clock(), "admin"), () -> System.in, main.clock())));
        commands.put("admin", () -> new CommandLine(new AdminCommand(() -> adminSession(main), () -> System.in)));
        commands.put("ops", () -> OpsCommand.commandLine(main.env(), main.clock(), () -> {
            Database db = database(main);
            return new OpsRole(db, main.settings().config().ops(), heldSecrets(main.settings().config()), OperatorNotifier.none(), EventSink.NONE,
                    ZoneInfo.fromEnvironment(main.env()), main.clock(), OpsSeams.of(main.settings(), db, EventSink.NONE, main.clock(), () -> null)
                    .withJobs(OpsSeams.siemJobs(main.settings(), db, OperatorNotifier.none())));
        }));
        commands.put("monitors", () -> {
            Supplier<Database> db = memo(() -> database(main));
            return new CommandLine(new dev.clawdbot.fleet.cli.MonitorsCommand(() -> main.settings().config().monitors(),
                    () -> new dev.clawdbot.fleet.monitor.MonitorStore(db.get()),
                    () -> new dev.clawdbot.fleet.monitor.StoredMonitors(db.get(), main.clock(),
                            dev.clawdbot.fleet.monitor.SecretSeal.open(DataDir.open(main.settings().dataDir()).path())), main.clock()));
        });
        commands.put("hosts", () -> dev.clawdbot.fleet.cli.HostsCommand.commandLine(new dev.clawdbot.fleet.cli.HostsCommand.Context(
                () -> main.settings().config().inventory(DataDir.open(main.settings().dataDir()).path()), () -> cliEvents(main),
                notice -> cliNotifier(main).notify(notice), main.clock(), () -> System.in)));
        commands.put("secrets", () -> SecretsCommand.commandLine(() -> new Inventory(main.settings().config().ops().secrets(),
                heldSecrets(main.settings().config()), new RotationStore(database(main)), main.clock()),
                () -> SecretVerifiers.of(main.settings().config())));
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
    private static BrokerServices brokerServices(Main main) {
        return brokerServices(main, database(main));
    }

    private static BrokerServices brokerServices(Main main, Database db) {
        Settings s = main.settings();
        ModelRouter router = Models.router(s.config().models(), db, main.clock(), null);
        return BrokerServices.create(brokerConfig(main), db, router, java.util.List.of(), EventSink.NONE, main.clock());
    }

    /** One {@code admin run}: one database pool for the runner and the transcript, closed with the broker when the run ends. */
    static AdminCommand.Session adminSession(Main main) {
        Database db = database(main);
        BrokerServices broker;
        try {
            broker = brokerServices(main, db);
        } catch (RuntimeException e) {
            db.close();
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
                    db.close();
                }
            }
        };
    }

    /**
     * The event log for a one-shot command that changes who may talk to the bot: same table and file as the
     * server's; the events are flushed when the command's JVM exits.
     */
    private static EventSink cliEvents(Main main) {
        Settings s = main.settings();
        Database db = database(main);
        dev.clawdbot.core.events.EventLog log = new dev.clawdbot.core.events.EventLog(db,
                DataDir.open(s.dataDir()).path().resolve("events").resolve("events.jsonl"), main.clock(),
                dev.clawdbot.core.config.SecretRedactor.global(), s.config().events());
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(log::close));
        return log;
    }

    /** Computes once, on first use (a one-shot command opens the database only when a subcommand needs it). */
    private static <T> Supplier<T> memo(Supplier<T> s) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) value = s.get();
                return value;
            }
        };
    }

    /**
     * The operator notifier for a one-shot command: the notice and one outbox row per configured channel are stored in
     * the database, and the running server's delivery workers send them (they poll every 30 s).
     */
    private static OperatorNotifier cliNotifier(Main main) {
        AppConfig c = main.settings().config();
        return new dev.clawdbot.core.notify.DurableNotifier(database(main), OperatorNotifications.channels(c, main.clock()),
                c.operator().policy(), EventSink.NONE, main.clock(), "cli:" + ProcessHandle.current().pid());
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
