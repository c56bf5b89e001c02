package dev.clawdbot.core.storage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteDatabaseTest extends DatabaseContract {

    @TempDir
    static Path dir;
    private static Database db;

    @BeforeAll
    static void open() {
        db = Database.sqlite(dir.resolve("sub/clawdbot.db"));
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Override
    Database db() {
        return db;
    }

    private static String pragma(Database d, String name) {
        return d.withConnection(c -> {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + name)) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    @Test
    void writersOfThisProcessQueueForTheWriteSlotInsteadOfSqlitesBusyHandler() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Future<Integer> first = pool.submit(() -> db.inTransaction(c -> {
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return 1;
            }));
            holding.await();
            Future<Integer> second = pool.submit(() -> db.inTransaction(c -> 2));
            Future<Integer> third = pool.submit(() -> db.inTransaction(c -> {
                throw new IllegalStateException("this work fails");
            }));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> db.queuedWriters() == 2);
            release.countDown();
            assertThat(first.get()).isEqualTo(1);
            assertThat(second.get()).isEqualTo(2);
            assertThatThrownBy(third::get).hasRootCauseMessage("this work fails");
            // A failed work gave the slot back: the next writer gets it.
            assertThat(pool.submit(() -> db.inTransaction(c -> 4)).get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(4);
            assertThat(db.queuedWriters()).isZero();
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void walBusyTimeoutForeignKeysAndFullSyncAreOnForEveryConnection() {
        for (int i = 0; i < 6; i++) {
            assertThat(pragma(db, "journal_mode")).isEqualTo("wal");
            assertThat(pragma(db, "busy_timeout")).isEqualTo("15000");
            assertThat(pragma(db, "foreign_keys")).isEqualTo("1");
            assertThat(pragma(db, "synchronous")).isEqualTo("2");
        }
        assertThat(db.dialect()).isEqualTo(Database.Dialect.SQLITE);
    }

    @Test
    void twoPoolsOnOneFileWriteConcurrentlyWithoutSqliteBusy() throws Exception {
        try (Database other = Database.sqlite(dir.resolve("sub/clawdbot.db"))) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch go = new CountDownLatch(1);
            try {
                List<Future<?>> fs = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    Database d = t % 2 == 0 ? db : other;
                    int id = t;
                    fs.add(pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < 25; i++) {
                            int n = i;
                            d.inTransaction(c -> insertProbe(c, "p" + id + "-" + n, new byte[100], n));
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> f : fs) f.get();
            } finally {
                pool.shutdown();
            }
        }
        assertThat(count("core_probe")).isEqualTo(200);
    }

    @Test
    void unsupportedUrlIsAPreciseErrorWithoutCredentials() {
        assertThatThrownBy(() -> Database.open(new DatabaseSettings("jdbc:mysql://u:pw@h/db", null, null, 0)))
                .isInstanceOf(StorageException.class)
                .hasMessage("unsupported database url 'jdbc:mysql://***@h/db': use jdbc:sqlite:PATH or jdbc:postgresql://HOST/DB");
    }

    /** {@link JdbcRunner} on the same database. */
    @Nested
    class Runner extends JdbcRunnerContract {
        @Override
        Database db() {
            return db;
        }
    }
}
