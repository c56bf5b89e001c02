package dev.clawdbot.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.clawdbot.core.storage.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Closing a server whose roles are busy: every role thread has ended when {@link Server#close()} returns, before the
 * database and the event log close, so nothing logs about a closed pool (issue 12 follow-up: the siem's file-integrity
 * thread once outlived a bounded join and wrote to the closed database).
 */
class ServerCloseTest {

    @TempDir
    Path dir;
    final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    final ch.qos.logback.classic.Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @AfterEach
    void detach() {
        root.detachAppender(logs);
        logs.stop();
    }

    @Test
    void closingDuringFileChurnJoinsTheSiemThreadsBeforeTheDatabaseClosesAndNothingTouchesAClosedPool() throws Exception {
        Path watched = Files.createDirectories(dir.resolve("watched"));
        // 2,000 files in 20 directories: each full scan (the first, and the rescans the churn's overflows cause) takes a while.
        for (int d = 0; d < 20; d++) {
            Path sub = Files.createDirectories(watched.resolve("d" + d));
            for (int f = 0; f < 100; f++) Files.writeString(sub.resolve("f" + f + ".txt"), "file " + f);
        }
        Path yaml = Files.writeString(dir.resolve("clawdbot.yaml"), """
                siem:
                  files: []
                  journal: { enabled: false }
                  digest: { enabled: false }
                  fim:
                    paths: ["%s"]
                    quietMillis: 50
                """.formatted(watched));
        Map<String, String> env = Map.of("CLAWDBOT_CONFIG", yaml.toString(), "CLAWDBOT_DATA", dir.resolve("data").toString());
        logs.start();
        root.addAppender(logs);

        Server server = new Server(Settings.resolve(null, null, env), Clock.systemUTC(), Set.of("siem")).start();
        AtomicBoolean churning = new AtomicBoolean(true);
        Thread churn = Thread.ofPlatform().name("test-churn").start(() -> churn(watched, churning));
        try {
            Path events = dir.resolve("data/events/events.jsonl");
            await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(events) && Files.readString(events).contains("\"siem.fim.baseline\""));
            // The churn runs on: the monitor is examining batches or rescanning (overflows) when close() comes.
            Thread.sleep(1_500);
        } finally {
            server.close();
            churning.set(false);
            churn.join();
        }

        try (Database db = Database.sqlite(dir.resolve("data/clawdbot.db"))) {
            int churned = db.withConnection(c -> {
                try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM siem_fim WHERE path LIKE '%churn%'")) {
                    rs.next();
                    return rs.getInt(1);
                }
            });
            assertThat(churned).as("the monitor was taking the churn into its baseline before the close").isPositive();
        }
        assertThat(siemThreads()).as("siem threads alive when close() returned").isEmpty();
        assertThat(closedPoolComplaints()).as("warnings or errors about a closed database").isEmpty();
    }

    /** Writes, rewrites and deletes files in the watched tree until told to stop. */
    private static void churn(Path watched, AtomicBoolean churning) {
        for (int i = 0; churning.get(); i++) {
            Path p = watched.resolve("d" + (i % 20)).resolve("churn" + (i % 300) + ".txt");
            try {
                if (i % 3 == 2) Files.deleteIfExists(p);
                else Files.writeString(p, "churn " + i);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    private static List<String> siemThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("siem-")).toList();
    }

    private List<String> closedPoolComplaints() {
        List<String> out = new ArrayList<>();
        for (ILoggingEvent e : List.copyOf(logs.list)) {
            if (!e.getLevel().isGreaterOrEqual(Level.WARN)) continue;
            StringBuilder text = new StringBuilder(e.getFormattedMessage());
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) text.append(' ').append(t.getMessage());
            if (text.toString().toLowerCase(Locale.ROOT).contains("closed")) out.add(e.getLoggerName() + ": " + text);
        }
        return out;
    }
}
