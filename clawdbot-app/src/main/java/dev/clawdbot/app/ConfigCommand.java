package dev.clawdbot.app;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code clawdbot config check}: loads and validates the configuration without starting anything. */
@Command(name = "config", description = "Configuration commands.")
final class ConfigCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "check", description = "Validate the configuration file and environment; exit 2 on the first error.")
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        private final Main main;

        Check(Main main) {
            this.main = main;
        }

        @Override
        public Integer call() {
            Settings s = main.settings();
            PrintWriter out = spec.commandLine().getOut();
            s.warnings().forEach(w -> out.println("warning: " + w));
            out.println("configuration OK: " + s.configFile().map(Object::toString).orElse("no file, defaults + environment"));
            out.println("data directory: " + s.dataDir());
            out.println("default agent: " + s.config().agents().defaultAgent() + ", agents: " + s.config().agents().agents().keySet());
            out.println("default model: " + (s.config().models().defaultModel() == null ? "(none configured)" : s.config().models().defaultModel()));
            out.println("HTTP: " + s.config().gateway().host() + ":" + s.config().gateway().port());
            return 0;
        }
    }
}
