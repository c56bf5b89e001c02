package dev.clawdbot.app;

import dev.clawdbot.testkit.llm.FakeModelServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code clawdbot admin run} owns what it opens: when it returns, no database connection of its data dir is left open. */
class AdminCliTest {

    @TempDir
    Path dir;
    final FakeModelServer model = FakeModelServer.start();

    @AfterEach
    void stopModel() {
        model.close();
    }

    /** Files under the data dir this JVM holds open (the SQLite database, its WAL and shared memory). */
    static List<String> openFilesUnder(Path data) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    return "";
                }
            }).filter(target -> target.startsWith(data.toString())).toList();
        }
    }

    /** The least {@code broker:} section: spool and bridge directories under {@code dir}. */
    static String brokerSection(Path dir) {
        return """
                broker:
                  spoolDir: %s
                  linkSecret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
                  bridge:
                    secrets: [whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw]
                    spoolDir: %s
                """.formatted(dir.resolve("spool"), dir.resolve("bridge"));
    }

    @Test
    void anAdminRunClosesItsDatabasePoolWhenItEnds() throws Exception {
        model.enqueueText("Disk usage on / is 41%.");
        Path yaml = Files.writeString(dir.resolve("clawdbot.yaml"), brokerSection(dir));
        Path input = Files.writeString(dir.resolve("task.txt"), "How full is the disk?");
        Path data = dir.resolve("data");
        Map<String, String> env = Map.of("CLAWDBOT_CONFIG", yaml.toString(), "CLAWDBOT_DATA", data.toString(),
                "CLAWDBOT_MODEL", "openai/fake-model", "OPENAI_BASE_URL", model.openAiBaseUrl());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = {"admin", "run", "--trigger", "timer", "--input", input.toString()};
        var cl = Main.commandLine(new Main(env, Clock.systemUTC()), args);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));

        assertThat(cl.execute(args)).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Disk usage on / is 41%.");
        assertThat(openFilesUnder(data)).as("connections left open by the admin command").isEmpty();
    }
}
