package dev.clawdbot.ops.checks;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryCheckTest {
    private static final String MEMINFO = """
            MemTotal:        8000000 kB
            MemFree:          100000 kB
            MemAvailable:     600000 kB
            SwapTotal:       2000000 kB
            SwapFree:         400000 kB
            HugePages_Total:       0
            """;

    @Test
    void readsTheRealProcMeminfoLikeFree() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/free")),
                "free (Debian package procps) is not installed; it is the reference for this test");
        String meminfo = Files.readString(Path.of("/proc/meminfo"));
        long total = MemoryCheck.parse(meminfo).get("MemTotal");
        Process free = new ProcessBuilder("free", "-k").start();
        String memLine = new String(free.getInputStream().readAllBytes()).lines().filter(l -> l.startsWith("Mem:")).findFirst().orElseThrow();
        assertThat(free.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(Long.parseLong(memLine.split("\\s+")[1])).isEqualTo(total);
        assertThat(new MemoryCheck(0, 100).check(meminfo)).isEmpty();
    }

    @Test
    void lowAvailableMemoryAndBusySwapAreFindings() {
        assertThat(new MemoryCheck(10, 50).check(MEMINFO))
                .extracting(Finding::severity, Finding::subject, Finding::message)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Finding.Severity.WARNING, "memory", "7% available (585 MiB of 7812 MiB)"),
                        org.assertj.core.groups.Tuple.tuple(Finding.Severity.WARNING, "swap", "80% of swap in use"));
        assertThat(new MemoryCheck(20, 50).check(MEMINFO).getFirst().severity()).isEqualTo(Finding.Severity.CRITICAL);
        assertThat(new MemoryCheck(5, 90).check(MEMINFO)).isEmpty();
    }

    @Test
    void aFileWithoutTheFieldsIsReportedNotGuessed() {
        assertThat(new MemoryCheck(10, 50).check("garbage\n:::\nMemTotal: x kB\n"))
                .singleElement().extracting(Finding::severity).isEqualTo(Finding.Severity.INFO);
    }
}
