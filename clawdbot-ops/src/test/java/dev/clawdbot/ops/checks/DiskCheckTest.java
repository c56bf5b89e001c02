package dev.clawdbot.ops.checks;

import dev.clawdbot.core.notify.OperatorNotice;
import org.junit.jupiter.api.Test;

import java.nio.file.FileStore;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class DiskCheckTest {
    private static final String MEMINFO = "MemTotal: 1000 kB\nMemAvailable: 900 kB\n";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-08T04:00:00Z"), ZoneOffset.UTC);

    @Test
    void rootFilesystemUsageMatchesDf() throws Exception {
        FileStore root = Files.getFileStore(Path.of("/"));
        List<DiskCheck.Usage> usage = new ArrayList<>();
        new DiskCheck(100, 100).check(List.of(root), usage);
        Process df = new ProcessBuilder("df", "--output=pcent", "/").start();
        String out = new String(df.getInputStream().readAllBytes()).lines().skip(1).findFirst().orElseThrow().trim();
        assertThat(df.waitFor(30, TimeUnit.SECONDS)).isTrue();
        int dfPercent = Integer.parseInt(out.replace("%", ""));
        // The disk may change between the two reads by a little; the rounding must be df's.
        assertThat(usage).singleElement().satisfies(u -> assertThat(u.percent()).isBetween(dfPercent - 1, dfPercent + 1));
    }

    @Test
    void thresholdsDecideTheSeverity() {
        Iterable<FileStore> stores = FileSystems.getDefault().getFileStores();
        List<DiskCheck.Usage> usage = new ArrayList<>();
        List<Finding> low = new DiskCheck(1, 1).check(stores, usage);
        assertThat(usage).isNotEmpty().allMatch(u -> !u.type().equals("proc"));
        long used = usage.stream().filter(u -> u.percent() >= 1).count();
        assertThat(low).filteredOn(f -> f.severity() == Finding.Severity.CRITICAL).hasSize((int) used);
        assertThat(new DiskCheck(100, 100).check(stores, new ArrayList<>()))
                .noneMatch(f -> f.severity() == Finding.Severity.WARNING);
    }

    @Test
    void dailyTierAlertsOnlyWhenSomethingIsWrong() {
        List<OperatorNotice> sent = new ArrayList<>();
        Iterable<FileStore> stores = FileSystems.getDefault().getFileStores();
        List<String> quiet = new DailyTier(new DiskCheck(100, 100), () -> stores, new MemoryCheck(0, 100), () -> MEMINFO, List.of(), "node-a", sent::add, CLOCK).run(CLOCK.instant());
        assertThat(sent).isEmpty();
        assertThat(quiet).noneMatch(f -> f.startsWith("CRITICAL") || f.startsWith("WARNING"));
        List<String> loud = new DailyTier(new DiskCheck(1, 1), () -> stores, new MemoryCheck(0, 100), () -> MEMINFO, List.of(), "node-a", sent::add, CLOCK).run(CLOCK.instant());
        assertThat(loud).anyMatch(f -> f.startsWith("CRITICAL disk"));
        assertThat(sent).singleElement().satisfies(n -> {
            assertThat(n.source()).isEqualTo("ops.daily");
            assertThat(n.level()).isEqualTo(12);
            assertThat(n.subject()).startsWith("Clawdbot daily maintenance: ");
            assertThat(n.body()).contains("CRITICAL  disk").contains("fix: ");
        });
    }

    @Test
    void reportTextRanksBySeverity() {
        Report r = new Report("daily", CLOCK.instant(), List.of(
                new Finding(Finding.Severity.WARNING, "disk", "/var (ext4)", "87% used, 1200 MiB free", "rotate logs"),
                new Finding(Finding.Severity.INFO, "disk", "/mnt (nfs)", "cannot read usage: Stale file handle", ""),
                new Finding(Finding.Severity.CRITICAL, "disk", "/ (ext4)", "96% used, 310 MiB free", "delete old images")));
        assertThat(r.text()).isEqualTo("""
                Clawdbot daily maintenance: 2 findings
                at 2026-12-08T04:00:00Z

                CRITICAL  disk / (ext4): 96% used, 310 MiB free
                    fix: delete old images
                WARNING  disk /var (ext4): 87% used, 1200 MiB free
                    fix: rotate logs
                INFO  disk /mnt (nfs): cannot read usage: Stale file handle
                """);
        assertThat(new Report("daily", CLOCK.instant(), List.of()).text()).endsWith("Nothing to report.\n");
    }

    @Test
    void reportHtmlEscapesEverythingItQuotes() {
        Report r = new Report("daily", CLOCK.instant(), List.of(
                new Finding(Finding.Severity.CRITICAL, "disk", "/srv/<script>", "96% used & \"full\"", "rm 'old' files")));
        assertThat(r.html()).isEqualTo("""
                <!DOCTYPE html>
                <html><head><meta charset="utf-8"><title>Clawdbot daily maintenance: 1 finding</title></head>
                <body>
                <h1>Clawdbot daily maintenance: 1 finding</h1>
                <p>at 2026-12-08T04:00:00Z</p>
                <table>
                <tr><th>severity</th><th>check</th><th>subject</th><th>finding</th><th>suggested fix</th></tr>
                <tr><td>CRITICAL</td><td>disk</td><td>/srv/&lt;script&gt;</td><td>96% used &amp; &quot;full&quot;</td><td>rm &#39;old&#39; files</td></tr>
                </table>
                </body></html>
                """);
    }
}
