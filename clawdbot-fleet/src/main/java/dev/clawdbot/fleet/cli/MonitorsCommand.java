package dev.clawdbot.fleet.cli;

import dev.clawdbot.core.Opened;
import dev.clawdbot.fleet.hosts.Inventory;
import dev.clawdbot.fleet.monitor.CheckResult;
import dev.clawdbot.fleet.monitor.Incident;
import dev.clawdbot.fleet.monitor.MonitorRole;
import dev.clawdbot.fleet.monitor.MonitorSpec;
import dev.clawdbot.fleet.monitor.MonitorStore;
import dev.clawdbot.fleet.monitor.MonitorType;
import dev.clawdbot.fleet.monitor.MonitorsConfig;
import dev.clawdbot.fleet.monitor.StoreRules;
import dev.clawdbot.fleet.monitor.StoredMonitors;
import dev.clawdbot.fleet.monitor.Uptime;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code clawdbot monitors list|add|check|history|delete|pause|resume|windows}: the monitors of the config file and
 * those stored by this command or the HTTP API, their last checks and uptime, one check now, a monitor's history,
 * changes to stored monitors, and the maintenance windows ({@link WindowsCommand}); a running server applies
 * changes within its reload interval.
 */
@Command(name = "monitors", description = "Uptime monitors: list, add, check one now, show history, delete, pause, resume; maintenance windows.",
        mixinStandardHelpOptions = true,
        subcommands = {MonitorsCommand.ListCommand.class, MonitorsCommand.AddCommand.class, MonitorsCommand.CheckCommand.class,
                MonitorsCommand.HistoryCommand.class, MonitorsCommand.DeleteCommand.class, MonitorsCommand.PauseCommand.class,
                MonitorsCommand.ResumeCommand.class, WindowsCommand.class})
public final class MonitorsCommand implements Runnable {
    /**
     * The fleet's SSH layer for {@code check} of SSH and CONTAINER monitors: the inventory (pins of {@code hosts:} and
     * {@code DATA/ssh/known_hosts}), and where a refused host key is recorded and told, as {@code clawdbot hosts} does.
     */
    public record Hosts(Supplier<Inventory> inventory, Supplier<Opened<HostsCommand.Reporting>> reporting) { }

    private final Supplier<MonitorsConfig> config;
    private final Supplier<Opened<Stores>> stores;
    private final Clock clock;
    private final Hosts hosts;

    /** The check history and the stored monitors, over one database. */
    public record Stores(MonitorStore store, StoredMonitors stored) {
    }

    /** {@code stores} opens the database for one subcommand, which closes it when it ends (config-only work opens nothing). */
    public MonitorsCommand(Supplier<MonitorsConfig> config, Supplier<Opened<Stores>> stores, Clock clock) {
        this(config, stores, clock, null);
    }

    /** {@code hosts}: null runs SSH and CONTAINER checks without managed hosts (they fail saying so). */
    public MonitorsCommand(Supplier<MonitorsConfig> config, Supplier<Opened<Stores>> stores, Clock clock, Hosts hosts) {
        this.config = config;
        this.stores = stores;
        this.clock = clock;
        this.hosts = hosts;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name a subcommand: list, add, check, history, delete, pause, resume or windows");
    }

    MonitorsConfig config() {
        return config.get();
    }

    Supplier<Opened<Stores>> stores() {
        return stores;
    }

    /** The managed hosts SSH and CONTAINER monitors may name; none without {@link Hosts}. */
    private java.util.Set<String> managedHosts() {
        return hosts == null ? java.util.Set.of() : hosts.inventory().get().hosts().keySet();
    }

    /** Config monitors first (source "config"), then stored ones ("stored", or "paused"). */
    private List<String[]> all(Stores stores) {
        List<String[]> out = new ArrayList<>();
        for (MonitorSpec s : config.get().monitors()) out.add(new String[]{s.name(), "config"});
        for (StoredMonitors.Stored s : stores.stored().all()) out.add(new String[]{s.spec().name(), s.paused() ? "paused" : "stored"});
        return out;
    }

    private MonitorSpec configured(String name) {
        for (MonitorSpec s : config.get().monitors()) if (s.name().equals(name)) return s;
        return null;
    }

    private MonitorSpec find(String name, CommandLine cli, Stores stores) {
        MonitorSpec c = configured(name);
        if (c != null) return c;
        StoredMonitors.Stored s = stores.stored().get(name);
        if (s == null) throw new CommandLine.ParameterException(cli, "no monitor " + name + " (see: clawdbot monitors list)");
        return s.spec();
    }

