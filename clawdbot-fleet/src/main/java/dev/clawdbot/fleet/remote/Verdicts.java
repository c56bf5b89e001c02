package dev.clawdbot.fleet.remote;

import dev.clawdbot.fleet.remote.Observation.Usage;

import java.util.List;
import java.util.Locale;

/** Thresholds and one-line summaries per observation. */
final class Verdicts {
    /** Disk and inode use at or above this is a warning: ext4 reserves 5 %, so 90 % leaves days, not weeks. */
    static final double FULL_PERCENT = 90;
    /** Less available memory than this (% of total) is a warning. */
    static final double LOW_MEMORY_PERCENT = 10;
    /** GPU temperature at or above this (°C) is a warning: data-centre GPUs throttle from about 85–90 °C. */
    static final double HOT_GPU_C = 85;

    private Verdicts() {
    }

    record Verdict(OpResult.Status status, String summary) {
    }

    static Verdict judge(Observation o) {
        return switch (o) {
            case Observation.Disk d -> usage("disk", d.mounts());
            case Observation.Inodes i -> usage("inodes", i.mounts());
            case Observation.Load l -> ok(String.format(Locale.ROOT, "load %.2f %.2f %.2f, %d/%d runnable", l.one(), l.five(), l.fifteen(), l.running(), l.total()));
            case Observation.Memory m -> {
                String s = String.format(Locale.ROOT, "%.0f%% of %d MiB available, swap %d/%d MiB used", m.availablePercent(),
                        m.totalKb() / 1024, (m.swapTotalKb() - m.swapFreeKb()) / 1024, m.swapTotalKb() / 1024);
                yield m.availablePercent() < LOW_MEMORY_PERCENT ? warn(s) : ok(s);
            }
            case Observation.FailedUnits f -> f.units().isEmpty() ? ok("no failed units")
                    : warn(f.units().size() + " failed: " + String.join(", ", f.units().subList(0, Math.min(5, f.units().size()))));
            case Observation.Containers c -> {
                List<String> bad = c.containers().stream()
                        .filter(x -> x.health().equals("unhealthy") || x.state().equals("restarting") || x.state().equals("dead"))
                        .map(x -> x.name() + " (" + (x.health().equals("unhealthy") ? "unhealthy" : x.state()) + ")").toList();
                long running = c.containers().stream().filter(x -> x.state().equals("running")).count();
                String s = running + "/" + c.containers().size() + " running";
                yield bad.isEmpty() ? ok(s) : warn(s + "; " + String.join(", ", bad.subList(0, Math.min(5, bad.size()))));
            }
            case Observation.ContainerStats s -> ok(s.containers().size() + " containers; busiest: " + s.containers().stream()
                    .filter(x -> !Double.isNaN(x.cpuPercent())).max(java.util.Comparator.comparingDouble(Observation.ContainerStat::cpuPercent))
                    .map(x -> x.name() + " " + x.cpuPercent() + "% CPU").orElse("none"));
            case Observation.Journal j -> ok(j.entries().isEmpty() ? "no recent errors"
                    : j.entries().size() + " recent errors, last: " + Text.clip(j.entries().getLast().unit() + ": " + j.entries().getLast().message(), 80));
            case Observation.Gpus g -> {
                if (g.gpus().isEmpty()) yield warn("no GPU reported");
                StringBuilder b = new StringBuilder();
                boolean hot = false;
                for (Observation.Gpu x : g.gpus()) {
                    if (!b.isEmpty()) b.append("; ");
                    b.append(String.format(Locale.ROOT, "GPU%d %.0f/%.0f MiB %.0f%% %.0f°C", x.index(), x.memoryUsedMiB(), x.memoryTotalMiB(),
                            x.utilizationPercent(), x.temperatureC()));
                    hot |= x.temperatureC() >= HOT_GPU_C;
                }
                yield hot ? warn(b.toString()) : ok(b.toString());
            }
            case Observation.Ports p -> ok(p.listeners().size() + " listening: " + String.join(" ", p.listeners().stream()
                    .map(x -> Integer.toString(x.port())).distinct().limit(15).toList()));
            case Observation.Updates u -> {
                String s = u.count() + " pending" + (u.security() > 0 ? ", " + u.security() + " security" : "");
                yield u.security() > 0 ? warn(s) : ok(s);
            }
            case Observation.Images i -> ok(i.images().size() + " images");
            case Observation.Volumes v -> ok(v.names().size() + " volumes");
            case Observation.Lines l -> ok(l.lines().size() + " lines");
        };
    }

    private static Verdict usage(String what, List<Usage> mounts) {
        List<String> full = mounts.stream().filter(m -> m.usedPercent() >= FULL_PERCENT)
                .map(m -> m.mount() + " " + (long) m.usedPercent() + "%").toList();
        Usage top = mounts.stream().filter(m -> !Double.isNaN(m.usedPercent()))
                .max(java.util.Comparator.comparingDouble(Usage::usedPercent)).orElse(null);
        String s = mounts.size() + " mounts" + (top == null ? "" : ", fullest " + top.mount() + " " + (long) top.usedPercent() + "% " + what);
        return full.isEmpty() ? ok(s) : warn(what + " at or over " + (long) FULL_PERCENT + "%: " + String.join(", ", full));
    }

    private static Verdict ok(String s) {
        return new Verdict(OpResult.Status.OK, s);
    }

    private static Verdict warn(String s) {
        return new Verdict(OpResult.Status.WARN, s);
    }
}
