package dev.clawdbot.bench.core;

import dev.clawdbot.core.config.SecretRedactor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** Cost of redacting one typical log line (~160 chars) with N registered secrets, clean and with one secret in it. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RedactorBench {

    @Param({"10", "1000"})
    int secrets;

    SecretRedactor redactor;
    String clean;
    String dirty;

    @Setup
    public void setup() {
        Random r = new Random(1);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < secrets; i++) {
            StringBuilder sb = new StringBuilder("sk-");
            for (int k = 0; k < 40; k++) sb.append((char) ('a' + r.nextInt(26)));
            values.add(sb.toString());
        }
        redactor = new SecretRedactor();
        redactor.registerAll(values);
        clean = "2026-11-23 21:40:00.123 INFO  d.c.agent.Runner - turn 4812 for telegram:12345 completed in 812 ms, "
                + "model anthropic/claude-opus-4-5, 3 tool calls, 2214 tokens";
        dirty = clean.substring(0, 90) + " key=" + values.get(secrets / 2) + clean.substring(90);
    }

    @Benchmark
    public String cleanLine() {
        return redactor.redact(clean);
    }

    @Benchmark
    public String lineWithSecret() {
        return redactor.redact(dirty);
    }
}
