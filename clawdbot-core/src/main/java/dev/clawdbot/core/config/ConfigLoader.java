package dev.clawdbot.core.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads a strict YAML configuration into a record: unknown keys, wrong types, malformed YAML, missing
 * environment variables and validation failures in compact constructors all become one {@link ConfigException}
 * naming file, line, column and key path. See docs/configuration.md for the format.
 */
public final class ConfigLoader {

    private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);
    static final int MAX_BYTES = 1 << 20;

    /**
     * Duplicate keys are detected by {@link YamlDocument} rather than by STRICT_DUPLICATE_DETECTION, because it
     * can say where the first one is: "name: duplicate key (it is already set at line 1)".
     */
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule("clawdbot-durations").addDeserializer(Duration.class, new DurationDeserializer()))
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();

    private ConfigLoader() {
    }

    /** Reads {@code file}; secret-file paths in it are relative to its directory. Warnings go to the log. */
    public static <T> T load(Path file, Class<T> type, Map<String, String> env) {
        return load(file, type, env, w -> log.warn("{}", w));
    }

    /** Like {@link #load(Path, Class, Map)}, handing warnings (e.g. a group-readable secret file) to {@code warnings}. */
    public static <T> T load(Path file, Class<T> type, Map<String, String> env, Consumer<String> warnings) {
        return load(file, type, env, warnings, List.of());
    }

    private static String read(Path file) {
        String name = file.toString();
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException(name, 0, 0, "", "the file is larger than 1 MiB; is it the right file?");
            }
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(name, 0, 0, "", "no such file");
        } catch (MalformedInputException e) {
            throw new ConfigException(name, 0, 0, "", "the file is not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(name, 0, 0, "", Files.isDirectory(file) ? "is a directory, not a file" : "cannot read: " + e.getMessage());
        }
        return text;
    }

    /** Parses {@code yaml}; secret-file paths are relative to the working directory. Warnings go to the log. */
    public static <T> T parse(String yaml, String sourceName, Class<T> type, Map<String, String> env) {
        return parse(yaml, sourceName, type, env, Path.of(""), w -> log.warn("{}", w));
    }

    public static <T> T parse(String yaml, String sourceName, Class<T> type, Map<String, String> env,
                              Path baseDir, Consumer<String> warnings) {
        return parse(yaml, sourceName, type, env, baseDir, warnings, List.of());
    }

    /** Like {@link #load(Path, Class, Map, Consumer)}, with the quick-start variables of {@code envKeys} set over the file. */
    public static <T> T load(Path file, Class<T> type, Map<String, String> env, Consumer<String> warnings, List<EnvKey> envKeys) {
        String text = read(file);
        Path dir = file.toAbsolutePath().getParent();
        return parse(text, file.toString(), type, env, dir == null ? Path.of("") : dir, warnings, envKeys);
    }

    /** Parses {@code yaml}, then sets the variables of {@code envKeys} present in {@code env} over its values. */
    public static <T> T parse(String yaml, String sourceName, Class<T> type, Map<String, String> env,
                              Path baseDir, Consumer<String> warnings, List<EnvKey> envKeys) {
        Objects.requireNonNull(type, "type");
        String source = sourceName == null ? "(config)" : sourceName;
        String text = yaml == null ? "" : yaml;
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        YamlDocument doc = YamlDocument.parse(YAML, text, source);
        JavaType javaType = MAPPER.constructType(type);
        TreePreparer preparer = new TreePreparer(doc, new Interpolator(env), MAPPER.getTypeFactory(),
                baseDir == null ? Path.of("") : baseDir, warnings == null ? w -> { } : warnings);
        preparer.prepare(javaType);
        // After interpolation: a variable's value is taken as it is, never expanded again.
        EnvOverlay.apply(doc, env, envKeys, preparer.opaque);
        // A tree parser holds no resources; it is left open so that a failure can still ask where it was.
        JsonParser tokens = MAPPER.treeAsTokens(doc.root);
        try {
            T bound = MAPPER.readerFor(javaType).readValue(tokens);
            SecretKeys.registerAll(bound);
            return bound;
        } catch (IOException | RuntimeException e) {
            throw new BindErrors(doc, preparer.opaque).translate(e, tokens);
        }
    }

    /**
     * The file to read: {@code --config} when given (it must exist), else {@code $CLAWDBOT_CONFIG} (it must
     * exist), else {@code clawdbot.yaml} in the data directory if it is there; empty means run on defaults.
     */
    public static Optional<Path> locate(Path explicit, Map<String, String> env, Path dataDir) {
        if (explicit != null) return Optional.of(mustExist(explicit, "--config"));
        String fromEnv = env == null ? null : env.get("CLAWDBOT_CONFIG");
        if (fromEnv != null && !fromEnv.isBlank()) return Optional.of(mustExist(Path.of(fromEnv.trim()), "CLAWDBOT_CONFIG"));
        if (dataDir != null) {
            Path candidate = dataDir.resolve("clawdbot.yaml");
            if (Files.isRegularFile(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    private static Path mustExist(Path file, String origin) {
        if (!Files.exists(file)) throw new ConfigException(file.toString(), 0, 0, "", "no such file (named by " + origin + ")");
        return file;
    }
}
