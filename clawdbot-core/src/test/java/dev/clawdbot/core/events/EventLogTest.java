package dev.clawdbot.core.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clawdbot.core.config.SecretRedactor;
import dev.clawdbot.core.storage.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class EventLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-23T21:40:00.123Z");
    private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);

    @TempDir
    Path dir;
    private Database db;
    private Path jsonl;

    @BeforeEach
    void open() {
        db = Database.sqlite(dir.resolve("clawdbot.db"));
        jsonl = dir.resolve("events/events.jsonl");
    }

    @AfterEach
    void closeDb() {
        db.close();
    }

    private EventLog log(SecretRedactor redactor) {
        return new EventLog(db, jsonl, CLOCK, redactor, EventLog.DEFAULT_ROTATE_BYTES);
    }

    private static Event event(int i) {
        return new Event(T0.plusMillis(i), "test.event", i % 16, "tester", Event.pairs("i", i));
    }

    private List<JsonNode> lines(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) out.add(JSON.readTree(line));
        return out;
    }

    @Test
    void writesTheDocumentedLineSchema() throws Exception {
        try (EventLog log = log(new SecretRedactor())) {
            log.emit(new Event(T0, "turn.completed", 3, "telegram:12345", Event.pairs("tokens", 812, "took", Duration.ofMillis(1500),
                    "at", Instant.parse("2026-11-23T20:00:00Z"), "tags", List.of("a", "b"), "none", null)));
        }
        assertThat(Files.readString(jsonl)).isEqualTo("{\"time\":\"2026-11-23T21:40:00.123Z\",\"type\":\"turn.completed\","
                + "\"level\":3,\"actor\":\"telegram:12345\",\"fields\":{\"tokens\":812,\"took\":\"PT1.5S\","
                + "\"at\":\"2026-11-23T20:00:00Z\",\"tags\":[\"a\",\"b\"],\"none\":null}}\n");
    }

    @Test
    void timeIsFixedWidthUtcMilliseconds() throws Exception {
        try (EventLog log = log(new SecretRedactor())) {
            log.emit(new Event(Instant.parse("2026-11-23T21:40:00Z"), "a", 1, "x", Event.pairs()));
            log.emit(new Event(Instant.parse("2026-11-23T21:40:00.5Z"), "b", 1, "x", Event.pairs()));
            log.emit(new Event(Instant.parse("2026-11-23T21:40:00.123456789Z"), "c", 1, "x", Event.pairs()));
        }
        assertThat(lines(jsonl)).extracting(n -> n.get("time").asText())
                .containsExactly("2026-11-23T21:40:00.000Z", "2026-11-23T21:40:00.500Z", "2026-11-23T21:40:00.123Z");
    }

    @Test
    void keepsOrderInFileAndDatabaseAndRecentIsNewestFirst() throws Exception {
        try (EventLog log = log(new SecretRedactor())) {
            for (int i = 0; i < 500; i++) log.emit(event(i));
            List<Event> recent = log.recent(1000, "", 0);
            assertThat(recent).hasSize(500);
            for (int i = 0; i < 500; i++) {
                assertThat(recent.get(i).fields().get("i")).isEqualTo(499 - i);
                assertThat(recent.get(i).time()).isEqualTo(T0.plusMillis(499 - i));
            }
        }
        List<JsonNode> lines = lines(jsonl);
        assertThat(lines).hasSize(500);
        for (int i = 0; i < 500; i++) assertThat(lines.get(i).get("fields").get("i").asInt()).isEqualTo(i);
    }

    @Test
    void recentFiltersByTypePrefixLevelAndLimit() {
        try (EventLog log = log(new SecretRedactor())) {
            log.emit(new Event(T0, "guard.blocked", 12, "guard", Event.pairs()));
            log.emit(new Event(T0.plusSeconds(1), "guard.scan", 2, "guard", Event.pairs()));
            log.emit(new Event(T0.plusSeconds(2), "turn.completed", 3, "x", Event.pairs()));
            log.emit(new Event(T0.plusSeconds(3), "GUARD.upper", 14, "x", Event.pairs()));
            log.emit(new Event(T0.plusSeconds(4), "guard%wild", 14, "x", Event.pairs()));
            assertThat(log.recent(10, "guard.", 0)).extracting(Event::type).containsExactly("guard.scan", "guard.blocked");
            assertThat(log.recent(10, "guard.", 10)).extracting(Event::type).containsExactly("guard.blocked");
            assertThat(log.recent(10, null, 10)).extracting(Event::type).containsExactly("guard%wild", "GUARD.upper", "guard.blocked");
            assertThat(log.recent(2, "", 0)).extracting(Event::type).containsExactly("guard%wild", "GUARD.upper");
        }
    }

    @Test
    void eventsSurviveCloseAndReopen() throws Exception {
        try (EventLog log = log(new SecretRedactor())) {
            for (int i = 0; i < 50; i++) log.emit(event(i));
        }
        db.close();
        db = Database.sqlite(dir.resolve("clawdbot.db"));
        try (EventLog log = log(new SecretRedactor())) {
            log.emit(event(50));
            assertThat(log.recent(100, "test.", 0)).hasSize(51);
        }
        assertThat(lines(jsonl)).hasSize(51);
    }

    @Test
    void rotatesBySizeKeepingNFilesAndNeverSplittingALine() throws Exception {
        try (EventLog log = new EventLog(db, jsonl, CLOCK, new SecretRedactor(), 2048, 2, 1000, Duration.ofSeconds(1))) {
            for (int i = 0; i < 200; i++) log.emit(event(i));
        }
        Path one = dir.resolve("events/events.jsonl.1");
        Path two = dir.resolve("events/events.jsonl.2");
        assertThat(Files.exists(dir.resolve("events/events.jsonl.3"))).isFalse();
        for (Path p : List.of(jsonl, one, two)) assertThat(Files.size(p)).isLessThanOrEqualTo(2048).isPositive();
        List<JsonNode> kept = new ArrayList<>();
        kept.addAll(lines(two));
        kept.addAll(lines(one));
        kept.addAll(lines(jsonl));
        for (int k = 0; k < kept.size(); k++) {
            assertThat(kept.get(k).get("fields").get("i").asInt()).isEqualTo(200 - kept.size() + k);
        }
        try (EventLog log = log(new SecretRedactor())) {
            assertThat(log.recent(1000, "", 0)).hasSize(200);
        }
    }

    @Test
    void secretsAreRedactedInFileDatabaseAndListeners() throws Exception {
        SecretRedactor redactor = new SecretRedactor();
        redactor.register("sk-live-abcdef123456");
        List<Event> heard = new CopyOnWriteArrayList<>();
        try (EventLog log = log(redactor)) {
            log.addListener(heard::add);
            log.emit(new Event(T0, "tool.call", 5, "user sk-live-abcdef123456", Event.pairs("cmd", "curl -H 'Bearer sk-live-abcdef123456'",
                    "nested", Map.of("k", List.of("x sk-live-abcdef123456 y")), "obj", new StringBuilder("sk-live-abcdef123456"))));
            assertThat(log.recent(1, "", 0).getFirst().toString()).doesNotContain("sk-live").contains("***");
        }
        String file = Files.readString(jsonl);
        assertThat(file).doesNotContain("sk-live").contains("curl -H 'Bearer ***'").contains("x *** y").contains("\"actor\":\"user ***\"");
        assertThat(heard).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("user ***");
            assertThat(e.fields().get("cmd")).isEqualTo("curl -H 'Bearer ***'");
        });
    }

    @Test
    void listenersRunOnTheEmittingThreadAndTheirFailuresAreContained() {
        List<String> seen = new ArrayList<>();
        try (EventLog log = log(new SecretRedactor())) {
            log.addListener(e -> { throw new IllegalStateException("listener bug"); });
            log.addListener(e -> seen.add(Thread.currentThread().getName() + ":" + e.type()));
            log.emit(new Event(T0, "guard.blocked", 12, "guard", Event.pairs()));
            assertThat(seen).containsExactly(Thread.currentThread().getName() + ":guard.blocked");
        }
    }

    @Test
    void fullQueueBlocksBrieflyThenCountsDropsAndRecordsThem() throws Exception {
        List<Event> alerts = new CopyOnWriteArrayList<>();
        String url = "jdbc:sqlite:" + dir.resolve("clawdbot.db").toAbsolutePath();
        EventLog log = new EventLog(db, jsonl, CLOCK, new SecretRedactor(), EventLog.DEFAULT_ROTATE_BYTES, 2, 4, Duration.ofMillis(1));
        log.addListener(e -> { if (e.level() >= 10) alerts.add(e); });
        try (Connection blocker = DriverManager.getConnection(url); Statement st = blocker.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            log.emit(event(0));
            await().atMost(Duration.ofSeconds(10)).until(() -> log.queued() == 0);
            for (int i = 1; i < 200; i++) log.emit(event(i));
            // The writer is stuck inserting event 0, so exactly the queue's 4 slots fill and the rest are dropped.
            assertThat(log.dropped()).isEqualTo(195);
            // Listeners still hear dropped events, so a level-10 alert goes out even when the log is jammed.
            assertThat(alerts).extracting(e -> e.fields().get("i")).contains(10, 186);
            assertThat(alerts).extracting(Event::type).doesNotContain(EventLog.DROPPED_TYPE);
            st.execute("ROLLBACK");
        }
        log.close();
        long dropped = log.dropped();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*), SUM(CASE WHEN type = 'events.dropped' THEN 1 ELSE 0 END) FROM events")) {
            rs.next();
            long dropEvents = rs.getLong(2);
            assertThat(rs.getLong(1) - dropEvents).isEqualTo(200 - dropped);
            assertThat(dropEvents).isPositive();
        }
        long reported = 0;
        for (JsonNode line : lines(jsonl)) {
            if (line.get("type").asText().equals("events.dropped")) reported += line.get("fields").get("count").asLong();
        }
        assertThat(reported).isEqualTo(dropped);
        assertThat(alerts).extracting(Event::type).contains("events.dropped");
    }

    @Test
    void aFailingDatabaseDoesNotStopTheFile() throws Exception {
        Database broken = Database.sqlite(dir.resolve("other.db"));
        broken.close();
        try (EventLog log = new EventLog(broken, jsonl, CLOCK, new SecretRedactor(), EventLog.DEFAULT_ROTATE_BYTES)) {
            for (int i = 0; i < 3; i++) log.emit(event(i));
            assertThat(log.flush(Duration.ofSeconds(10))).isTrue();
        }
        assertThat(lines(jsonl)).hasSize(3);
    }

    @Test
    void anOversizedFileFromBeforeIsRotatedOnTheFirstWrite() throws Exception {
        Files.createDirectories(jsonl.getParent());
        Files.writeString(jsonl, "{\"old\":1}\n".repeat(300));
        try (EventLog log = new EventLog(db, jsonl, CLOCK, new SecretRedactor(), 2048, 3, 100, Duration.ofSeconds(1))) {
            log.emit(event(1));
        }
        assertThat(Files.readString(dir.resolve("events/events.jsonl.1"))).startsWith("{\"old\":1}");
        assertThat(lines(jsonl)).singleElement().satisfies(n -> assertThat(n.get("fields").get("i").asInt()).isEqualTo(1));
    }

    @Test
    void emitAfterCloseIsCountedNotThrown() {
        EventLog log = log(new SecretRedactor());
        log.close();
        log.emit(event(1));
        log.close();
        assertThat(log.dropped()).isEqualTo(1);
    }

    @Test
    void concurrentEmittersLoseNothingAndKeepPerThreadOrder() throws Exception {
        int threads = 8;
        int each = 250;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try (EventLog log = log(new SecretRedactor())) {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                fs.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < each; i++) log.emit(new Event(T0, "load.t" + id, 1, "t" + id, Event.pairs("seq", i)));
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : fs) f.get();
            assertThat(log.dropped()).isZero();
        } finally {
            pool.shutdown();
        }
        Map<String, Integer> next = new HashMap<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT actor, fields FROM events ORDER BY id")) {
            int rows = 0;
            while (rs.next()) {
                int seq = JSON.readTree(rs.getString(2)).get("seq").asInt();
                assertThat(seq).isEqualTo(next.getOrDefault(rs.getString(1), 0));
                next.put(rs.getString(1), seq + 1);
                rows++;
            }
            assertThat(rows).isEqualTo(threads * each);
        }
        assertThat(lines(jsonl)).hasSize(threads * each);
    }
}
