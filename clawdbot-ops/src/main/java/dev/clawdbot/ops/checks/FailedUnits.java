package dev.clawdbot.ops.checks;

import dev.clawdbot.core.text.PlainText;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Failed systemd units, from {@code systemctl --failed --plain --no-legend} run through the {@link CommandRunner}.
 * Where systemd is not PID 1 (containers, CI) there is nothing to ask: {@code /run/systemd/system} is absent (the
 * test {@code sd_booted()} makes) and the check says so as an INFO finding without running anything.
 */
public final class FailedUnits {
    static final String NAME = "systemd";
    public static final List<String> ARGV = List.of("/usr/bin/systemctl", "--failed", "--plain", "--no-legend");
    /** Lines beyond this are counted, not listed: a report lists what the operator can act on. */
    private static final int MAX_LISTED = 50;

    private final CommandRunner runner;
    private final Path runSystemd;

    /** @param runSystemd {@code /run/systemd/system}; a directory only when systemd is PID 1 */
    public FailedUnits(CommandRunner runner, Path runSystemd) {
        this.runner = runner;
        this.runSystemd = runSystemd;
    }

    /** One line of the listing: UNIT LOAD ACTIVE SUB DESCRIPTION (the description may hold spaces). */
    record Unit(String name, String load, String active, String sub, String description) {
    }

    static List<Unit> parse(String listing) {
        List<Unit> units = new ArrayList<>();
        for (String raw : listing.split("\n")) {
            String line = raw.strip();
            // Older systemd versions print a bullet even with --plain.
            if (line.startsWith("●") || line.startsWith("*")) line = line.substring(1).strip();
            if (line.isEmpty()) continue;
            String[] f = PlainText.splitWhitespace(line, 5);
            if (f.length < 4) continue;
            units.add(new Unit(f[0], f[1], f[2], f[3], f.length == 5 ? f[4] : ""));
        }
        return units;
    }

    public List<Finding> check() {
        if (!Files.isDirectory(runSystemd)) {
            return List.of(new Finding(Finding.Severity.INFO, NAME, "", "systemd not running (no " + runSystemd + "); failed units not checked", ""));
        }
        Tiers.Ran ran = Tiers.run(runner, ARGV, NAME, "systemctl --failed");
        if (ran.problem() != null) return List.of(ran.problem());
        List<Finding> findings = new ArrayList<>();
        List<Unit> units = parse(ran.stdout());
        for (Unit u : units.subList(0, Math.min(MAX_LISTED, units.size()))) {
            findings.add(new Finding(Finding.Severity.WARNING, NAME, u.name(), u.active() + "/" + u.sub()
                    + (u.description().isEmpty() ? "" : " (" + u.description() + ")"),
                    "journalctl -u " + u.name() + " -n 50; then systemctl restart or systemctl reset-failed " + u.name()));
        }
        if (units.size() > MAX_LISTED) {
            findings.add(new Finding(Finding.Severity.WARNING, NAME, "", (units.size() - MAX_LISTED) + " more failed units", "systemctl --failed"));
        }
        return findings;
    }
}
