package dev.clawdbot.siem.rules;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs built-in sample lines through a throw-away {@link Analyzer} so that the JIT has compiled the hot path
 * (pre-decoding, the decoders' OS_Regex walks, OS_Match, the rule tree) before real traffic arrives: without it the
 * first 100,000 sshd lines of a JVM cost 1.3–1.5× the CPU of later ones (issue #15, {@code SiemVsFail2ban} round 1).
 * The analyzer is private to the call and its results are dropped, so no alert is emitted and no correlation state
 * (frequency history, ignore windows, fired counts) of the caller's analyzer is touched. What remains are the
 * per-thread scratch buffers of the regex engines, which hold no results.
 */
public final class WarmUp {

    /**
     * The default bound, in CPU time of the calling thread: enough for some 20,000–40,000 lines once the first ones are
     * compiled. CPU, not wall clock: at a load average of 12 on two cores a 300 ms wall-clock budget got the thread 58 ms
     * of CPU and 256 lines, which warmed nothing.
     */
    public static final Duration DEFAULT_BUDGET = Duration.ofMillis(300);

    /** However little CPU the thread gets, it stops after this much wall clock (the role's lines queue meanwhile). */
    static final Duration WALL_CAP = Duration.ofSeconds(2);

    /** A safety bound only: the CPU budget ends a warm-up first (a warm thread does ~250,000 lines per CPU-second). */
    static final int MAX_LINES = 100_000;

    private static final List<String> SAMPLES = samples();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private WarmUp() {
    }

    /**
     * Analyses the samples over and over until the calling thread has used {@code budget} of CPU time (wall clock
     * where the JVM cannot measure thread CPU time), {@link #WALL_CAP} has passed or {@link #MAX_LINES} were
     * analysed; returns how many lines it analysed.
     */
    public static int run(Ruleset ruleset, Duration budget) {
        Analyzer scratch = new Analyzer(ruleset, Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC), ZoneOffset.UTC);
        boolean cpu = THREADS.isCurrentThreadCpuTimeSupported();
        long wallEnd = System.nanoTime() + (cpu ? WALL_CAP.toNanos() : Math.min(budget.toNanos(), WALL_CAP.toNanos()));
        long cpuEnd = cpu ? THREADS.getCurrentThreadCpuTime() + budget.toNanos() : Long.MAX_VALUE;
        int n = 0;
        int alerts = 0;
        while (n < MAX_LINES && System.nanoTime() < wallEnd && (!cpu || THREADS.getCurrentThreadCpuTime() < cpuEnd)) {
            // Checking the clocks every 64 lines keeps its cost out of the loop the JIT is meant to learn.
            for (int i = 0; i < 64 && n < MAX_LINES; i++, n++) {
                if (scratch.analyze(SAMPLES.get(n % SAMPLES.size()), "warm-up").alert()) alerts++;
            }
        }
        // Consumed so that the analysis is not dead code to the JIT; never acted on.
        return alerts < 0 ? -n : n;
    }

    /** The sshd bench log's shapes plus one line per other shipped decoder, so their paths are compiled too. */
    private static List<String> samples() {
        List<String> out = new ArrayList<>(SshdSampleLog.lines(2_000, 7));
        String ts = "Dec  7 10:00:00 web1 ";
        out.addAll(List.of(
                ts + "sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/apt update",
                ts + "su[4242]: pam_unix(su:auth): authentication failure; logname=alice uid=1000 euid=0 tty=pts/0 ruser=alice rhost=  user=root",
                ts + "kernel: [UFW BLOCK] IN=eth0 OUT= MAC=00 SRC=203.0.113.7 DST=192.0.2.1 LEN=60 PROTO=TCP SPT=4444 DPT=22",
                ts + "systemd[1]: Started Session 42 of user alice.",
                ts + "useradd[777]: new user: name=mallory, UID=1001, GID=1001, home=/home/mallory, shell=/bin/bash",
                ts + "dockerd[900]: time=\"2026-12-07T10:00:00Z\" level=info msg=\"container started\"",
                "2026-12-07T10:00:00.123+00:00 web1 sshd[5]: Failed password for invalid user admin from 198.51.100.3 port 2222 ssh2",
                "a line with no syslog header"));
        return List.copyOf(out);
    }
}
