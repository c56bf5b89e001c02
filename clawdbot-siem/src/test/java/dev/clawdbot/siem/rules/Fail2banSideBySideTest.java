package dev.clawdbot.siem.rules;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same sshd log through Debian's {@code fail2ban-regex} (its stock sshd filter) and through the shipped
 * rules: both must find the same failing hosts and the same number of failure lines. Prints lines per second of
 * each (figures in docs/benchmarks.md); {@code -Dsiem.bench.lines=100000} for the benchmark size.
 */
class Fail2banSideBySideTest {

    private static final Path FAIL2BAN_REGEX = Path.of("/usr/bin/fail2ban-regex");
    private static final Path SSHD_FILTER = Path.of("/etc/fail2ban/filter.d/sshd.conf");

    static List<String> sshdLog(int lines, long seed) {
        return SshdSampleLog.lines(lines, seed);
    }

    @Test
    void sameFailingHostsAsFail2banRegex(@TempDir Path dir) throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(FAIL2BAN_REGEX) && Files.isRegularFile(SSHD_FILTER),
                "skipped: Debian's fail2ban (fail2ban-regex and filter.d/sshd.conf) is not installed");
        int n = Integer.getInteger("siem.bench.lines", 20_000);
        List<String> lines = sshdLog(n, 42);
        Path log = dir.resolve("auth.log");
        Files.write(log, lines, StandardCharsets.UTF_8);

        long f0 = System.nanoTime();
        Process p = new ProcessBuilder(FAIL2BAN_REGEX.toString(), "-r", "-o", "ip", log.toString(), SSHD_FILTER.toString())
                .redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> f2bIps = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        double f2bSeconds = (System.nanoTime() - f0) / 1e9;

        Analyzer analyzer = new Analyzer(Ruleset.shipped(), java.time.Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC), ZoneOffset.UTC);
        Set<String> ours = new TreeSet<>();
        int failures = 0;
        long o0 = System.nanoTime();
        for (String line : lines) {
            Analysis a = analyzer.analyze(line, "auth.log");
            if (a.groups().contains("sshd_auth_failed") || a.ruleId() == 880110) {
                failures++;
                ours.add(a.fields().get("srcip"));
            }
        }
        double oursSeconds = (System.nanoTime() - o0) / 1e9;

        assertThat(ours).isEqualTo(new TreeSet<>(f2bIps));
        assertThat(failures).isEqualTo(f2bIps.size());
        System.out.printf("side-by-side on %d sshd lines: fail2ban-regex %.0f lines/s (%.2f s, process included), siem rules %.0f lines/s (%.3f s), %d hosts, %d failures%n",
                n, n / f2bSeconds, f2bSeconds, n / oursSeconds, oursSeconds, ours.size(), failures);
    }
}
