package dev.clawdbot.bench.broker;

import dev.clawdbot.bench.InstantModelRouter;
import dev.clawdbot.broker.BrokerConfig;
import dev.clawdbot.broker.OperatorEmailConfig;
import dev.clawdbot.broker.RequestBroker;
import dev.clawdbot.broker.bridge.WebhookSecret;
import dev.clawdbot.broker.email.EmailOperatorChannel;
import dev.clawdbot.core.events.EventSink;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * File drop to operator e-mail sent: a request file is renamed into the spool inbox, the broker (file
 * watcher, SQLite, rules plus an instant model) assesses it and sends the approval e-mail over real SMTP to
 * a local sink; one invocation ends when the sink has the message.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BrokerLatencyBenchmark {

    private Path dir;
    private SmtpSink sink;
    private Database db;
    private RequestBroker broker;
    private final AtomicLong seq = new AtomicLong();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("broker-bench");
        sink = new SmtpSink();
        db = Database.sqlite(dir.resolve("broker.db"));
        OperatorEmailConfig email = new OperatorEmailConfig("127.0.0.1", sink.port(), false, "127.0.0.1", 143, false, null, null,
                "broker@bench.example", List.of("op@bench.example"), List.of(), null, null);
        BrokerConfig config = new BrokerConfig(dir.resolve("spool"), null, null, null, WebhookSecret.generate(), null, email, null, null, Duration.ofSeconds(30));
        broker = new RequestBroker(config, db, new InstantModelRouter("Routine change.\nRISK: low"), (a, k) -> {
            throw new IllegalStateException("nothing is approved in this benchmark");
        }, List.of(new EmailOperatorChannel(email, Clock.systemUTC())), outcome -> { }, EventSink.NONE, Clock.systemUTC());
        broker.start();
        Files.createDirectories(dir.resolve("spool/inbox"));
    }

    @Benchmark
    public boolean dropToEmail() throws Exception {
        long n = seq.incrementAndGet();
        Path tmp = dir.resolve("spool/inbox/.r" + n + ".tmp");
        Files.writeString(tmp, """
                {"requester":"dakota","summary":"Restart worker %d","rationale":"benchmark",
                 "actions":[{"type":"command","argv":["systemctl","restart","worker@%d"]}]}""".formatted(n, n));
        Files.move(tmp, dir.resolve("spool/inbox/r" + n + ".json"));
        return sink.received.tryAcquire(10, TimeUnit.SECONDS);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        broker.close();
        db.close();
        sink.close();
    }
}
