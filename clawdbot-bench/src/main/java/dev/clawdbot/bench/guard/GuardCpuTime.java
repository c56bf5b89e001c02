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
        measure(threads, t -> guard.screen(t, new ContentSource("chat", "bench")), "builtInPipeline1KB", messages, seconds);
        // e-mail-sized documents (four of the 1 KB messages joined, ~4 KB) through the indirect analysis
        List<String> mails = new java.util.ArrayList<>();
        for (int i = 0; i < messages.size(); i++)
            mails.add(String.join("\n\n", messages.get(i), messages.get((i + 1) % messages.size()),
                    messages.get((i + 2) % messages.size()), messages.get((i + 3) % messages.size())));
        measure(threads, t -> guard.screen(t, new ContentSource("email", "bench")), "indirectEmail4KB", mails, seconds);
        // what the agent does with an untrusted tool result: the injection scanners only, indirect analysis, no redaction
        measure(threads, t -> guard.screenExternal(t, new ContentSource("email", "mail_read")), "externalContent4KB", mails, seconds);
    }

    private static void measure(ThreadMXBean threads, java.util.function.Consumer<String> scan, String name, List<String> texts, long seconds) {
        long[] samples = new long[1 << 22];
        long[] chars = new long[samples.length];
        int n = 0;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end && n < samples.length) {
            String text = texts.get(n % texts.size());
            long start = threads.getCurrentThreadCpuTime();
            scan.accept(text);
            samples[n] = threads.getCurrentThreadCpuTime() - start;
            chars[n++] = text.length();
        }
        long cpu = 0, size = 0;
        for (int i = n / 2; i < n; i++) {
            cpu += samples[i];
            size += chars[i];
        }
        long[] s = Arrays.copyOfRange(samples, n / 2, n);
        Arrays.sort(s);
        System.out.printf("%s thread CPU time, %d calls measured after %d warm-up: p50 %.1f us, p90 %.1f us, p99 %.1f us, min %.1f us; %.0f KB/s of text per core%n",
                name, s.length, n / 2, s[s.length / 2] / 1e3, s[s.length * 9 / 10] / 1e3, s[s.length * 99 / 100] / 1e3, s[0] / 1e3,
                size / 1024.0 / (cpu / 1e9));
    }
}
