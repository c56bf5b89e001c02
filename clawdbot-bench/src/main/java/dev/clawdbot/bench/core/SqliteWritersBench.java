package dev.clawdbot.bench.core;

import dev.clawdbot.core.storage.Database;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Eight threads committing small SQLite transactions at once (what the turn commits, the token ledger and the
 * event writer do under load), each with a 2 ms pause between its transactions. {@code writers=queue} is
 * {@link Database#inTransaction} as shipped: this process's writers wait their turn in a FIFO lock.
 * {@code writers=busyHandler} disables that lock by reflection, leaving the contention to SQLite's busy handler
 * (sleeps of 1, 2, 5 … up to 100 ms between retries), as it was before. Sample mode: read p99 and the maximum.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(8)
public class SqliteWritersBench {

    @Param({"queue", "busyHandler"})
    public String writers;

    Path dir;
    Database db;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        dir = Files.createTempDirectory("sqlite-writers-bench");
        db = Database.sqlite(dir.resolve("clawdbot.db"));
        if (writers.equals("busyHandler")) {
            var lock = Database.class.getDeclaredField("sqliteWriter");
            lock.setAccessible(true);
            lock.set(db, null);
        }
        db.withConnection(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE bench_rows (id INTEGER PRIMARY KEY, v TEXT NOT NULL)");
            }
            return null;
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        db.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
        }
    }

    @Benchmark
    public int commit() throws InterruptedException {
        int n = db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_rows (v) VALUES (?)")) {
                ps.setString(1, "a row of about two hundred characters, like a stored message or an event line ".repeat(3));
                return ps.executeUpdate();
            }
        });
        Thread.sleep(2);
        return n;
    }
}
