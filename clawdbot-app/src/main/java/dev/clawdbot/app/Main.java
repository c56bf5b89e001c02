package dev.clawdbot.app;

import dev.clawdbot.app.cli.ChatCommand;
import dev.clawdbot.core.config.ConfigException;
import dev.clawdbot.core.config.ConfigLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * The {@code clawdbot} command. Global options pick the config file and data directory; every subcommand
 * resolves {@link Settings} lazily, so {@code version} and {@code --help} work even with a broken config.
 * Exit codes: 0 ok, 1 failure, 2 usage or configuration error.
 */
@Command(name = "clawdbot", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "AI agents that operate a small fleet of servers, with a human deciding anything consequential.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements java.util.concurrent.Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config",
            description = "Configuration file (default: $CLAWDBOT_CONFIG, else DATA/clawdbot.yaml if present).")
    Path config;

    @Option(names = "--data",
            description = "Data directory (default: $CLAWDBOT_DATA, else ./data).")
    Path data;

    private final Map<String, String> env;
    private final Clock clock;
    private Settings settings;

    Main(Map<String, String> env, Clock clock) {
        this.env = env;
        this.clock = clock;
    }

    public static void main(String[] args) {
        quietConsoleUnlessServing(args);
        prewarm();
        System.exit(run(args, System.getenv(), Clock.systemUTC()));
    }

    /**
     * One-shot commands log WARN and above on the console, so a library's INFO lines (db-scheduler starting, Flyway,
     * pools) do not mix with the command's output; {@code serve} keeps INFO for its journal. {@code CLAWDBOT_LOG_LEVEL}
     * overrides both (logback.xml reads it first). Must run before logging is set up, which {@link #prewarm} starts.
     */
    static void quietConsoleUnlessServing(String[] args) {
        if (!"serve".equals(CommandTree.subcommand(args))) System.setProperty(CONSOLE_LEVEL, "WARN");
    }

    /** The system property logback.xml reads when CLAWDBOT_LOG_LEVEL is not set. */
    static final String CONSOLE_LEVEL = "clawdbot.consoleLevel";

    /**
     * Starts, on a second thread, what nearly every command needs next — logging set up and the configuration
     * mapper built by reading the defaults once (Jackson keeps the deserializers) — while this thread builds
     * the picocli command tree. Both take ~0.1 s on first use; whatever fails here fails again, and is
     * reported, where the command does it for real.
     */
    private static void prewarm() {
        Thread.ofPlatform().daemon().name("clawdbot-prewarm").start(() -> {
            try {
                org.slf4j.LoggerFactory.getLogger(Main.class);
                ConfigLoader.parse("", "(defaults)", AppConfig.class, Map.of(), Path.of(""), w -> { });
            } catch (RuntimeException e) {
                // Reported by the command itself.
            }
        });
    }

    /** Runs the command line and returns the exit code (tests call this). */
    public static int run(String[] args, Map<String, String> env, Clock clock) {
        return commandLine(new Main(env, clock), args).execute(args);
    }

    /** The command tree for these arguments: only the subcommand they name, or all of them (see {@link CommandTree}). */
    static CommandLine commandLine(Main main, String... args) {
        CommandLine cl = new CommandLine(main);
        CommandTree.register(cl, main, args);
        GlobalOptions.addTo(cl, main);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof ConfigException ce) {
                commandLine.getErr().println("clawdbot: configuration error: " + ce.getMessage());
                return 2;
            }
            commandLine.getErr().println("clawdbot: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return 1;
        });
        return cl;
    }

    /** {@code clawdbot} with no subcommand: the usage, listing every subcommand, on stderr, and exit code 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }

    /** The settings, resolved once on first use. */
    synchronized Settings settings() {
        if (settings == null) {
            settings = Settings.resolve(config, data, env);
            settings.notice().ifPresent(n -> spec.commandLine().getErr().println(n));
        }
        return settings;
    }

    Map<String, String> env() {
        return env;
    }

    Clock clock() {
        return clock;
    }

    ChatCommand.GatewayEndpoint localEndpoint() {
        Settings s = settings();
        String host = s.config().gateway().host();
        if (host.equals("0.0.0.0") || host.equals("::")) host = "127.0.0.1";
        String tokenValue = s.config().gateway().token();
        if (tokenValue == null) {
            Path file = s.dataDir().resolve(dev.clawdbot.core.DataDir.TOKEN_FILE);
            try {
                tokenValue = java.nio.file.Files.readString(file).strip();
            } catch (java.io.IOException e) {
                tokenValue = null;
            }
        }
        return new ChatCommand.GatewayEndpoint("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + s.config().gateway().port(), tokenValue);
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"clawdbot " + Version.current(), "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
