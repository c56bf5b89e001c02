package dev.clawdbot.fleet.cli;

import dev.clawdbot.fleet.monitor.CheckResult;
import dev.clawdbot.fleet.monitor.Incident;
import dev.clawdbot.fleet.monitor.MonitorRole;
import dev.clawdbot.fleet.monitor.MonitorSpec;
import dev.clawdbot.fleet.monitor.MonitorStore;
import dev.clawdbot.fleet.monitor.MonitorType;
import dev.clawdbot.fleet.monitor.MonitorsConfig;
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
 * {@code clawdbot monitors list|add|check|history}: the monitors of the config file and those stored by this
 * command or the HTTP API, their last checks and uptime, one check now, and a monitor's history.
 */
@Command(name = "monitors", description = "Uptime monitors: list, add, check one now, show history.", mixinStandardHelpOptions = true,
        subcommands = {MonitorsCommand.ListCommand.class, MonitorsCommand.AddCommand.class, MonitorsCommand.CheckCommand.class,
                MonitorsCommand.HistoryCommand.class})
public final class MonitorsCommand implements Runnable {
    private final Supplier<MonitorsConfig> config;
    private final Supplier<MonitorStore> store;
    private final Supplier<StoredMonitors> stored;
    private final Clock clock;

    public MonitorsCommand(Supplier<MonitorsConfig> config, Supplier<MonitorStore> store, Supplier<StoredMonitors> stored, Clock clock) {
        this.config = config;
        this.store = store;
        this.stored = stored;
        this.clock = clock;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "name a subcommand: list, add, check or history");
    }

    /** Config monitors first (source "config"), then stored ones ("stored", or "paused"). */
    private List<String[]> all() {
        List<String[]> out = new ArrayList<>();
        for (MonitorSpec s : config.get().monitors()) out.add(new String[]{s.name(), "config"});
        for (StoredMonitors.Stored s : stored.get().all()) out.add(new String[]{s.spec().name(), s.paused() ? "paused" : "stored"});
        return out;
    }

    private MonitorSpec find(String name, CommandLine cli) {
        for (MonitorSpec s : config.get().monitors()) if (s.name().equals(name)) return s;
        StoredMonitors.Stored s = stored.get().get(name);
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
            PrintWriter out = spec.commandLine().getOut();
            List<String[]> all = parent.all();
            if (all.isEmpty()) {
                out.println("no monitors (add them under monitors: in clawdbot.yaml, or with clawdbot monitors add)");
                return 0;
            }
            MonitorStore store = parent.store.get();
            out.printf("%-24s %-7s %-8s %-40s %-28s %8s %8s %8s %8s%n", "NAME", "SOURCE", "TYPE", "TARGET", "LAST CHECK", "24H", "7D", "30D", "365D");
            for (String[] row : all) {
                MonitorSpec s = parent.find(row[0], spec.commandLine());
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

    @Command(name = "add", description = "Store a monitor (the running server picks it up at its next start; the HTTP API applies at once).")
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
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            if (parent.config.get().monitors().stream().anyMatch(m -> m.name().equals(s.name()))) {
                throw new CommandLine.ParameterException(spec.commandLine(), "monitor " + s.name() + " is in the config file; edit it there");
            }
            StoredMonitors store = parent.stored.get();
            if (!replace && store.get(s.name()) != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "monitor " + s.name() + " exists; --replace to replace it");
            }
            store.put(s, false);
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
            MonitorSpec s = parent.find(name, spec.commandLine());
            PrintWriter out = spec.commandLine().getOut();
            if (s.type() == MonitorType.PUSH) {
                out.println(name + ": a PUSH monitor is judged by the running server from its heartbeats; see clawdbot monitors history " + name);
                return 2;
            }
            CheckResult r = MonitorRole.checkNow(s, parent.clock);
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
            MonitorSpec s = parent.find(name, spec.commandLine());
            MonitorStore store = parent.store.get();
            PrintWriter out = spec.commandLine().getOut();
            Uptime u = store.uptime(s.name(), parent.clock.instant());
            out.println(s.name() + " (" + s.type() + " " + target(s) + "): uptime 24h " + pct(u.day()) + ", 7d " + pct(u.week())
                    + ", 30d " + pct(u.month()) + ", 365d " + pct(u.year()));
            out.println("checks, newest first:");
            for (MonitorStore.Check c : store.recent(s.name(), Math.max(1, Math.min(limit, 10_000)))) {
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
}
