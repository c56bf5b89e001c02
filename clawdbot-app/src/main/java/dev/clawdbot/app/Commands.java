package dev.clawdbot.app;

import dev.clawdbot.app.cli.ChatCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Builds the subcommand tree: the app's own commands and those each module contributes. */
final class Commands {
    private Commands() {
    }

    static void register(CommandLine root, Main main) {
        root.addSubcommand("serve", new ServeCommand(main));
        root.addSubcommand("chat", new ChatCommand(main::localEndpoint));
        root.addSubcommand("doctor", new DoctorCommand(main));
        CommandLine config = new CommandLine(new ConfigCommand());
        config.addSubcommand("check", new ConfigCommand.Check(main));
        root.addSubcommand("config", config);
        root.addSubcommand("version", new VersionCommand());
        ModuleCommands.register(root, main);
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
