package dev.clawdbot.bench.agent;

import dev.clawdbot.agent.SessionInfo;
import dev.clawdbot.agent.SessionStore;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.llm.ChatMessage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The atomic commit of one two-message turn alone, to separate the store's share of {@link GatewayTurnBench}. */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class StoreCommitBench {

    private Path dir;
    private Database db;
    private SessionStore store;
    private SessionInfo session;
    private final List<ChatMessage> turn = List.of(ChatMessage.user("message"), ChatMessage.assistant("ok"));

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("store-bench");
        db = Database.sqlite(dir.resolve("bench.db"));
        store = new SessionStore(db, Clock.systemUTC());
        session = store.openOrCreate("dakota", "bench", "1");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        db.close();
        try (var s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public int commit() {
        return store.commitTurn(session.id(), Instant.now(), "fake/instant", 12, 1, turn);
    }
}
