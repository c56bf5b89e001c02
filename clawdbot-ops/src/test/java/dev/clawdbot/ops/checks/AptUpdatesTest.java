package dev.clawdbot.ops.checks;

import dev.clawdbot.core.notify.OperatorNotice;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

class AptUpdatesTest {
    /** Debian 12 and Ubuntu 22.04 simulations (trimmed): security updates come from an archive ending in -security. */
    private static final String SIMULATION = """
            Reading package lists...
            Building dependency tree...
            Reading state information...
            Calculating upgrade...
            The following packages will be upgraded:
              base-files libgcrypt20-dev libc6 tzdata
            4 upgraded, 1 newly installed, 0 to remove and 0 not upgraded.
            Inst base-files [12.4+deb12u11] (12.4+deb12u15 Debian:12.15/oldstable [amd64])
            Inst libgcrypt20-dev [1.10.1-3] (1.10.1-3+deb12u1 Debian:12.15/oldstable, Debian-Security:12/oldstable-security [amd64]) []
            Inst libc6 [2.35-0ubuntu3.6] (2.35-0ubuntu3.8 Ubuntu:22.04/jammy-updates, Ubuntu:22.04/jammy-security [amd64])
            Inst linux-image-6.1.0-30-amd64 (6.1.124-1 Debian-Security:12/stable-security [amd64])
            Inst tzdata [2024a-0+deb12u1] (2025b-0+deb12u1 Debian:12.11/stable-updates [all])
            Conf base-files (12.4+deb12u15 Debian:12.15/oldstable [amd64])
            """;

    @Test
    void parsesInstLinesAndMarksSecurityArchives() {
        assertThat(AptUpdates.parse(SIMULATION)).containsExactly(
                new AptUpdates.Update("base-files", "12.4+deb12u11", "12.4+deb12u15", false),
                new AptUpdates.Update("libgcrypt20-dev", "1.10.1-3", "1.10.1-3+deb12u1", true),
                new AptUpdates.Update("libc6", "2.35-0ubuntu3.6", "2.35-0ubuntu3.8", true),
                new AptUpdates.Update("linux-image-6.1.0-30-amd64", "", "6.1.124-1", true),
                new AptUpdates.Update("tzdata", "2024a-0+deb12u1", "2025b-0+deb12u1", false));
        assertThat(AptUpdates.parse("Inst broken\nInst x [1\nInst y [1] no-paren\n")).isEmpty();
    }

    @Test
    void aRealSimulationParsesEveryUpgradeItCounts() {
        assumeThat(Files.isExecutable(Path.of("/usr/bin/apt-get"))).as("apt-get is installed (Debian/Ubuntu)").isTrue();
        List<CommandRunner.Audit> ran = new ArrayList<>();
        CommandRunner runner = new CommandRunner(List.of(AptUpdates.ARGV), Duration.ofMinutes(5), ran::add);
        List<OperatorNotice> sent = new ArrayList<>();
        Clock clock = Clock.fixed(Instant.parse("2026-12-06T03:00:00Z"), ZoneOffset.UTC);
        List<String> lines = new WeeklyTier(new AptUpdates(runner), "node-a", sent::add, clock).run(clock.instant());
        assertThat(ran).singleElement().extracting(CommandRunner.Audit::exitCode).isEqualTo(0);
        assertThat(sent).singleElement().extracting(OperatorNotice::source).isEqualTo("ops.weekly");
        // apt's own summary line counts upgrades and new installs; each is one Inst line
        String out;
        try {
            out = runner.run(AptUpdates.ARGV).stdout();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        Matcher m = Pattern.compile("(?m)^(\\d+) upgraded, (\\d+) newly installed").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        int expected = Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2));
        assertThat(AptUpdates.parse(out)).hasSize(expected);
        assertThat(lines).anyMatch(l -> l.startsWith("INFO apt : " + expected + " update"));
    }
}
