package dev.clawdbot.app;

import dev.clawdbot.app.cli.ChatCommand;
import dev.clawdbot.app.cli.TokensCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Builds the subcommand tree: the app's own commands and those each module contributes. picocli reads every
 * command class by reflection when it is added (~0.5 s for the whole tree on a cold JVM), so a command line
 * that names one known subcommand gets only that one; help, usage errors and unknown names get the whole tree.
 */
final class CommandTree {
    /** Global options of {@link Main} that take a value, so the value is not mistaken for the subcommand. */
    private static final Set<String> OPTIONS_WITH_VALUE = Set.of("--config", "--data");

    private CommandTree() {
    }

    /** Registers only the subcommand {@code args} name, when it is a known one; otherwise the whole tree. */
    static void register(CommandLine root, Main main, String[] args) {
        Map<String, Supplier<Object>> all = all(main);
        String name = subcommand(args);
        if (name != null && all.containsKey(name)) root.addSubcommand(name, all.get(name).get());
        else all.forEach((n, command) -> root.addSubcommand(n, command.get()));
    }

    /** The first argument that is neither a global option nor an option's value; null when there is none. */
    static String subcommand(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (OPTIONS_WITH_VALUE.contains(a)) i++;
            else if (!a.startsWith("-")) return a;
        }
        return null;
    }

    private static Map<String, Supplier<Object>> all(Main main) {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("serve", () -> new ServeCommand(main));
        m.put("chat", () -> new ChatCommand(main::localEndpoint));
        m.put("doctor", () -> new DoctorCommand(main));
        m.put("config", () -> {
            CommandLine config = new CommandLine(new ConfigCommand());
            config.addSubcommand("check", new ConfigCommand.Check(main));
            return config;
        });
        m.put("version", VersionCommand::new);
        m.put("tokens", () -> new TokensCommand(() -> ModuleCommands.database(main), main.clock()));
        ModuleCommands.register(m, main);
        return m;
    }

    @Command(name = "version", description = "Print the version and the Java runtime.")
    static final class VersionCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            for (String line : new Main.VersionProvider().getVersion()) spec.commandLine().getOut().println(line);
            return 0;
        }
    }
}
