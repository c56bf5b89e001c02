package dev.clawdbot.bench.siem;

import dev.clawdbot.siem.rules.Analysis;
import dev.clawdbot.siem.rules.Analyzer;
import dev.clawdbot.siem.rules.Ruleset;
import dev.clawdbot.siem.rules.SshdSampleLog;

import java.io.IOException;
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
 */
public final class SiemVsFail2ban {

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
            for (int r = 1; r <= rounds; r++) {
                String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
                long f0 = System.nanoTime();
                Process p = new ProcessBuilder("fail2ban-regex", "-r", "-o", "ip", log.toString(), "/etc/fail2ban/filter.d/sshd.conf")
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("fail2ban-regex failed");
                double f2b = n / ((System.nanoTime() - f0) / 1e9);
                long o0 = System.nanoTime();
                int failures = analyzeAll(ruleset, lines);
                double ours = n / ((System.nanoTime() - o0) / 1e9);
                System.out.printf("round %d (load %s): fail2ban-regex %,.0f lines/s, siem rules %,.0f lines/s (%d failures), ratio %.1f%n",
                        r, load, f2b, ours, failures, ours / f2b);
            }
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
