package dev.clawdbot.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class CliTest {

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    Result run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        var cl = Main.commandLine(new Main(env, Clock.systemUTC()), args);
        cl.setOut(new java.io.PrintWriter(new PrintStream(out, true, StandardCharsets.UTF_8), true));
        cl.setErr(new java.io.PrintWriter(new PrintStream(err, true, StandardCharsets.UTF_8), true));
        int code = cl.execute(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("CLAWDBOT_DATA", dir.resolve("data").toString());
        return env;
    }

    @Test
    void versionPrintsTheVersionAndJava() {
        Result r = run(env(), "version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("clawdbot ").contains("Java ");
    }

    @Test
    void theSubcommandIsFoundPastGlobalOptionsAndTheirValues() {
        assertThat(CommandTree.subcommand(new String[]{"--config", "serve", "doctor", "--fix"})).isEqualTo("doctor");
        assertThat(CommandTree.subcommand(new String[]{"--data=/srv/doctor", "version"})).isEqualTo("version");
        assertThat(CommandTree.subcommand(new String[]{"--help"})).isNull();
        assertThat(CommandTree.subcommand(new String[]{})).isNull();
    }

    @Test
    void helpListsEverySubcommandAndAGlobalOptionValueIsNotTakenForOne() {
        Result help = run(env(), "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("serve", "chat", "doctor", "config", "version", "sessions", "guard", "sandbox", "pairing",
                "request", "bridge", "admin");
        Result r = run(env(), "--data", dir.resolve("version").toString(), "version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("clawdbot ");
    }

    @Test
    void noSubcommandPrintsTheWholeUsageAsAUsageError() {
        Result r = run(env());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("Usage: clawdbot", "serve", "doctor", "sessions", "request", "bridge");
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        Result r = run(env(), "sevre");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("sevre");
    }

    @Test
    void configCheckWithoutAFileRunsOnDefaults() {
        Result r = run(env(), "config", "check");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("configuration OK: no file").contains("default agent: dakota");
    }

    @Test
    void environmentQuickStartIsApplied() {
        Map<String, String> env = env();
        env.put("CLAWDBOT_PORT", "18080");
        env.put("CLAWDBOT_MODEL", "openai/qwen2.5-72b");
        env.put("OPENAI_BASE_URL", "http://127.0.0.1:9/v1");
        Result r = run(env, "config", "check");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("HTTP: 127.0.0.1:18080").contains("default model: openai/qwen2.5-72b");
    }

    @Test
    void badPortVariableNamesTheVariable() {
        Map<String, String> env = env();
        env.put("CLAWDBOT_PORT", "eighty");
        Result r = run(env, "config", "check");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("CLAWDBOT_PORT").contains("eighty");
    }

    static Stream<Arguments> brokenConfigs() {
        return Stream.of(
                Arguments.of("gateway:\n  prot: 8080\n", "clawdbot.yaml:2:", "did you mean 'port'"),
                Arguments.of("gateway:\n  port: eighty\n", "clawdbot.yaml:2:", "gateway.port"),
                Arguments.of("agents:\n  maxConcurrentRuns: 0\n", "clawdbot.yaml:2:", "agents.maxConcurrentRuns must be >= 1"),
                Arguments.of("gateway: [1, 2\n", "clawdbot.yaml:2:", "malformed YAML"),
                Arguments.of("models:\n  defaultModel: ${NOPE_NOT_SET}\n", "clawdbot.yaml:2:", "NOPE_NOT_SET"),
                Arguments.of("databse:\n  url: x\n", "clawdbot.yaml:1:", "did you mean 'database'"),
                Arguments.of("events:\n  keep: [1]\n", "clawdbot.yaml:2:", "events.keep"));
    }

    @ParameterizedTest
    @MethodSource("brokenConfigs")
    void brokenConfigGivesOneClearMessageAndExitTwo(String yaml, String where, String names) throws Exception {
        Path file = dir.resolve("clawdbot.yaml");
        Files.writeString(file, yaml);
        Result r = run(env(), "--config", file.toString(), "config", "check");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).contains(dir.toString()).contains(where).contains(names);
    }

    @Test
    void missingConfigFileNamedByTheEnvironmentIsAConfigError() {
        Map<String, String> env = env();
        env.put("CLAWDBOT_CONFIG", dir.resolve("nope.yaml").toString());
        Result r = run(env, "config", "check");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("nope.yaml").contains("CLAWDBOT_CONFIG");
    }

    @Test
    void doctorReportsTheMissingModelWithAFix() {
        Result r = run(env(), "doctor");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("[ok]   jdk").contains("[ok]   database").contains("[FAIL] model: models: no model is configured")
                .contains("CLAWDBOT_MODEL");
    }

    /** Issue 11 item 10: with no config file as root, doctor proves the agent's own workspace works. */
    @Test
    void doctorRunsARealCommandInTheAgentsOwnWorkspace() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/bwrap")), "bubblewrap is not installed");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.readAllLines(Path.of("/proc/self/status")).stream()
                .anyMatch(l -> l.matches("Uid:\\s+0\\s.*")), "the README's defaults as root");
        Result r = run(env(), "doctor");
        Path ws = dir.resolve("data").toAbsolutePath().resolve("agents/dakota/workspace");
        assertThat(r.out()).contains("[ok]   workspace: dakota: a sandboxed command wrote and read files in " + ws);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("data")))).isEqualTo("rwx------");
    }
}
