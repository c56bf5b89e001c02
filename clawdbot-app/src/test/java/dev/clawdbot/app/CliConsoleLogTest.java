package dev.clawdbot.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A one-shot command's console carries its own output and WARN+ log lines only: the INFO lines of db-scheduler,
 * Flyway and the pools stay out of it (issue 12). Run as a real process, since logging is set up once per JVM.
 */
class CliConsoleLogTest {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    Run clawdbot(Map<String, String> extraEnv, String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                "-cp", mainClassPath(), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("CLAWDBOT_"));
        env.put("CLAWDBOT_CONFIG", Files.writeString(dir.resolve("clawdbot.yaml"), "").toString());
        env.put("CLAWDBOT_DATA", dir.resolve("data").toString());
        env.putAll(extraEnv);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the command ended").isTrue();
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /**
     * The program's class path as shipped: the test class path less test classes and test jars (fleet's test-jar
     * brings a logback-test.xml, which would win over the program's logback.xml).
     */
    static String mainClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.endsWith("test-classes") && !e.endsWith("-tests.jar")).collect(Collectors.joining(File.pathSeparator));
    }

    @Test
    void opsRunPrintsItsResultWithoutTheLibrariesInfoLines() throws Exception {
        Run quiet = clawdbot(Map.of(), "ops", "run", "secret-rotation");
        assertThat(quiet.exit()).as(quiet.err()).isZero();
        assertThat(quiet.out()).startsWith("secret-rotation: SUCCEEDED");
        assertThat(quiet.err()).doesNotContain(" INFO ").doesNotContain(" DEBUG ");

        // The same run with CLAWDBOT_LOG_LEVEL=INFO (what serve logs at) shows what was kept off the console.
        Run verbose = clawdbot(Map.of("CLAWDBOT_LOG_LEVEL", "INFO"), "ops", "run", "secret-rotation");
        assertThat(verbose.exit()).as(verbose.err()).isZero();
        assertThat(verbose.err()).contains(" INFO ").contains("Creating scheduler");
    }

    @Test
    void serveKeepsInfoAndEveryOtherCommandIsQuiet() {
        String key = Main.CONSOLE_LEVEL;
        String before = System.getProperty(key);
        try {
            System.clearProperty(key);
            Main.quietConsoleUnlessServing(new String[]{"--data", "/srv/clawdbot", "serve"});
            assertThat(System.getProperty(key)).isNull();
            Main.quietConsoleUnlessServing(new String[]{"--data", "serve", "ops", "jobs"});
            assertThat(System.getProperty(key)).isEqualTo("WARN");
        } finally {
            if (before == null) System.clearProperty(key);
            else System.setProperty(key, before);
        }
    }
}
