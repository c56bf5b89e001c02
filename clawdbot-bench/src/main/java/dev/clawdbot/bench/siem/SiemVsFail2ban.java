package dev.clawdbot.bench.siem;

import dev.clawdbot.siem.rules.Analysis;
import dev.clawdbot.siem.rules.Analyzer;
import dev.clawdbot.siem.rules.Ruleset;
import dev.clawdbot.siem.rules.SshdSampleLog;
import dev.clawdbot.siem.rules.WarmUp;

import com.sun.management.OperatingSystemMXBean;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Load driver: the same 100,000-line sshd log through Debian's {@code fail2ban-regex} (stock sshd filter, process
 * start included) and through {@code Analyzer.analyze}, interleaved round by round so both see the same machine
 * load; prints lines/s of each and the load average per round. Usage: {@code SiemVsFail2ban [rounds] [lines]}.
 *
 * <p>Wall-clock lines/s on a shared machine measure the scheduler as much as the code, so each round also reports
 * lines per CPU-second: fail2ban-regex's user + system time (bash's {@code time}, process start included) against
 * the analysing thread's CPU time (JIT and GC threads excluded) and the whole JVM's over the same pass.
 *
 * <p>Before round 1 it warms the analyzer up as the {@code siem} role does at start ({@link WarmUp}, at most 300 ms),
 * so round 1 measures what the product's first lines cost; {@code -Dsiem.bench.warmup=false} leaves that out.
 */
public final class SiemVsFail2ban {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final OperatingSystemMXBean JVM = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private SiemVsFail2ban() {
    }

    /** Analyses {@code lines} with a fresh analyzer; returns the number of sshd failures found (kept live for the JIT). */
    static int analyzeAll(Ruleset ruleset, List<String> lines) {
        Analyzer analyzer = new Analyzer(ruleset, Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC), ZoneOffset.UTC);
        int failures = 0;
        for (String line : lines) {
            Analysis a = analyzer.analyze(line, "auth.log");
            if (a.groups().contains("sshd_auth_failed") || a.ruleId() == 880110) failures++;
        }
        return failures;
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 6;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : AnalyzerBench.LINES;
        List<String> lines = SshdSampleLog.lines(n, 42);
        Path log = Files.createTempFile("sshd-bench", ".log");
        try {
            Files.write(log, lines, StandardCharsets.UTF_8);
            Ruleset ruleset = Ruleset.shipped();
            if (Boolean.parseBoolean(System.getProperty("siem.bench.warmup", "true"))) {
                long w0 = System.nanoTime();
                long c0 = THREADS.getCurrentThreadCpuTime();
                int warmed = WarmUp.run(ruleset, WarmUp.DEFAULT_BUDGET);
                System.out.printf("warm-up (as the siem role does): %,d sample lines in %d ms wall, %d ms thread CPU%n", warmed,
                        (System.nanoTime() - w0) / 1_000_000, (THREADS.getCurrentThreadCpuTime() - c0) / 1_000_000);
            } else {
                System.out.println("no warm-up (-Dsiem.bench.warmup=false): round 1 is a cold JIT");
            }
            for (int r = 1; r <= rounds; r++) {
                String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
                long f0 = System.nanoTime();
                Process p = new ProcessBuilder("bash", "-c", "TIMEFORMAT='%3U %3S'; time fail2ban-regex -r -o ip \"$0\" "
                        + "/etc/fail2ban/filter.d/sshd.conf >/dev/null 2>/dev/null", log.toString())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                String[] cpu = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip().split("\\s+");
                if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("fail2ban-regex failed");
                double f2b = n / ((System.nanoTime() - f0) / 1e9);
                double f2bCpu = n / (Double.parseDouble(cpu[cpu.length - 2]) + Double.parseDouble(cpu[cpu.length - 1]));
                long t0 = THREADS.getCurrentThreadCpuTime();
                long j0 = JVM.getProcessCpuTime();
                long o0 = System.nanoTime();
                int failures = analyzeAll(ruleset, lines);
                double ours = n / ((System.nanoTime() - o0) / 1e9);
                double oursCpu = n / ((THREADS.getCurrentThreadCpuTime() - t0) / 1e9);
                double oursJvm = n / ((JVM.getProcessCpuTime() - j0) / 1e9);
                System.out.printf("round %d (load %s): wall: fail2ban-regex %,.0f lines/s, siem %,.0f lines/s, ratio %.1f; "
                                + "per CPU-second: fail2ban-regex %,.0f, siem thread %,.0f (JVM %,.0f), ratio %.1f (%.1f); %d failures%n",
                        r, load, f2b, ours, ours / f2b, f2bCpu, oursCpu, oursJvm, oursCpu / f2bCpu, oursJvm / f2bCpu, failures);
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
