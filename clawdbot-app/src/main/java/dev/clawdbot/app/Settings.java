package dev.clawdbot.app;

import dev.clawdbot.app.http.HttpConfig;
import dev.clawdbot.core.config.ConfigException;
import dev.clawdbot.core.config.ConfigLoader;
import dev.clawdbot.core.config.SecretKeys;
import dev.clawdbot.core.config.Secrets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration in force: the file (if any) with the quick-start environment variables applied on
 * top, and the directories it implies. Environment variables win over the file, so a container or systemd
 * unit can override one value without editing it.
 *
 * @param configDir where agent personas and behaviours live: the config file's directory, else the data dir
 * @param origin    how the data directory was chosen, in words ("--data", "the last `clawdbot serve`", ...)
 */
public record Settings(AppConfig config, Path dataDir, Optional<Path> configFile, Path configDir,
                       Map<String, String> env, List<String> warnings, String origin) {

    static final String DEFAULT_ORIGIN = "default ./data";
    static final String POINTER_ORIGIN = "the last `clawdbot serve`";

    static final String DEFAULT_DATA_DIR = "data";

    /**
     * @param explicitConfig {@code --config}, or null
     * @param explicitData   {@code --data}, or null
     * @throws ConfigException for any problem in the file or the environment variables
     */
    public static Settings resolve(Path explicitConfig, Path explicitData, Map<String, String> env) {
        boolean nothingNamed = explicitConfig == null && explicitData == null && envPath(env, "CLAWDBOT_DATA").isEmpty()
                && envPath(env, "CLAWDBOT_CONFIG").isEmpty();
        if (nothingNamed && !hasState(Path.of(DEFAULT_DATA_DIR))) {
            // Nothing says where: use what the last `clawdbot serve` used rather than an empty ./data.
            Optional<ServerPointer> last = ServerPointer.read(env);
            if (last.isPresent()) {
                Settings s = resolve(last.get().configFile().orElse(null), last.get().dataDir(), env);
                return new Settings(s.config, s.dataDir, s.configFile, s.configDir, s.env, s.warnings, POINTER_ORIGIN);
            }
        }
        List<String> warnings = new ArrayList<>();
        Path dataGuess = explicitData != null ? explicitData : envPath(env, "CLAWDBOT_DATA").orElse(Path.of(DEFAULT_DATA_DIR));
        Optional<Path> file = ConfigLoader.locate(explicitConfig, env, dataGuess);
        AppConfig fromFile = file.isPresent()
                ? ConfigLoader.load(file.get(), AppConfig.class, env, warnings::add)
                : ConfigLoader.parse("", "(defaults)", AppConfig.class, env, Path.of(""), warnings::add);

        Path dataDir;
        String origin;
        if (explicitData != null) {
            dataDir = explicitData;
            origin = "--data";
        } else if (envPath(env, "CLAWDBOT_DATA").isPresent()) {
            dataDir = envPath(env, "CLAWDBOT_DATA").get();
            origin = "CLAWDBOT_DATA";
        } else if (fromFile.dataDir() != null && !fromFile.dataDir().isBlank()) {
            Path d = Path.of(fromFile.dataDir());
            Path base = file.map(f -> f.toAbsolutePath().getParent()).orElse(Path.of(""));
            dataDir = d.isAbsolute() ? d : base.resolve(d);
            origin = "dataDir in " + file.get();
        } else {
            dataDir = Path.of(DEFAULT_DATA_DIR);
            origin = DEFAULT_ORIGIN;
        }
        dataDir = dataDir.toAbsolutePath().normalize();

        AppConfig config = applyEnvironment(fromFile, env, file.map(Path::toString).orElse("(environment)"));
        // Values the environment supplied (CLAWDBOT_GATEWAY_TOKEN, TELEGRAM_BOT_TOKEN, ...) are registered too.
        SecretKeys.registerAll(config);
        Path configDir = file.map(f -> f.toAbsolutePath().getParent()).orElse(dataDir);
        return new Settings(config, dataDir, file, configDir, Map.copyOf(env), List.copyOf(warnings), origin);
    }

    private static AppConfig applyEnvironment(AppConfig c, Map<String, String> env, String source) {
        HttpConfig http = c.gateway();
        String port = env.get("CLAWDBOT_PORT");
        if (port != null && !port.isBlank()) {
            int p;
            try {
                p = Integer.parseInt(port.strip());
            } catch (NumberFormatException e) {
                throw new ConfigException("CLAWDBOT_PORT", 0, 0, "gateway.port", "must be a port number 0..65535, was '" + port + "'");
            }
            if (p < 0 || p > 65535) throw new ConfigException("CLAWDBOT_PORT", 0, 0, "gateway.port", "must be 0..65535, was " + p);
            http = http.withPort(p);
        }
        String token = Secrets.fromEnv(env, "CLAWDBOT_GATEWAY_TOKEN").orElse(null);
        if (token != null && !token.isBlank()) {
            try {
                http = http.withToken(token.strip());
            } catch (IllegalArgumentException e) {
                throw new ConfigException("CLAWDBOT_GATEWAY_TOKEN", 0, 0, "gateway.token", e.getMessage());
            }
        }
        dev.clawdbot.llm.ModelsConfig models;
        try {
            models = c.models().withEnvironment(env);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source, 0, 0, "models", e.getMessage());
        }
        dev.clawdbot.channels.TelegramConfig telegram;
        try {
            telegram = c.telegram().withEnvironment(env);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source, 0, 0, "telegram", e.getMessage());
        }
        return new AppConfig(c.dataDir(), c.database(), c.events(), http, models, c.agents(), c.guard(), c.sandbox(),
                telegram, c.adminBot(), c.voice(), c.mail(), c.broker(), c.operator(), c.siem(), c.ops(), c.monitors(), c.hosts());
    }

    /** Whether {@code dir} already holds a gateway's state (a config, a database or a token). */
    private static boolean hasState(Path dir) {
        return java.nio.file.Files.exists(dir.resolve("clawdbot.yaml")) || java.nio.file.Files.exists(dir.resolve("clawdbot.db"))
                || java.nio.file.Files.exists(dir.resolve(dev.clawdbot.core.DataDir.TOKEN_FILE));
    }

    /** The line CLI commands print when nothing named the data directory, so it is never chosen silently. */
    Optional<String> notice() {
        if (!origin.equals(DEFAULT_ORIGIN) && !origin.equals(POINTER_ORIGIN)) return Optional.empty();
        return Optional.of("clawdbot: using data directory " + dataDir + configFile.map(f -> " and config " + f).orElse("")
                + " (" + origin + "; choose with --data/--config or CLAWDBOT_DATA/CLAWDBOT_CONFIG)");
    }

    private static Optional<Path> envPath(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(Path.of(v.strip()));
    }
}
