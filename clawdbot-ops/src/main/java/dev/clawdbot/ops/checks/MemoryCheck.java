package dev.clawdbot.ops.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Memory and swap from {@code /proc/meminfo} (the kernel's own numbers; no host command): a warning when
 * less than {@code minAvailablePercent} of memory is available (MemAvailable, what {@code free} shows as
 * "available"), and when more than {@code maxSwapUsedPercent} of the swap is in use.
 */
public final class MemoryCheck {
    static final String NAME = "memory";
    /** /proc/meminfo is ~1.5 KiB; anything much longer is not it. */
    private static final int MAX_CHARS = 64 * 1024;

    private final int minAvailablePercent;
    private final int maxSwapUsedPercent;

    public MemoryCheck(int minAvailablePercent, int maxSwapUsedPercent) {
        if (minAvailablePercent < 0 || minAvailablePercent > 100 || maxSwapUsedPercent < 0 || maxSwapUsedPercent > 100) {
            throw new IllegalArgumentException("memory thresholds are percentages 0..100");
        }
        this.minAvailablePercent = minAvailablePercent;
        this.maxSwapUsedPercent = maxSwapUsedPercent;
    }

    /** The kB values of {@code /proc/meminfo} text, by field name; malformed lines are ignored. */
    static Map<String, Long> parse(String meminfo) {
        Map<String, Long> out = new TreeMap<>();
        String text = meminfo.length() > MAX_CHARS ? meminfo.substring(0, MAX_CHARS) : meminfo;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) continue;
            String[] parts = line.substring(colon + 1).trim().split(" ");
            try {
                out.put(line.substring(0, colon), Long.parseLong(parts[0]));
            } catch (NumberFormatException e) {
                // not a number: not a field this check reads
            }
        }
        return out;
    }

    public List<Finding> check(String meminfo) {
        Map<String, Long> m = parse(meminfo);
        List<Finding> findings = new ArrayList<>();
        Long total = m.get("MemTotal");
        Long available = m.get("MemAvailable");
        if (total == null || available == null || total <= 0) {
            findings.add(new Finding(Finding.Severity.INFO, NAME, "", "/proc/meminfo has no MemTotal/MemAvailable", ""));
            return findings;
        }
        long availablePercent = available * 100 / total;
        if (availablePercent < minAvailablePercent) {
            findings.add(new Finding(availablePercent < minAvailablePercent / 2 ? Finding.Severity.CRITICAL : Finding.Severity.WARNING,
                    NAME, "memory", availablePercent + "% available (" + available / 1024 + " MiB of " + total / 1024 + " MiB)",
                    "find the largest processes: ps -eo rss,comm --sort=-rss | head"));
        }
        long swapTotal = m.getOrDefault("SwapTotal", 0L);
        long swapFree = m.getOrDefault("SwapFree", 0L);
        if (swapTotal > 0) {
            long usedPercent = (swapTotal - swapFree) * 100 / swapTotal;
            if (usedPercent > maxSwapUsedPercent) {
                findings.add(new Finding(Finding.Severity.WARNING, NAME, "swap", usedPercent + "% of swap in use",
                        "memory pressure: check the largest processes and container memory limits"));
            }
        }
        return findings;
    }
}
