package dev.clawdbot.bench.guard;

import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.guard.ContentSource;
import dev.clawdbot.guard.Guard;
import dev.clawdbot.guard.GuardConfig;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * A supplement to {@link GuardPipelineBenchmark} for a shared machine: the CPU time the scanning thread itself spends
 * per 1 KB message (same messages), so time spent waiting for a core under other people's load does not count, as it
 * does in JMH's wall-clock samples. Warms up for the first half of the run and reports percentiles of the second.
 * Run: {@code java -cp <bench classpath> dev.clawdbot.bench.guard.GuardCpuTime [seconds, default 30]}.
 */
public final class GuardCpuTime {

    private GuardCpuTime() {
    }

    public static void main(String[] args) {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 30;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (!threads.isCurrentThreadCpuTimeSupported()) throw new IllegalStateException("this JVM cannot measure thread CPU time");
        Guard guard = Guard.create(GuardConfig.defaults(), EventSink.NONE, Clock.systemUTC());
        List<String> messages = GuardPipelineBenchmark.messages();
        ContentSource source = new ContentSource("chat", "bench");
        long[] samples = new long[1 << 22];
        int n = 0;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end && n < samples.length) {
            long start = threads.getCurrentThreadCpuTime();
            guard.screen(messages.get(n % messages.size()), source);
            samples[n++] = threads.getCurrentThreadCpuTime() - start;
        }
        long[] s = Arrays.copyOfRange(samples, n / 2, n);
        Arrays.sort(s);
        System.out.printf("builtInPipeline1KB thread CPU time, %d calls measured after %d warm-up: p50 %.1f us, p90 %.1f us, p99 %.1f us, min %.1f us%n",
                s.length, n / 2, s[s.length / 2] / 1e3, s[s.length * 9 / 10] / 1e3, s[s.length * 99 / 100] / 1e3, s[0] / 1e3);
    }
}
