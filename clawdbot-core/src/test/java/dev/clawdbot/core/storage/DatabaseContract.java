package dev.clawdbot.core.storage;

import dev.clawdbot.core.config.SecretRedactor;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventLog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every engine behind {@link Database} must do; run against SQLite and embedded PostgreSQL. */
abstract class DatabaseContract {

    /** A migrated database, its probe tables empty. */
    abstract Database db();

    @TempDir
    Path tmp;

    @BeforeEach
    void emptyProbeTables() {
        db().inTransaction(c -> {
            try (Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM core_probe_child");
                st.executeUpdate("DELETE FROM core_probe");
                st.executeUpdate("DELETE FROM events");
            }
            return null;
        });
    }

    static long insertProbe(java.sql.Connection c, String name, byte[] payload, long big) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO core_probe (name, payload, big) VALUES (?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, name);
            ps.setBytes(2, payload);
            ps.setLong(3, big);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    long count(String table) {
        return db().withConnection(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    @Test
    void migrationsWithPlaceholdersRan() {
        List<String> versions = db().withConnection(c -> {
            List<String> v = new ArrayList<>();
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT version FROM flyway_schema_history WHERE success = "
                         + (db().dialect() == Database.Dialect.SQLITE ? "1" : "true") + " ORDER BY installed_rank")) {
                while (rs.next()) v.add(rs.getString(1));
            }
            return v;
        });
        assertThat(versions).contains("1.1", "1.900");
        assertThat(db().ping()).isTrue();
    }

    @Test
    void placeholderTypesHoldTheirValues() {
        byte[] payload = {0, 1, (byte) 0xFF, 42};
        long big = (1L << 40) + 7;
        long id = db().inTransaction(c -> insertProbe(c, "a", payload, big));
        long id2 = db().inTransaction(c -> insertProbe(c, "b", null, -1));
        assertThat(id2).isGreaterThan(id);
        db().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT payload, big FROM core_probe WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getBytes(1)).containsExactly(payload);
                    assertThat(rs.getLong(2)).isEqualTo(big);
                }
            }
            return null;
        });
    }

    @Test
    void commitsOnReturnAndRollsBackOnException() {
        db().inTransaction(c -> insertProbe(c, "kept", null, 1));
        assertThatThrownBy(() -> db().inTransaction(c -> {
            insertProbe(c, "lost", null, 2);
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
        assertThatThrownBy(() -> db().inTransaction(c -> {
            insertProbe(c, "lost-too", null, 3);
            return insertProbe(c, "kept", null, 4);
        })).isInstanceOf(StorageException.class).hasMessageStartingWith("database error: ");
        assertThat(count("core_probe")).isEqualTo(1);
    }

    @Test
    void foreignKeysAreEnforced() {
        assertThatThrownBy(() -> db().inTransaction(c -> {
            try (Statement st = c.createStatement()) {
                return st.executeUpdate("INSERT INTO core_probe_child (parent_id) VALUES (999999)");
            }
        })).isInstanceOf(StorageException.class);
        assertThat(count("core_probe_child")).isZero();
    }

    @Test
    void concurrentReadModifyWriteTransactionsFromEightThreadsAllCommit() throws Exception {
        db().inTransaction(c -> insertProbe(c, "counter", null, 0));
        int threads = 8;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                fs.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        int n = i;
                        db().inTransaction(c -> {
                            long value;
                            try (Statement st = c.createStatement();
                                 ResultSet rs = st.executeQuery("SELECT big FROM core_probe WHERE name = 'counter'" + forUpdate())) {
                                rs.next();
                                value = rs.getLong(1);
                            }
                            try (Statement st = c.createStatement()) {
                                st.executeUpdate("UPDATE core_probe SET big = " + (value + 1) + " WHERE name = 'counter'");
                            }
                            return insertProbe(c, "t" + id + "-" + n, null, value);
                        });
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : fs) f.get();
        } finally {
            pool.shutdown();
        }
        assertThat(count("core_probe")).isEqualTo(1 + threads * each);
        long counter = db().withConnection(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT big FROM core_probe WHERE name = 'counter'")) {
                rs.next();
                return rs.getLong(1);
            }
        });
        assertThat(counter).as("no lost update").isEqualTo(threads * each);
    }

    /** PostgreSQL needs an explicit row lock for read-modify-write; SQLite's IMMEDIATE transactions already serialize. */
    private String forUpdate() {
        return db().dialect() == Database.Dialect.POSTGRESQL ? " FOR UPDATE" : "";
    }

    @Test
    void eventLogRoundTripsThroughTheEngine() {
        Instant t = Instant.parse("2026-11-23T21:40:00.123456Z");
        try (EventLog log = new EventLog(db(), tmp.resolve("events.jsonl"), Clock.fixed(t, ZoneOffset.UTC),
                new SecretRedactor(), EventLog.DEFAULT_ROTATE_BYTES)) {
            log.emit(new Event(t, "turn.completed", 3, "telegram:1", Event.pairs("tokens", 812, "model", "anthropic/x")));
            log.emit(new Event(t.plusMillis(1), "guard.blocked", 12, "guard", Event.pairs("score", 0.93)));
            List<Event> recent = log.recent(10, "", 0);
            assertThat(recent).extracting(Event::type).containsExactly("guard.blocked", "turn.completed");
            assertThat(recent.get(1).time()).isEqualTo(Instant.parse("2026-11-23T21:40:00.123Z"));
            assertThat(recent.get(1).fields()).containsEntry("tokens", 812).containsEntry("model", "anthropic/x");
            assertThat(recent.get(0).fields()).containsEntry("score", 0.93);
        }
    }
}
