package dev.clawdbot.fleet.remote;

import java.time.Instant;
import java.util.List;

/** What a read-only operation found, parsed. Lists are capped by the parsers (see {@link Parsers#MAX_ROWS}). */
public sealed interface Observation {
    /** One mount's usage; for inodes the counts are inodes, for disk 1024-byte blocks. NaN percent: not reported. */
    record Usage(String filesystem, String mount, long total, long used, long available, double usedPercent) {
    }

    record Disk(List<Usage> mounts) implements Observation {
    }

    record Inodes(List<Usage> mounts) implements Observation {
    }

    record Load(double one, double five, double fifteen, int running, int total) implements Observation {
    }

    /** From /proc/meminfo, in KiB. */
    record Memory(long totalKb, long availableKb, long swapTotalKb, long swapFreeKb) implements Observation {
        public double availablePercent() {
            return totalKb == 0 ? Double.NaN : 100.0 * availableKb / totalKb;
        }
    }

    record FailedUnits(List<String> units) implements Observation {
    }

    /** {@code health}: healthy, unhealthy, starting, or none when the image defines no health check. */
    record Container(String name, String state, String status, String health, String image) {
    }

    record Containers(List<Container> containers) implements Observation {
    }

    record ContainerStat(String name, double cpuPercent, double memPercent, String memUsage) {
    }

    record ContainerStats(List<ContainerStat> containers) implements Observation {
    }

    record JournalEntry(Instant time, String unit, String message) {
    }

    record Journal(List<JournalEntry> entries) implements Observation {
    }

    record Gpu(int index, String name, double memoryUsedMiB, double memoryTotalMiB, double utilizationPercent, double temperatureC) {
    }

    record Gpus(List<Gpu> gpus) implements Observation {
    }

    record Listener(String address, int port) {
    }

    record Ports(List<Listener> listeners) implements Observation {
    }

    /** {@code security}: how many come from a {@code -security} suite. */
    record Updates(int count, int security, List<String> packages) implements Observation {
    }

    /** An image: for dangling ones the short id and {@code detail} its size; else repository:tag and its build time (null: unreadable). */
    record Image(String ref, String detail, Instant created) {
    }

    record Images(List<Image> images) implements Observation {
    }

    record Volumes(List<String> names) implements Observation {
    }

    /** Output read line by line by the ops checks' own judges ({@code sshd -T}, {@code getent passwd}). */
    record Lines(List<String> lines) implements Observation {
    }
}
