package dev.clawdbot.ops.checks;

import dev.clawdbot.ops.engine.Engine;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Weekly: dangling images, unused volumes and stopped containers (reported, with the space unused images hold),
 * and the age of every image. Pruning deletes data, so it is never done here: each class with something in it is
 * filed as one broker request (its exact {@code docker ... prune} argv), which a {@code broker.autoApprove} rule
 * for that argv prefix may approve without asking; with no broker the finding names the command.
 */
public final class ContainerHousekeeping {
    public static final List<String> PRUNE_IMAGES = List.of("/usr/bin/docker", "image", "prune", "--force", "--filter", "dangling=true");
    public static final List<String> PRUNE_VOLUMES = List.of("/usr/bin/docker", "volume", "prune", "--force");
    public static final List<String> PRUNE_CONTAINERS = List.of("/usr/bin/docker", "container", "prune", "--force");
    /** Names listed per finding; the rest are counted. */
    private static final int MAX_LISTED = 20;

    private final Engine engine;
    private final int imageMaxAgeDays;
    private final ActionRequests requests;
    private final Clock clock;

    public ContainerHousekeeping(Engine engine, int imageMaxAgeDays, ActionRequests requests, Clock clock) {
        this.engine = engine;
        this.imageMaxAgeDays = imageMaxAgeDays;
        this.requests = requests;
        this.clock = clock;
    }

    public List<Finding> check() {
        if (!engine.present()) return List.of(ContainerHealth.noEngine(engine));
        List<Finding> findings = new ArrayList<>();
        try {
            List<Engine.Image> dangling = engine.images(true);
            long danglingBytes = dangling.stream().mapToLong(Engine.Image::size).sum();
            unused(findings, "dangling images", dangling, i -> shortId(i.id()), " (" + mib(danglingBytes) + ")", PRUNE_IMAGES);
            unused(findings, "unused volumes", engine.danglingVolumes(), Engine.Volume::name, "", PRUNE_VOLUMES);
            unused(findings, "stopped containers", engine.stopped(), c -> c.name() + " (" + c.status() + ")", "", PRUNE_CONTAINERS);
            findings.add(new Finding(Finding.Severity.INFO, ContainerHealth.NAME, "images", mib(engine.reclaimableImageBytes())
                    + " held by images no container uses", ""));
            imageAge(findings, engine.images(false));
        } catch (IOException e) {
            findings.add(ContainerHealth.unreachable(engine, e));
        }
        return findings;
    }

    private <T> void unused(List<Finding> findings, String what, List<T> items, Function<T, String> label, String extra, List<String> prune) {
        if (items.isEmpty()) return;
        String listed = String.join(", ", items.stream().limit(MAX_LISTED).map(label).toList())
                + (items.size() > MAX_LISTED ? " and " + (items.size() - MAX_LISTED) + " more" : "");
        String summary = "prune " + items.size() + " " + what;
        String fix;
        try {
            String id = requests.file(summary, "The weekly maintenance found " + items.size() + " " + what + extra + ": " + listed
                    + ". Pruning removes them for good.", List.of(prune));
            fix = id == null ? String.join(" ", prune) : "broker request " + id + ": approve it to run " + String.join(" ", prune);
        } catch (IOException | RuntimeException e) {
            fix = String.join(" ", prune) + " (filing the broker request failed: " + e.getMessage() + ")";
        }
        findings.add(new Finding(Finding.Severity.INFO, ContainerHealth.NAME, what, items.size() + extra + ": " + listed, fix));
    }

    private void imageAge(List<Finding> findings, List<Engine.Image> images) {
        long now = clock.instant().getEpochSecond();
        List<String> old = new ArrayList<>();
        for (Engine.Image i : images) {
            long days = Duration.ofSeconds(Math.max(0, now - i.created())).toDays();
            if (days > imageMaxAgeDays) old.add((i.tags().isEmpty() ? shortId(i.id()) : i.tags().getFirst()) + " " + days + "d");
        }
        findings.add(imageAge(ContainerHealth.NAME, imageMaxAgeDays, images.size(), old));
    }

    /** The image age finding, also for managed hosts: {@code old} are {@code name Nd} of the images over {@code imageMaxAgeDays}. */
    public static Finding imageAge(String check, int imageMaxAgeDays, int total, List<String> old) {
        if (old.isEmpty()) {
            return new Finding(Finding.Severity.INFO, check, "image age", total + " images, none older than " + imageMaxAgeDays + " days", "");
        }
        return new Finding(Finding.Severity.INFO, check, "image age", old.size() + " of " + total
                + " images built more than " + imageMaxAgeDays + " days ago: " + String.join(", ", old.stream().limit(MAX_LISTED).toList())
                + (old.size() > MAX_LISTED ? " and " + (old.size() - MAX_LISTED) + " more" : ""),
                "docker pull the newer tag and recreate the container (old images miss security fixes)");
    }

    private static String shortId(String id) {
        String s = id.startsWith("sha256:") ? id.substring(7) : id;
        return s.length() > 12 ? s.substring(0, 12) : s;
    }

    static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
