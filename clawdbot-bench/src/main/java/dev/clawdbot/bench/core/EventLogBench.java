package dev.clawdbot.bench.core;

import dev.clawdbot.agent.AgentEvents;
import dev.clawdbot.core.config.SecretRedactor;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventLog;
import dev.clawdbot.core.storage.Database;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The caller's cost of {@link EventLog#emit} (redact, enqueue) and the latency of making 100 events durable
 * in SQLite and the JSONL file (emit them, then wait until they are written and fsynced).
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EventLogBench {

    Path dir;
    Database db;
    EventLog log;
    Clock clock = Clock.systemUTC();
    long n;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        dir = Files.createTempDirectory("eventlog-bench");
        db = Database.sqlite(dir.resolve("clawdbot.db"));
        SecretRedactor redactor = new SecretRedactor();
        redactor.register("sk-ant-benchmark-secret-0123456789");
        log = new EventLog(db, dir.resolve("events/events.jsonl"), clock, redactor, 16L << 20, 2, 100_000, Duration.ofMillis(50));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        log.close();
        db.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
        }
    }

    /** Waits for the writer between iterations, so each measured batch of emits starts with an empty queue. */
    @TearDown(Level.Iteration)
    public void drain() {
        log.flush(Duration.ofSeconds(60));
    }

    /** 10,000 emits as the caller sees them: the writer catches up after the batch, outside the measurement. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 10, batchSize = 10_000)
    @Measurement(iterations = 20, batchSize = 10_000)
    public void emitTenThousand() {
        log.emit(Event.of(clock.instant(), AgentEvents.TURN_COMPLETED, "telegram:12345", "turn", n++, "outputTokens", 2214, "model", "anthropic/claude-opus-4-5"));
    }

    /** 100 events emitted then flushed to disk and database: the per-batch time divided by 100 is the sustained cost. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public boolean hundredEventsDurable() {
        for (int i = 0; i < 100; i++) {
            log.emit(Event.of(clock.instant(), AgentEvents.TURN_COMPLETED, "telegram:12345", "turn", n++, "outputTokens", 2214));
        }
        return log.flush(Duration.ofSeconds(30));
    }
}
