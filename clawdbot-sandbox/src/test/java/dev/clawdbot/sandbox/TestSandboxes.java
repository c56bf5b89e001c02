package dev.clawdbot.sandbox;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Sandboxes with tight limits so the escape cases finish fast. */
final class TestSandboxes {
    static final long MEMORY = 96L << 20;
    static final int PIDS = 24;
    static final int OUTPUT = 64 * 1024;

    private TestSandboxes() {
    }

    static SandboxPolicy tightPolicy() {
        return SandboxPolicy.builder().tmpfsBytes(4L << 20).memoryBytes(MEMORY).maxProcesses(PIDS).cpus(1.0).cpuTime(Duration.ofSeconds(1))
                .timeout(Duration.ofSeconds(5)).maxTimeout(Duration.ofSeconds(60)).maxOutputBytes(OUTPUT).build();
    }

    static SandboxConfig config(Path runtimeDir, String backend, boolean allowUnsandboxed, List<Path> protectedPaths) {
        return new SandboxConfig(backend, allowUnsandboxed, null, tightPolicy(), runtimeDir, protectedPaths, null, null, null, null);
    }

    static final class RecordingSink implements EventSink {
        final List<Event> events = new CopyOnWriteArrayList<>();

        @Override
        public void emit(Event event) {
            events.add(event);
        }

        List<String> types() {
            return events.stream().map(Event::type).toList();
        }
    }

    static Sandbox bubblewrap(Path runtimeDir, EventSink sink) {
        return new Sandbox(config(runtimeDir, "bubblewrap", false, List.of()), sink, Clock.systemUTC());
    }
}
