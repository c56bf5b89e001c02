package dev.clawdbot.agent;

import dev.clawdbot.agent.doctor.SessionDoctor;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.llm.ChatMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** kill -9 a process that commits turns as fast as it can: every committed turn is whole, none is half there. */
class CrashTest {

    @TempDir
    Path dir;

    /** The child: commits four-message turns with a tool call until killed, printing each seq once committed. */
    public static void main(String[] args) {
        try (Database db = Database.sqlite(Path.of(args[0]))) {
            SessionStore store = new SessionStore(db, Clock.systemUTC());
            SessionInfo s = store.openOrCreate("dakota", "crash", "1");
            while (true) {
                int seq = store.commitTurn(s.id(), Instant.now(), "fake/m1", 3, 2, SessionStoreTest.toolTurn());
                System.out.println("committed " + seq);
                System.out.flush();
            }
        }
    }

    @Test
    void killedMidCommitLeavesOnlyWholeTurns() throws Exception {
        Path dbFile = dir.resolve("crash.db");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), CrashTest.class.getName(), dbFile.toString())
                .redirectErrorStream(true).start();
        int lastReported = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String line;
            while (lastReported < 20 && System.nanoTime() < deadline && (line = out.readLine()) != null) {
                if (line.startsWith("committed ")) lastReported = Integer.parseInt(line.substring(10));
            }
            p.destroyForcibly();
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(lastReported).as("turns the child reported committed").isGreaterThanOrEqualTo(20);
        try (Database db = Database.sqlite(dbFile)) {
            SessionStore store = new SessionStore(db, Clock.systemUTC());
            SessionInfo s = store.findActive("dakota:crash:1").orElseThrow();
            List<StoredTurn> turns = store.turnsAfter(s.id(), 0);
            assertThat(turns.size()).isGreaterThanOrEqualTo(lastReported);
            for (int i = 0; i < turns.size(); i++) {
                assertThat(turns.get(i).seq()).isEqualTo(i + 1);
                assertThat(turns.get(i).messages()).isEqualTo(SessionStoreTest.toolTurn());
            }
            assertThat(s.inputTokens()).isEqualTo(3L * turns.size());
            assertThat(new SessionDoctor(Clock.systemUTC(), Duration.ZERO).checkStore(store).findings()).isEmpty();
            assertThat(store.commitTurn(s.id(), Instant.now(), "m", 0, 0, List.of(ChatMessage.user("after"), ChatMessage.assistant("works"))))
                    .isEqualTo(turns.size() + 1);
        }
    }
}
