package dev.clawdbot.app;

import dev.clawdbot.app.http.HttpConfig;
import dev.clawdbot.core.config.ConfigException;
import dev.clawdbot.core.config.ConfigLoader;

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
 */
public record Settings(AppConfig config, Path dataDir, Optional<Path> configFile, Path configDir,
                       Map<String, String> env, List<String> warnings) {

    static final String DEFAULT_DATA_DIR = "data";

    /**
     * @param explicitConfig {@code --config}, or null
     * @param explicitData   {@code --data}, or null
     * @throws ConfigException for any problem in the file or the environment variables
     */
    public static Settings resolve(Path explicitConfig, Path explicitData, Map<String, String> env) {
        List<String> warnings = new ArrayList<>();
        Path dataGuess = explicitData != null ? explicitData : envPath(env, "CLAWDBOT_DATA").orElse(Path.of(DEFAULT_DATA_DIR));
        Optional<Path> file = ConfigLoader.locate(explicitConfig, env, dataGuess);
        AppConfig fromFile = file.isPresent()
                ? ConfigLoader.load(file.get(), AppConfig.class, env, warnings::add)
                : ConfigLoader.parse("", "(defaults)", AppConfig.class, env, Path.of(""), warnings::add);

        Path dataDir;
        if (explicitData != null) dataDir = explicitData;
        else if (envPath(env, "CLAWDBOT_DATA").isPresent()) dataDir = envPath(env, "CLAWDBOT_DATA").get();
        else if (fromFile.dataDir() != null && !fromFile.dataDir().isBlank()) {
            Path d = Path.of(fromFile.dataDir());
            Path base = file.map(f -> f.toAbsolutePath().getParent()).orElse(Path.of(""));
            dataDir = d.isAbsolute() ? d : base.resolve(d);
        } else dataDir = Path.of(DEFAULT_DATA_DIR);
        dataDir = dataDir.toAbsolutePath().normalize();

        AppConfig config = applyEnvironment(fromFile, env, file.map(Path::toString).orElse("(environment)"));
        Path configDir = file.map(f -> f.toAbsolutePath().getParent()).orElse(dataDir);
        return new Settings(config, dataDir, file, configDir, Map.copyOf(env), List.copyOf(warnings));
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
        String token = env.get("CLAWDBOT_GATEWAY_TOKEN");
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
                telegram, c.adminBot(), c.voice(), c.mail(), c.broker(), c.operator(), c.ops());
    }

    private static Optional<Path> envPath(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(Path.of(v.strip()));
    }
}
