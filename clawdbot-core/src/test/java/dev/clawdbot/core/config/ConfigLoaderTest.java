package dev.clawdbot.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    private static SampleConfig parse(String yaml) {
        return parse(yaml, Map.of());
    }

    private static SampleConfig parse(String yaml, Map<String, String> env) {
        return ConfigLoader.parse(yaml, "test.yaml", SampleConfig.class, env);
    }

    private static ConfigException error(String yaml) {
        return error(yaml, Map.of());
    }

    private static ConfigException error(String yaml, Map<String, String> env) {
        try {
            parse(yaml, env);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected a ConfigException for:\n" + yaml);
    }

    @Test
    void emptyOrCommentOnlyDocumentYieldsDefaults() {
        for (String yaml : List.of("", "   \n", "# nothing here\n", "~\n", "---\n")) {
            SampleConfig c = parse(yaml);
            assertThat(c.gateway().port()).as(yaml).isEqualTo(8787);
            assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(30));
            assertThat(c.name()).isEqualTo("clawdbot");
        }
    }

    @Test
    void bindsNestedRecordsListsMapsEnumsAndTimes() {
        SampleConfig c = parse("""
                gateway:
                  host: 0.0.0.0
                  port: 9000
                  idle: 90s
                agents:
                  - name: dakota
                    model: anthropic/claude-opus-4-5
                    tools: [exec, read]
                limits:
                  dakota: {maxTurns: 12, enabled: true}
                level: high
                timeout: PT1M
                since: 2026-11-23T21:40:00+01:00
                """);
        assertThat(c.gateway()).isEqualTo(new SampleConfig.Gateway("0.0.0.0", 9000, null, Duration.ofSeconds(90)));
        assertThat(c.agents()).containsExactly(new SampleConfig.Agent("dakota", "anthropic/claude-opus-4-5", List.of("exec", "read")));
        assertThat(c.limits().get("dakota")).isEqualTo(new SampleConfig.Limits(12, true));
        assertThat(c.level()).isEqualTo(SampleConfig.Level.HIGH);
        assertThat(c.timeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.since()).isEqualTo(Instant.parse("2026-11-23T20:40:00Z"));
    }

    @Test
    void misspelledKeyNamesFileLineColumnPathAndNearestKey() {
        ConfigException e = error("""
                gateway:
                  host: localhost
                  prot: 8080
                """);
        assertThat(e.getMessage()).isEqualTo("test.yaml:3:3: gateway.prot: unknown key; did you mean 'port'?");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo(3);
        assertThat(e.keyPath()).isEqualTo("gateway.prot");
        assertThat(e.source()).isEqualTo("test.yaml");
    }

    @Test
    void snakeCaseSpellingOfACamelCaseKeyIsSuggested() {
        assertThat(error("limits:\n  a:\n    max_turns: 3\n").getMessage())
                .isEqualTo("test.yaml:3:5: limits.a.max_turns: unknown key; did you mean 'maxTurns'?");
    }

    @Test
    void unknownKeyFarFromAnyListsTheValidKeys() {
        assertThat(error("gateway:\n  colour: blue\n").getMessage())
                .isEqualTo("test.yaml:2:3: gateway.colour: unknown key; valid keys here: host, idle, port, token");
        assertThat(error("wibble: 1\n").getMessage())
                .startsWith("test.yaml:1:1: wibble: unknown key; valid keys here: agents, gateway, level, limits, name, since, timeout");
    }

    @Test
    void unknownKeyInsideAListNamesTheIndex() {
        assertThat(error("agents:\n  - name: a\n  - nmae: b\n").getMessage())
                .isEqualTo("test.yaml:3:5: agents[1].nmae: unknown key; did you mean 'name'?");
    }

    @Test
    void wrongTypesNameExpectedTypeAndFoundValue() {
        assertThat(error("gateway:\n  port: eighty\n").getMessage())
                .isEqualTo("test.yaml:2:9: gateway.port: expected an integer, found 'eighty'");
        assertThat(error("limits: [a, b]\n").getMessage())
                .isEqualTo("test.yaml:1:9: limits: expected a mapping of keys to values, found a list");
        assertThat(error("level: extreme\n").getMessage())
                .isEqualTo("test.yaml:1:8: level: expected one of LOW, MEDIUM, HIGH, found 'extreme'");
        assertThat(error("timeout: soon\n").getMessage())
                .isEqualTo("test.yaml:1:10: timeout: expected " + Durations.FORMS + ", found 'soon'");
        assertThat(error("timeout: 30\n").getMessage())
                .isEqualTo("test.yaml:1:10: timeout: expected " + Durations.FORMS + ", found 30");
        assertThat(error("since: yesterday\n").getMessage())
                .isEqualTo("test.yaml:1:8: since: expected an ISO-8601 instant such as 2026-01-31T09:00:00Z, found 'yesterday'");
        assertThat(error("gateway: 5\n").getMessage())
                .startsWith("test.yaml:1:10: gateway: expected a mapping with keys host, idle, port, token, found 5");
        assertThat(error("agents:\n  - name: a\n    tools: {x: 1}\n").getMessage())
                .isEqualTo("test.yaml:3:12: agents[0].tools: expected a list, found a mapping");
    }

    @Test
    void numbersThatDoNotFitAreRefusedNotTruncated() {
        assertThat(error("gateway:\n  port: 80.5\n").getMessage())
                .isEqualTo("test.yaml:2:9: gateway.port: expected an integer, found 80.5");
        assertThat(error("gateway:\n  port: 99999999999\n").getMessage())
                .startsWith("test.yaml:2:9: gateway.port: expected an integer, found 99999999999");
    }

    @Test
    void validationErrorFromCompactConstructorIsWrappedWithLineAndPath() {
        ConfigException e = error("name: x\ngateway:\n  host: h\n  port: 70000\n");
        assertThat(e.getMessage()).isEqualTo("test.yaml:4:3: gateway.port: invalid value: port must be 1..65535, was 70000");
    }

    record Strict(Integer min, Integer max) {
        Strict {
            if (min != null && max != null && min > max) throw new IllegalArgumentException("min (" + min + ") exceeds max (" + max + ")");
            if (max != null && max > 100) throw new IllegalArgumentException("at most 100 allowed");
        }
    }

    @Test
    void validationNamingSeveralKeysOrNoneStaysOnTheMapping() {
        assertThatThrownBy(() -> ConfigLoader.parse("\nmin: 5\nmax: 1\n", "s.yaml", Strict.class, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("s.yaml:1:1: invalid configuration: min (5) exceeds max (1)");
        assertThatThrownBy(() -> ConfigLoader.parse("max: 101\n", "s.yaml", Strict.class, Map.of()))
                .hasMessage("s.yaml:1:1: invalid configuration: at most 100 allowed");
    }

    @Test
    void malformedYamlNamesLineAndColumn() {
        assertThat(error("gateway:\n  host: a\n port: 1\n").getMessage()).startsWith("test.yaml:3:2: malformed YAML: ");
        assertThat(error("name: \"unclosed\ngateway:\n  port: 1\n").getMessage()).matches("test\\.yaml:[34]:\\d+: malformed YAML: .*");
        assertThat(error("gateway:\n\thost: a\n").getMessage()).startsWith("test.yaml:2:1: malformed YAML: ").contains("TAB");
        assertThat(error("name: a\nname: b\n").getMessage()).isEqualTo("test.yaml:2:1: name: duplicate key (it is already set at line 1)");
        assertThat(error("gateway:\n  port: 1\n  host: h\n  port: 2\n").getMessage())
                .isEqualTo("test.yaml:4:3: gateway.port: duplicate key (it is already set at line 2)");
    }

    @Test
    void hostileDocumentsAreRefusedAsConfigErrors() {
        String deep = "name: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
        assertThat(error(deep).getMessage()).startsWith("test.yaml:1:").contains("nesting depth");
        assertThat(error("name: !!binary aGVsbG8=\n").getMessage()).startsWith("test.yaml:1:7: name: ");
    }

    @Test
    void topLevelMustBeAMappingAndOnlyOneDocument() {
        assertThat(error("- a\n- b\n").getMessage()).isEqualTo(
                "test.yaml:1:1: the top level must be a mapping of keys to values, found a list");
        assertThat(error("name: a\n---\nname: b\n").getMessage()).startsWith("test.yaml:3:").contains("more than one YAML document");
    }

    @Test
    void interpolatesVariablesDefaultsAndEscapes() {
        SampleConfig c = parse("""
                name: "${USER_NAME}-bot"
                gateway:
                  host: ${HOST:-127.0.0.2}
                  port: ${PORT}
                  token: "$${NOT_A_VAR}"
                """, Map.of("USER_NAME", "dakota", "PORT", "9001"));
        assertThat(c.name()).isEqualTo("dakota-bot");
        assertThat(c.gateway().host()).isEqualTo("127.0.0.2");
        assertThat(c.gateway().port()).isEqualTo(9001);
        assertThat(c.gateway().token()).isEqualTo("${NOT_A_VAR}");
    }

    @Test
    void emptyVariableTakesTheDefaultButIsKeptWithoutOne() {
        assertThat(parse("name: ${N:-fallback}\n", Map.of("N", "")).name()).isEqualTo("fallback");
        assertThat(parse("name: x${N}y\n", Map.of("N", "")).name()).isEqualTo("xy");
    }

    @Test
    void missingVariableNamesVariableFileAndLine() {
        ConfigException e = error("name: a\ngateway:\n  token: ${GATEWAY_TOKEN}\n");
        assertThat(e.getMessage()).isEqualTo("test.yaml:3:10: gateway.token: environment variable GATEWAY_TOKEN is not set"
                + " (set it, or write ${GATEWAY_TOKEN:-default} to give a default)");
        assertThat(error("name: ${UNCLOSED\n").getMessage()).startsWith("test.yaml:1:7: name: unclosed '${'");
        assertThat(error("name: ${1BAD}\n").getMessage()).startsWith("test.yaml:1:7: name: '${1BAD}' is not a variable reference");
    }

    @Test
    void variableValuesCannotInjectStructureOrFurtherVariables() {
        SampleConfig c = parse("name: ${EVIL}\n", Map.of("EVIL", "x\ngateway:\n  port: 1\n${OTHER}"));
        assertThat(c.name()).isEqualTo("x\ngateway:\n  port: 1\n${OTHER}");
        assertThat(c.gateway().port()).isEqualTo(8787);
    }

    @Test
    void keysAreNotInterpolated() {
        assertThat(error("${KEY}: 1\n", Map.of("KEY", "name")).getMessage()).startsWith("test.yaml:1:1: ${KEY}: unknown key");
    }

    @Test
    void wrongTypeFromAVariableDoesNotQuoteTheValue() {
        ConfigException e = error("gateway:\n  port: ${PORT}\n", Map.of("PORT", "s3cr3t-value"));
        assertThat(e.getMessage()).isEqualTo(
                "test.yaml:2:9: gateway.port: expected an integer, found a value taken from the environment or a secret file");
        assertThat(e.getMessage()).doesNotContain("s3cr3t");
    }

    @Test
    void secretFileIndirectionReadsTheFileIntoTheComponent(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("token");
        Files.writeString(secret, "tok-from-file-1234\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        List<String> warnings = new ArrayList<>();
        for (String key : List.of("tokenFile", "token_file")) {
            SampleConfig c = ConfigLoader.parse("gateway:\n  " + key + ": token\n", "test.yaml", SampleConfig.class,
                    Map.of(), dir, warnings::add);
            assertThat(c.gateway().token()).isEqualTo("tok-from-file-1234");
        }
        assertThat(warnings).isEmpty();
        assertThat(SecretRedactor.global().redact("x tok-from-file-1234 y")).isEqualTo("x *** y");
    }

    @Test
    void secretFileLosesExactlyOneTrailingNewlineAndAcceptsAnInterpolatedPath(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("t"), "line1\nline2\n\n");
        SampleConfig c = ConfigLoader.parse("gateway:\n  tokenFile: ${CREDS}/t\n", "test.yaml", SampleConfig.class,
                Map.of("CREDS", dir.toString()), Path.of("/"), w -> { });
        assertThat(c.gateway().token()).isEqualTo("line1\nline2\n");
    }

    @Test
    void missingSecretFileNamesKeyPathAndLine(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigLoader.parse("name: a\ngateway:\n  tokenFile: nope.txt\n", "test.yaml",
                SampleConfig.class, Map.of(), dir, w -> { }))
                .isInstanceOf(ConfigException.class)
                .hasMessage("test.yaml:3:14: gateway.tokenFile: cannot read secret file " + dir.resolve("nope.txt") + ": no such file");
        assertThatThrownBy(() -> ConfigLoader.parse("gateway:\n  tokenFile: .\n", "test.yaml",
                SampleConfig.class, Map.of(), dir, w -> { }))
                .hasMessageContaining("gateway.tokenFile: cannot read secret file").hasMessageContaining("it is a directory");
    }

    @Test
    void secretAndItsFileTogetherAreAnError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("t"), "abcdefgh");
        assertThatThrownBy(() -> ConfigLoader.parse("gateway:\n  token: x\n  tokenFile: t\n", "test.yaml",
                SampleConfig.class, Map.of(), dir, w -> { }))
                .hasMessage("test.yaml:3:3: gateway.tokenFile: set either 'token' or 'tokenFile', not both");
    }

    record Provider(String apiKey, String baseUrl) {
    }

    record Providers(Map<String, Provider> providers, List<Provider> fallbacks) {
    }

    @Test
    void secretFilesWorkInsideMapsAndListsOfRecords(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("anthropic"), "sk-ant-map-value\n");
        Files.writeString(dir.resolve("openai"), "sk-openai-list-value");
        Providers p = ConfigLoader.parse("""
                providers:
                  anthropic:
                    apiKeyFile: anthropic
                fallbacks:
                  - api_key_file: openai
                    baseUrl: http://127.0.0.1:8000/v1
                """, "p.yaml", Providers.class, Map.of(), dir, w -> { });
        assertThat(p.providers().get("anthropic").apiKey()).isEqualTo("sk-ant-map-value");
        assertThat(p.fallbacks().getFirst()).isEqualTo(new Provider("sk-openai-list-value", "http://127.0.0.1:8000/v1"));
    }

    @Test
    void fileSuffixOnANonSecretOrMissingComponentIsJustAnUnknownKey() {
        assertThat(error("gateway:\n  portFile: x\n").getMessage()).startsWith("test.yaml:2:3: gateway.portFile: unknown key");
        assertThat(error("gateway:\n  passwordFile: x\n").getMessage()).startsWith("test.yaml:2:3: gateway.passwordFile: unknown key");
    }

    @Test
    void groupReadableSecretFileIsWarnedAboutWithTheFix(@TempDir Path dir) throws Exception {
        Path secret = dir.resolve("token");
        Files.writeString(secret, "abcdefghij");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r-----"));
        List<String> warnings = new ArrayList<>();
        ConfigLoader.parse("gateway:\n  tokenFile: token\n", "test.yaml", SampleConfig.class, Map.of(), dir, warnings::add);
        assertThat(warnings).singleElement().asString()
                .startsWith("test.yaml:2:3: gateway.tokenFile: secret file " + secret + " is readable by group or others")
                .endsWith("run chmod 600 " + secret)
                .doesNotContain("abcdefghij");
    }

    @Test
    void loadResolvesSecretFilesNextToTheConfigAndReportsMissingFiles(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("tok"), "0123456789abcdef");
        Path config = dir.resolve("clawdbot.yaml");
        Files.writeString(config, "gateway:\n  tokenFile: tok\n");
        assertThat(ConfigLoader.load(config, SampleConfig.class, Map.of()).gateway().token()).isEqualTo("0123456789abcdef");
        assertThatThrownBy(() -> ConfigLoader.load(dir.resolve("absent.yaml"), SampleConfig.class, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessage(dir.resolve("absent.yaml") + ": no such file");
        Files.writeString(config, "gateway:\n  prot: 1\n");
        assertThatThrownBy(() -> ConfigLoader.load(config, SampleConfig.class, Map.of()))
                .hasMessage(config + ":2:3: gateway.prot: unknown key; did you mean 'port'?");
    }

    @Test
    void locateFollowsOptionThenEnvironmentThenDataDir(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.yaml"), "");
        Path inData = Files.writeString(dir.resolve("clawdbot.yaml"), "");
        assertThat(ConfigLoader.locate(a, Map.of("CLAWDBOT_CONFIG", "/nope"), dir)).contains(a);
        assertThat(ConfigLoader.locate(null, Map.of("CLAWDBOT_CONFIG", a.toString()), dir)).contains(a);
        assertThat(ConfigLoader.locate(null, Map.of(), dir)).contains(inData);
        assertThat(ConfigLoader.locate(null, Map.of(), dir.resolve("empty"))).isEmpty();
        assertThatThrownBy(() -> ConfigLoader.locate(null, Map.of("CLAWDBOT_CONFIG", "/nope.yaml"), dir))
                .isInstanceOf(ConfigException.class).hasMessage("/nope.yaml: no such file (named by CLAWDBOT_CONFIG)");
    }
}
