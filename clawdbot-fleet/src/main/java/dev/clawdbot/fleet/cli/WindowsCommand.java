package dev.clawdbot.fleet.cli;

import dev.clawdbot.core.Opened;
import dev.clawdbot.fleet.monitor.MaintenanceWindow;
import dev.clawdbot.fleet.monitor.StoreRules;
import dev.clawdbot.fleet.monitor.StoredMonitors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code clawdbot monitors windows list|add|delete}: the maintenance windows of the config file (read-only) and
 * those stored by this command or {@code PUT /api/maintenance/<name>}, with the API's rules and messages. A running
 * monitor role applies a change within its reload interval (the stored change counter moves).
 */
@Command(name = "windows", description = "Maintenance windows: list, add or replace, delete.", mixinStandardHelpOptions = true,
        subcommands = {WindowsCommand.ListCommand.class, WindowsCommand.AddCommand.class, WindowsCommand.DeleteCommand.class})
final class WindowsCommand implements Runnable {
    @ParentCommand
    MonitorsCommand parent;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: list, add or delete");
    }

    /** What each subcommand reaches: this command (and through it {@code monitors}), and its own command line. */
    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        WindowsCommand windows;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        /** Refuses a window of the config file, which only the config file changes. */
        void notFromConfig(String name) {
            if (StoreRules.configWindow(windows.parent.config(), name)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "maintenance window " + name + " is in the config file; edit it there");
            }
        }
    }

    static String line(MaintenanceWindow w, String source) {
        return String.format("%-24s %-7s %-28s %-10s %s", w.name(), source, w.calendar(), w.duration(),
                w.monitors().isEmpty() ? "(all monitors)" : String.join(",", w.monitors()));
    }

    @Command(name = "list", description = "Every window: source (config or stored), calendar, duration, the monitors it covers.")
    static final class ListCommand extends Sub {

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            var config = windows.parent.config();
            try (Opened<MonitorsCommand.Stores> open = windows.parent.stores().get()) {
                var stored = open.get().stored().windows().stream().filter(w -> !StoreRules.configWindow(config, w.name())).toList();
                if (config.maintenance().isEmpty() && stored.isEmpty()) {
                    out.println("no maintenance windows (add them under monitors.maintenance: in clawdbot.yaml, or with clawdbot monitors windows add)");
                    return 0;
                }
                out.printf("%-24s %-7s %-28s %-10s %s%n", "NAME", "SOURCE", "CALENDAR", "DURATION", "MONITORS");
                config.maintenance().forEach(w -> out.println(line(w, "config")));
                stored.forEach(w -> out.println(line(w, "stored")));
            }
            return 0;
        }
    }

    @Command(name = "add", description = "Store a window, or replace a stored one of the same name; a running server applies it within seconds.")
    static final class AddCommand extends Sub {
        @Parameters(index = "0", paramLabel = "WINDOW",
                description = "the window as JSON with the config keys, e.g. '{\"name\":\"patch\",\"calendar\":\"Sun *-*-* 02:00:00\",\"duration\":\"PT1H\",\"monitors\":[\"web\"]}'")
        String json;

        @Override
        public Integer call() {
            CommandLine cli = spec.commandLine();
            var config = windows.parent.config();
            MaintenanceWindow w;
            try {
                w = StoredMonitors.parseWindow(json);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cli, e.getMessage());
            }
            notFromConfig(w.name());
            try (Opened<MonitorsCommand.Stores> open = windows.parent.stores().get()) {
                StoredMonitors stored = open.get().stored();
                try {
                    StoreRules.checkWindow(w, config, stored);
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(cli, e.getMessage());
                }
                stored.putWindow(w);
            }
            cli.getOut().println("stored maintenance window " + w.name() + " (" + w.calendar() + " for " + w.duration() + ")");
            return 0;
        }
    }

    @Command(name = "delete", description = "Remove a stored window; a running server drops it within seconds.")
    static final class DeleteCommand extends Sub {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            CommandLine cli = spec.commandLine();
            notFromConfig(name);
            try (Opened<MonitorsCommand.Stores> open = windows.parent.stores().get()) {
                if (!open.get().stored().deleteWindow(name)) {
                    throw new CommandLine.ParameterException(cli, "no stored maintenance window " + name + " (see: clawdbot monitors windows list)");
                }
            }
            cli.getOut().println("deleted maintenance window " + name);
            return 0;
        }
    }
}
