package dev.clawdbot.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Killing and removing cgroup directories (v1 or v2). */
final class Cgroups {
    private Cgroups() {
    }

    static List<Long> procs(Path dir) {
        try {
            return Files.readAllLines(dir.resolve("cgroup.procs")).stream().filter(s -> !s.isBlank()).map(Long::parseLong).toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    /** Kills until the group is empty; a fork bomb is bounded by pids.max, so this converges. */
    static void killAll(Path dir) {
        Path kill = dir.resolve("cgroup.kill");
        if (Files.exists(kill)) {
            try {
                Files.writeString(kill, "1");
            } catch (IOException ignored) {
                // fall through to per-process kills
            }
        }
        for (int round = 0; round < 200; round++) {
            List<Long> pids = procs(dir);
            if (pids.isEmpty()) return;
            for (long pid : pids) ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            Thread.onSpinWait();
        }
    }

    static boolean remove(Path dir) {
        for (int round = 0; round < 100; round++) {
            try {
                Files.deleteIfExists(dir);
                return true;
            } catch (IOException e) {
                // still busy: processes are exiting; kill stragglers and retry
                killAll(dir);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return false;
    }
}
