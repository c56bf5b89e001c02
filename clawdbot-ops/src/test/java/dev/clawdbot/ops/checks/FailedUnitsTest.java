package dev.clawdbot.ops.checks;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

class FailedUnitsTest {
    /** What systemd 252 prints for {@code systemctl --failed --plain --no-legend} with two failed units. */
    private static final String LISTING = """
            certbot.service         loaded failed failed Certbot
            nginx.service           loaded failed failed A high performance web server and a reverse proxy server
            """;

    @Test
    void parsesTheListingIntoUnitsWithTheirDescriptions() {
        assertThat(FailedUnits.parse(LISTING)).containsExactly(
                new FailedUnits.Unit("certbot.service", "loaded", "failed", "failed", "Certbot"),
                new FailedUnits.Unit("nginx.service", "loaded", "failed", "failed", "A high performance web server and a reverse proxy server"));
        // systemd 245 (Ubuntu 20.04) prints a bullet even with --plain; a unit without a description still counts
        assertThat(FailedUnits.parse("● ssh.socket loaded failed failed\n\n"))
                .containsExactly(new FailedUnits.Unit("ssh.socket", "loaded", "failed", "failed", ""));
        assertThat(FailedUnits.parse("")).isEmpty();
    }

    @Test
    void whereSystemdIsNotPid1NothingRunsAndTheFindingSaysSo() {
        Path runSystemd = Path.of("/run/systemd/system");
        assumeThat(Files.isDirectory(runSystemd)).as("this machine runs systemd as PID 1").isFalse();
        List<CommandRunner.Audit> ran = new ArrayList<>();
        List<Finding> findings = new FailedUnits(new CommandRunner(List.of(FailedUnits.ARGV), Duration.ofSeconds(30), ran::add), runSystemd).check();
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Finding.Severity.INFO);
            assertThat(f.message()).startsWith("systemd not running");
        });
        assertThat(ran).isEmpty();
    }

    @Test
    void aFailingSystemctlIsAWarningWithItsMessage(@TempDir Path fakeRun) throws Exception {
        // Pretend systemd is PID 1 so the real systemctl runs; without a systemd manager it fails and says why.
        assumeThat(Files.isExecutable(Path.of("/usr/bin/systemctl"))).as("systemctl is installed").isTrue();
        assumeThat(Files.isDirectory(Path.of("/run/systemd/system"))).as("systemd is not PID 1 here").isFalse();
        List<CommandRunner.Audit> ran = new ArrayList<>();
        List<Finding> findings = new FailedUnits(new CommandRunner(List.of(FailedUnits.ARGV), Duration.ofSeconds(30), ran::add), fakeRun).check();
        assertThat(ran).singleElement().extracting(CommandRunner.Audit::argv).isEqualTo(FailedUnits.ARGV);
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Finding.Severity.WARNING);
            assertThat(f.message()).startsWith("systemctl --failed exited ");
        });
    }
}
