package dev.clawdbot.bench.agent;

import dev.clawdbot.bench.InstantModelRouter;
import dev.clawdbot.agent.AgentGateway;
import dev.clawdbot.agent.Agents;
import dev.clawdbot.agent.AgentsConfig;
import dev.clawdbot.core.chat.Caller;
import dev.clawdbot.core.chat.ChatError;
import dev.clawdbot.core.chat.InboundMessage;
import dev.clawdbot.core.chat.Reply;
import dev.clawdbot.core.chat.ReplyListener;
import dev.clawdbot.core.config.SecretRedactor;
import dev.clawdbot.core.events.EventLog;
import dev.clawdbot.core.guard.ContentGuard;
import dev.clawdbot.core.guard.ContentSource;
import dev.clawdbot.core.guard.GuardVerdict;
import dev.clawdbot.core.storage.Database;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gateway time per turn with an instantly answering model: lane, guard call, history load, prompt assembly, the
 * atomic SQLite commit (WAL, synchronous=FULL, group commit when turns overlap), the event log (database row and
 * fsynced JSONL line) and the reply, across 1,000 sessions. Everything but the model and the HTTP layer.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GatewayTurnBench {

    private Path dir;
    private Database db;
    private AgentGateway gateway;
    private EventLog events;
    private final AtomicLong counter = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("gateway-bench");
        db = Database.sqlite(dir.resolve("bench.db"));
        ContentGuard pass = new ContentGuard() {
            @Override
            public GuardVerdict screen(String text, ContentSource source) {
                return GuardVerdict.pass(text);
            }

            @Override
            public String wrapUntrusted(String content, ContentSource source) {
                return content;
            }
        };
        events = new EventLog(db, dir.resolve("events/events.jsonl"), Clock.systemUTC(), new SecretRedactor(), EventLog.DEFAULT_ROTATE_BYTES);
        gateway = Agents.create(new AgentsConfig(null, null, null, 8, 1000, null, 4), dir.resolve("config"), db,
                new InstantModelRouter("ok"), List.of(), pass, events, Clock.systemUTC());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        gateway.close();
        events.close();
        db.close();
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** One turn, submitted and awaited, in one of 1,000 sessions. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public Reply turn() throws Exception {
        return oneTurn();
    }

    /** Turns per second with eight callers at once, across 1,000 sessions. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(8)
    public Reply turnsPerSecond() throws Exception {
        return oneTurn();
    }

    private Reply oneTurn() throws Exception {
        long n = counter.incrementAndGet();
        CompletableFuture<Reply> done = new CompletableFuture<>();
        gateway.submit(new InboundMessage(null, new Caller("bench", "peer" + (n % 1000), null), "message " + n,
                java.time.Instant.now(), false), new ReplyListener() {
            @Override
            public void onComplete(Reply reply) {
                done.complete(reply);
            }

            @Override
            public void onError(ChatError error) {
                done.completeExceptionally(new IllegalStateException(error.code() + ": " + error.message()));
            }
        });
        return done.get(30, TimeUnit.SECONDS);
    }
}