    static String target(MonitorSpec s) {
        return switch (s.type()) {
            case HTTP, MODEL_SERVER -> s.url().toString();
            case TCP, TLS, POSTGRES, SMTP, IMAP -> s.host() + ":" + s.port();
            case DNS -> s.recordType() + " " + s.host();
            case PING -> s.host();
            case SYSTEMD -> s.unit();
            case PUSH -> "/api/push/…";
            case SSH -> s.host() + ": " + String.join(" ", s.command());
            case CONTAINER -> s.host() + ": " + s.container();
        };
    }

    static String pct(Double d) {
        return d == null ? "-" : String.format(Locale.ROOT, "%.2f%%", d);
    }

    @Command(name = "list", description = "Every monitor: source, type, target, last check, uptime 24 h / 7 d / 30 d / 365 d.")
    static final class ListCommand implements Callable<Integer> {
        @ParentCommand
        MonitorsCommand parent;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (Opened<Stores> open = parent.stores.get()) {
                return list(open.get());
            }
        }

        private int list(Stores stores) {
            PrintWriter out = spec.commandLine().getOut();
            List<String[]> all = parent.all(stores);
            if (all.isEmpty()) {
                out.println("no monitors (add them under monitors: in clawdbot.yaml, or with clawdbot monitors add)");
                return 0;
            }
            MonitorStore store = stores.store();
            out.printf("%-24s %-7s %-8s %-40s %-28s %8s %8s %8s %8s%n", "NAME", "SOURCE", "TYPE", "TARGET", "LAST CHECK", "24H", "7D", "30D", "365D");
            for (String[] row : all) {
                MonitorSpec s = parent.find(row[0], spec.commandLine(), stores);
                List<MonitorStore.Check> last = store.recent(s.name(), 1);
                String lastText = last.isEmpty() ? "never" : (last.getFirst().up() ? "UP " : "DOWN ") + last.getFirst().time();
                boolean warned = !last.isEmpty() && last.getFirst().up() && last.getFirst().cause() != null;
                Uptime u = store.uptime(s.name(), parent.clock.instant());
                out.printf("%-24s %-7s %-8s %-40s %-28s %8s %8s %8s %8s%n", s.name(), row[1], s.type(), target(s), lastText,
                        pct(u.day()), pct(u.week()), pct(u.month()), pct(u.year()));
                if (warned) out.println("  warning: " + last.getFirst().cause());
            }
            return 0;
        }
    }

    @Command(name = "add", description = "Store a monitor; a running server starts it within seconds.")
    static final class AddCommand implements Callable<Integer> {
        @ParentCommand
        MonitorsCommand parent;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(index = "0", paramLabel = "SPEC",
                description = "the monitor as JSON with the config keys, e.g. '{\"name\":\"web\",\"type\":\"HTTP\",\"url\":\"https://example.org/\"}'")
        String json;
        @Option(names = "--replace", description = "replace a stored monitor of the same name")
        boolean replace;

        @Override
        public Integer call() {
            MonitorSpec s;
            try {
                s = StoredMonitors.parse(json);
                StoreRules.checkHost(s, parent.managedHosts());
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            if (parent.config.get().monitors().stream().anyMatch(m -> m.name().equals(s.name()))) {
                throw new CommandLine.ParameterException(spec.commandLine(), "monitor " + s.name() + " is in the config file; edit it there");
            }
            try (Opened<Stores> open = parent.stores.get()) {
                StoredMonitors store = open.get().stored();
                if (!replace && store.get(s.name()) != null) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "monitor " + s.name() + " exists; --replace to replace it");
                }
                store.put(s, false);
            }
            spec.commandLine().getOut().println("stored monitor " + s.name() + " (" + s.type() + " " + target(s) + ")");
            return 0;
        }
    }

    @Command(name = "check", description = "Run one check of a monitor now and print the result (not recorded); exit 1 when it fails.")
    static final class CheckCommand implements Callable<Integer> {
        @ParentCommand
        MonitorsCommand parent;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            MonitorSpec s = parent.configured(name);
            if (s == null) {
                try (Opened<Stores> open = parent.stores.get()) {
                    s = parent.find(name, spec.commandLine(), open.get());
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            if (s.type() == MonitorType.PUSH) {
                out.println(name + ": a PUSH monitor is judged by the running server from its heartbeats; see clawdbot monitors history " + name);
                return 2;
            }
            CheckResult r;
            if ((s.type() == MonitorType.SSH || s.type() == MonitorType.CONTAINER) && parent.hosts != null) {
                try (Opened<HostsCommand.Reporting> reporting = parent.hosts.reporting().get()) {
                    r = MonitorRole.checkNow(s, parent.clock, parent.hosts.inventory().get(), reporting.get().events(), reporting.get().notifier());
                }
            } else {
                r = MonitorRole.checkNow(s, parent.clock);
            }
            out.println(name + ": " + (r.up() ? "UP" : "DOWN") + " in " + r.latency().toMillis() + " ms" + (r.cause() == null ? "" : (r.up() ? ", warning: " : ": ") + r.cause()));
            return r.up() ? 0 : 1;
        }
    }

    @Command(name = "history", description = "A monitor's latest checks, incidents and uptime.")
    static final class HistoryCommand implements Callable<Integer> {
        @ParentCommand
        MonitorsCommand parent;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Option(names = "--limit", defaultValue = "20", description = "how many checks (default 20)")
        int limit;

        @Override
        public Integer call() {
            try (Opened<Stores> open = parent.stores.get()) {
                return history(open.get());
            }
        }

        private int history(Stores stores) {
            MonitorSpec s = parent.find(name, spec.commandLine(), stores);
            MonitorStore store = stores.store();
            PrintWriter out = spec.commandLine().getOut();
            Uptime u = store.uptime(s.name(), parent.clock.instant());
            out.println(s.name() + " (" + s.type() + " " + target(s) + "): uptime 24h " + pct(u.day()) + ", 7d " + pct(u.week())
                    + ", 30d " + pct(u.month()) + ", 365d " + pct(u.year()));
            List<MonitorStore.Check> checks = store.recent(s.name(), Math.max(1, Math.min(limit, 10_000)));
            out.println("checks, newest first:" + (checks.isEmpty() ? " none yet" : ""));
            for (MonitorStore.Check c : checks) {
                out.println("  " + c.time() + "  " + (c.up() ? "UP  " : "DOWN") + String.format(Locale.ROOT, " %6d ms", c.latencyMs())
                        + (c.maintenance() ? "  (maintenance)" : "") + (c.cause() == null ? "" : "  " + c.cause()));
            }
            List<Incident> incidents = store.incidents(s.name());
            out.println("incidents: " + (incidents.isEmpty() ? "none" : ""));
            for (Incident i : incidents) {
                out.println("  " + i.start() + " .. " + (i.end() == null ? "ongoing" : i.end()) + "  " + i.cause());
            }
            return 0;
        }
    }

    /** A change to one stored monitor by name; config monitors are changed in the config file. */
    abstract static class StoredChange implements Callable<Integer> {
        @ParentCommand
        MonitorsCommand parent;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        /** Applies the change to the store; returns what the command prints. */
        abstract String change(StoredMonitors store, StoredMonitors.Stored monitor);

        @Override
        public Integer call() {
            CommandLine cli = spec.commandLine();
            if (parent.config.get().monitors().stream().anyMatch(m -> m.name().equals(name))) {
                throw new CommandLine.ParameterException(cli, "monitor " + name + " is in the config file; edit it there");
            }
            try (Opened<Stores> open = parent.stores.get()) {
                StoredMonitors store = open.get().stored();
                StoredMonitors.Stored s = store.get(name);
                if (s == null) throw new CommandLine.ParameterException(cli, "no stored monitor " + name + " (see: clawdbot monitors list)");
                cli.getOut().println(change(store, s));
            }
            return 0;
        }
    }

    @Command(name = "delete", description = "Remove a stored monitor (its history stays); a running server stops it within seconds.")
    static final class DeleteCommand extends StoredChange {
        @Override
        String change(StoredMonitors store, StoredMonitors.Stored monitor) {
            store.delete(name);
            return "deleted monitor " + name;
        }
    }

    /** Pause or resume: the stored monitor with its flag set. */
    abstract static class PauseChange extends StoredChange {
        abstract boolean paused();

        @Override
        String change(StoredMonitors store, StoredMonitors.Stored monitor) {
            store.put(monitor.spec(), paused());
            return (paused() ? "paused" : "resumed") + " monitor " + name;
        }
    }

    @Command(name = "pause", description = "Stop a stored monitor's checks (history stays); a running server stops it within seconds.")
    static final class PauseCommand extends PauseChange {
        @Override
        boolean paused() {
            return true;
        }
    }

    @Command(name = "resume", description = "Restart a paused stored monitor's checks.")
    static final class ResumeCommand extends PauseChange {
        @Override
        boolean paused() {
            return false;
        }
    }
}
