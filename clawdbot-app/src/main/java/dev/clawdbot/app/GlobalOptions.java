package dev.clawdbot.app;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Makes {@code --config} and {@code --data} work after any subcommand as well as before it
 * ({@code clawdbot config check --config F}). picocli's inherited options cannot be used: {@code guard eval} and
 * {@code guard train} have a {@code --data} of their own, so a subcommand that already names an option keeps it.
 */
final class GlobalOptions {
    private GlobalOptions() {
    }

    static void addTo(CommandLine root, Main main) {
        for (CommandLine sub : root.getSubcommands().values()) add(sub, main);
    }

    private static void add(CommandLine cl, Main main) {
        CommandSpec spec = cl.getCommandSpec();
        if (!spec.optionsMap().containsKey("--config")) {
            spec.addOption(option("--config", "FILE", "Configuration file (as before the subcommand).", v -> main.config = v));
        }
        if (!spec.optionsMap().containsKey("--data")) {
            spec.addOption(option("--data", "DIR", "Data directory (as before the subcommand).", v -> main.data = v));
        }
        for (CommandLine sub : cl.getSubcommands().values()) add(sub, main);
    }

    private static OptionSpec option(String name, String label, String description, Consumer<Path> target) {
        return OptionSpec.builder(name).paramLabel(label).type(Path.class).description(description)
                .setter(new CommandLine.Model.ISetter() {
                    @Override
                    public <T> T set(T value) {
                        // picocli also "sets" every unmatched option to its default (null) while parsing: keep the
                        // value given before the subcommand.
                        if (value != null) target.accept((Path) value);
                        return null;
                    }
                }).build();
    }
}
