package dev.clawdbot.ops.checks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Pending apt updates, from a simulated upgrade ({@code apt-get -s -o Debug::NoLocking=1 upgrade}: installs nothing,
 * takes no lock) run through the {@link CommandRunner}. An update from an archive whose name ends in
 * {@code -security} (Debian-Security, Ubuntu's jammy-security) is a security update: any is a WARNING listing
 * them; other pending updates are one INFO line. The package lists are as fresh as the host's last
 * {@code apt-get update} (Debian's apt-daily timer).
 */
public final class AptUpdates {
    static final String NAME = "apt";
    public static final List<String> ARGV = List.of("/usr/bin/apt-get", "-s", "-o", "Debug::NoLocking=1", "upgrade");

    private final CommandRunner runner;

    public AptUpdates(CommandRunner runner) {
        this.runner = runner;
    }

    /** One pending upgrade; {@code from} is empty for a package not installed yet. */
    record Update(String name, String from, String to, boolean security) {
    }

    /** The {@code Inst} lines of the simulation: {@code Inst NAME [OLD] (NEW ARCHIVE, ARCHIVE [ARCH])}. */
    static List<Update> parse(String output) {
        List<Update> updates = new ArrayList<>();
        for (String line : output.split("\n")) {
            if (!line.startsWith("Inst ")) continue;
            String rest = line.substring(5);
            int space = rest.indexOf(' ');
            if (space <= 0) continue;
            String name = rest.substring(0, space);
            rest = rest.substring(space + 1);
            String from = "";
            if (rest.startsWith("[")) {
                int close = rest.indexOf(']');
                if (close < 0) continue;
                from = rest.substring(1, close);
                rest = rest.substring(close + 1).strip();
            }
            if (!rest.startsWith("(")) continue;
            int close = rest.indexOf(')');
            String inner = close < 0 ? rest.substring(1) : rest.substring(1, close);
            int versionEnd = inner.indexOf(' ');
            String to = versionEnd < 0 ? inner : inner.substring(0, versionEnd);
            String archives = versionEnd < 0 ? "" : inner.substring(versionEnd + 1);
            boolean security = false;
            for (String archive : archives.split(",")) {
                String a = archive.strip();
                int bracket = a.indexOf(" [");
                if (bracket >= 0) a = a.substring(0, bracket);
                if (a.endsWith("-security")) security = true;
            }
            updates.add(new Update(name, from, to, security));
        }
        return updates;
    }

    public List<Finding> check() {
        if (!Files.isExecutable(Path.of(ARGV.getFirst()))) {
            return List.of(new Finding(Finding.Severity.INFO, NAME, "", "apt-get not installed; updates not checked", ""));
        }
        Tiers.Ran ran = Tiers.run(runner, ARGV, NAME, "apt-get -s upgrade");
        if (ran.problem() != null) return List.of(ran.problem());
        List<Update> updates = parse(ran.stdout());
        List<String> security = updates.stream().filter(Update::security).map(u -> u.name() + " " + u.to()).toList();
        List<Finding> findings = new ArrayList<>();
        if (!security.isEmpty()) {
            findings.add(new Finding(Finding.Severity.WARNING, NAME, "security", security.size() + " security update"
                    + (security.size() == 1 ? "" : "s") + " pending: " + String.join(", ", security.subList(0, Math.min(30, security.size())))
                    + (security.size() > 30 ? ", ..." : ""), "apt-get update && apt-get upgrade (or enable unattended-upgrades)"));
        }
        findings.add(new Finding(Finding.Severity.INFO, NAME, "", updates.size() + " update" + (updates.size() == 1 ? "" : "s")
                + " pending, " + security.size() + " of them security", ""));
        return findings;
    }
}
