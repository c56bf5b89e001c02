package dev.clawdbot.app;

import dev.clawdbot.core.config.ConfigException;
import dev.clawdbot.core.config.ConfigLoader;
import dev.clawdbot.core.config.EnvKey;
import dev.clawdbot.core.config.SecretKeys;
import dev.clawdbot.llm.ModelsConfig;

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
     * The quick-start environment variables and the keys they set over the file, before binding, so they are
     * validated and reported like the file's keys (docs/configuration.md, "Environment variables").
     */
    static final List<EnvKey> ENVIRONMENT = List.of(
            EnvKey.text("CLAWDBOT_PORT", "gateway.port"),
            EnvKey.secret("CLAWDBOT_GATEWAY_TOKEN", "gateway.token"),
            EnvKey.secret("TELEGRAM_BOT_TOKEN", "telegram.botToken"),
            EnvKey.text("TELEGRAM_API_BASE_URL", "telegram.apiBaseUrl"),
            EnvKey.list("TELEGRAM_ALLOW_FROM", "telegram.allowFrom"),
            EnvKey.text("CLAWDBOT_MODEL", "models.defaultModel"),
            // A provider's variables fill a provider the file does not configure, and only a missing key of one it does.
            EnvKey.secret("ANTHROPIC_API_KEY", "models.providers.anthropic.type").writing("anthropic").ifUnset(),
            EnvKey.text("ANTHROPIC_BASE_URL", "models.providers.anthropic.type").writing("anthropic").ifUnset(),
            EnvKey.secret("ANTHROPIC_API_KEY", "models.providers.anthropic.apiKey").ifUnset(),
            EnvKey.text("ANTHROPIC_BASE_URL", "models.providers.anthropic.baseUrl").ifUnset(),
            EnvKey.secret("ANTHROPIC_API_KEY", "models.defaultModel").writing(ModelsConfig.ANTHROPIC_DEFAULT_MODEL).ifUnset(),
            EnvKey.secret("OPENAI_API_KEY", "models.providers.openai.type").writing("openai").ifUnset(),
            EnvKey.text("OPENAI_BASE_URL", "models.providers.openai.type").writing("openai").ifUnset(),
            EnvKey.secret("OPENAI_API_KEY", "models.providers.openai.apiKey").ifUnset(),
            EnvKey.text("OPENAI_BASE_URL", "models.providers.openai.baseUrl").ifUnset());

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
                ? ConfigLoader.load(file.get(), AppConfig.class, env, warnings::add, ENVIRONMENT)
                : ConfigLoader.parse("", "(defaults)", AppConfig.class, env, Path.of(""), warnings::add, ENVIRONMENT);

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

        AppConfig config = withBuiltInProviders(fromFile, file.map(Path::toString).orElse("(environment)"));
        // Values the environment supplied (CLAWDBOT_GATEWAY_TOKEN, TELEGRAM_BOT_TOKEN, ...) are registered too.
        SecretKeys.registerAll(config);
        Path configDir = file.map(f -> f.toAbsolutePath().getParent()).orElse(dataDir);
        return new Settings(config, dataDir, file, configDir, Map.copyOf(env), List.copyOf(warnings), origin);
    }

    private static AppConfig withBuiltInProviders(AppConfig c, String source) {
        ModelsConfig models;
        try {
            models = c.models().withBuiltInProviders();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(source, 0, 0, "models", e.getMessage());
        }
        return new AppConfig(c.dataDir(), c.database(), c.events(), c.gateway(), models, c.agents(), c.guard(), c.sandbox(),
                c.telegram(), c.adminBot(), c.voice(), c.mail(), c.broker(), c.operator(), c.siem(), c.ops(), c.monitors(), c.hosts());
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
