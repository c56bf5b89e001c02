package dev.clawdbot.sandbox;

import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

/**
 * Finds and removes what a dead gateway left behind. Every sandbox is named {@code g<pid>-<starttime>-<seq>} after
 * the gateway that started it (pid plus kernel start time, so a reused pid does not look alive); its cgroups carry
 * that name, containers carry it as a label, and {@code <runtimeDir>/<name>.pid} records the outer process.
 */
final class Orphans {
    private static final Pattern NAME = Pattern.compile("g(\\d+)-(\\d+)-(\\d+)");

    private final Path runtimeDir;
    private final Limits limits;
    private final SandboxBackend backend;
    private final EventSink events;
    private final Clock clock;

    Orphans(Path runtimeDir, Limits limits, SandboxBackend backend, EventSink events, Clock clock) {
        this.runtimeDir = runtimeDir;
        this.limits = limits;
        this.backend = backend;
        this.events = events;
        this.clock = clock;
    }

    static String gatewayId(long pid) {
        return "g" + pid + "-" + startTime(pid);
    }

    /** Kernel start time of a process in clock ticks since boot, or -1 if it does not exist. */
    static long startTime(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[19]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static boolean alive(long pid, long start) {
        return start >= 0 && startTime(pid) == start;
    }

    void record(String name, long pid) {
        try {
            Files.createDirectories(runtimeDir);
            Files.writeString(runtimeDir.resolve(name + ".pid"), pid + " " + startTime(pid) + "\n");
        } catch (IOException e) {
            events.emit(Event.of(clock.instant(), SandboxEvents.SANDBOX_RUNTIME_DIR_UNWRITABLE, "sandbox", "dir", runtimeDir.toString()));
        }
    }

    void forget(String name) {
        try {
            Files.deleteIfExists(runtimeDir.resolve(name + ".pid"));
        } catch (IOException ignored) {
            // gc removes it later
        }
    }

    int collect() {
        return collectPidFiles() + collectCgroups() + collectContainers();
    }

    private static boolean gatewayDead(String name) {
        Matcher m = NAME.matcher(name);
        return m.matches() && !alive(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
    }

    private int collectPidFiles() {
        int n = 0;
        if (!Files.isDirectory(runtimeDir)) return 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(runtimeDir, "g*.pid")) {
            for (Path f : ds) {
                String name = f.getFileName().toString().replaceFirst("\\.pid$", "");
                if (!gatewayDead(name)) continue;
                try {
                    String[] v = Files.readString(f, StandardCharsets.US_ASCII).trim().split(" ");
                    long pid = Long.parseLong(v[0]);
                    // The outer process is the namespace's parent: killing it tears the whole PID namespace down.
                    if (alive(pid, Long.parseLong(v[1]))) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                } catch (IOException | RuntimeException ignored) {
                    // unreadable record: drop it
                }
                Files.deleteIfExists(f);
                n++;
            }
        } catch (IOException ignored) {
            // an unreadable runtime dir is reported by diagnostics
        }
        return n;
    }

    private int collectCgroups() {
        int n = 0;
        for (Path parent : limits.parents().values()) {
            if (!Files.isDirectory(parent)) continue;
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent, "g*")) {
                for (Path d : ds) {
                    if (!Files.isDirectory(d) || !gatewayDead(d.getFileName().toString())) continue;
                    Cgroups.killAll(d);
                    if (Cgroups.remove(d)) n++;
                }
            } catch (IOException ignored) {
                // nothing to collect there
            }
        }
        return n;
    }

    private int collectContainers() {
        if (!(backend instanceof SandboxBackend.Container c)) return 0;
        int n = 0;
        String listing = run(ContainerCommand.listOrphans(c));
        for (String line : listing.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length == 2 && NAME.matcher(f[0]).matches() && gatewayDead(f[0])) {
                run(ContainerCommand.kill(c, f[0]));
                n++;
            }
        }
        return n;
    }

    static String run(List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readNBytes(1 << 20);
            if (!p.waitFor(30, TimeUnit.SECONDS)) p.destroyForcibly();
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
