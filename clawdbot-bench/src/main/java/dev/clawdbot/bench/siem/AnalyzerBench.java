package dev.clawdbot.bench.siem;

import dev.clawdbot.siem.rules.Ruleset;
import dev.clawdbot.siem.rules.SshdSampleLog;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Lines per second of {@code Analyzer.analyze} (pre-decoding, decoders, rules, correlation) with the shipped
 * ruleset over the 100,000-line sshd log of the fail2ban comparison; one fresh analyzer per pass, as a new
 * {@code fail2ban-regex} run starts without state. Scores are lines/s.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AnalyzerBench {

    static final int LINES = 100_000;

    Ruleset ruleset;
    List<String> lines;

    @Setup
    public void setup() {
        ruleset = Ruleset.shipped();
        lines = SshdSampleLog.lines(LINES, 42);
    }

    @Benchmark
    @OperationsPerInvocation(LINES)
    public int sshdLog() {
        return SiemVsFail2ban.analyzeAll(ruleset, lines);
    }
}
