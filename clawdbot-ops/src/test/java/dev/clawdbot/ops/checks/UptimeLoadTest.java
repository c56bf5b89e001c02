package dev.clawdbot.ops.checks;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class UptimeLoadTest {
    @Test
    void summarisesTheRealProcFiles() throws Exception {
        String uptime = Files.readString(Path.of("/proc/uptime"));
        String loadavg = Files.readString(Path.of("/proc/loadavg"));
        long seconds = (long) Double.parseDouble(uptime.split(" ")[0]);
        Finding f = new UptimeLoad(10_000).check(uptime, loadavg).getFirst();
        assertThat(f.severity()).isEqualTo(Finding.Severity.INFO);
        assertThat(f.message()).startsWith("up " + seconds / 86_400 + "d ").contains("load " + loadavg.split(" ")[0] + " ");
    }

    @Test
    void formatsAndWarnsOnSustainedLoad() {
        assertThat(new UptimeLoad(2).check("93784.55 180000.10\n", "0.50 1.25 2.00 1/345 6789\n"))
                .singleElement().extracting(Finding::severity, Finding::message)
                .containsExactly(Finding.Severity.INFO, "up 1d 2h 3m, load 0.50 1.25 2.00 on 2 CPUs");
        assertThat(new UptimeLoad(2).check("60.0 1.0\n", "9.00 6.00 4.01 3/345 6789\n"))
                .singleElement().extracting(Finding::severity).isEqualTo(Finding.Severity.WARNING);
        assertThat(new UptimeLoad(1).check("", "garbage\n")).singleElement().extracting(Finding::message)
                .isEqualTo("/proc/uptime or /proc/loadavg unreadable");
    }
}
