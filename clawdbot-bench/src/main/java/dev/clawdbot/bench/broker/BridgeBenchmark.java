package dev.clawdbot.bench.broker;

import dev.clawdbot.broker.bridge.BridgeMessage;
import dev.clawdbot.broker.bridge.BridgeSender;
import dev.clawdbot.broker.bridge.WebhookSecret;
import dev.clawdbot.broker.bridge.WebhookSignature;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Standard Webhooks sign + verify of a typical bridge note (about 300 bytes), with two secrets configured (rotation). */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class BridgeBenchmark {

    private BridgeSender sender;
    private List<WebhookSecret> secrets;
    private final Clock clock = Clock.systemUTC();
    private final String text = "Your request \"Restart nginx after config change\" (req_0123456789abcdef) was approved and done.\n"
            + "1. run systemctl restart nginx: exit 0";

    @Setup
    public void setUp() {
        WebhookSecret current = WebhookSecret.parse(WebhookSecret.generate());
        secrets = List.of(WebhookSecret.parse(WebhookSecret.generate()), current);
        sender = new BridgeSender(current, m -> { }, clock, "broker");
    }

    @Benchmark
    public boolean signAndVerify() {
        BridgeMessage m = sender.sign("dakota", text, "req_0123456789abcdef");
        return WebhookSignature.verify(m.headers(), m.body(), secrets, clock.instant(), Duration.ofMinutes(5)) instanceof WebhookSignature.Verdict.Valid;
    }
}
