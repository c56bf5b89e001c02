package dev.clawdbot.ops.checks;

import dev.clawdbot.channels.TelegramConfig;
import dev.clawdbot.channels.telegram.TelegramNoticeChannel;
import dev.clawdbot.core.notify.OperatorNotice;
import dev.clawdbot.testkit.telegram.FakeTelegramServer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The chat form of a report: counts, the top findings with their fixes, and where the full report is. */
class ReportSummaryTest {
    private static final Instant AT = Instant.parse("2026-12-06T03:00:04Z");
    private static final Instant SCHEDULED = Instant.parse("2026-12-06T03:00:00Z");

    @Test
    void summaryGivesHostTimeCountsTopFindingsAndThePointer() {
        Report r = new Report("weekly", AT, List.of(
                new Finding(Finding.Severity.INFO, "containers", "image age", "2 images", ""),
                new Finding(Finding.Severity.WARNING, "spool", "/var/spool/x", "3 file(s)\nolder than 7d", "check the consumer"),
                new Finding(Finding.Severity.CRITICAL, "disk", "/ (ext4)", "96% used, 310 MiB free", "delete old images")));
        assertThat(r.summary("node-a", SCHEDULED)).isEqualTo("""
                host node-a · 2026-12-06T03:00:04Z
                1 critical · 1 warning · 1 info

                CRITICAL disk / (ext4): 96% used, 310 MiB free → fix: delete old images
                WARNING spool /var/spool/x: 3 file(s) older than 7d → fix: check the consumer
                INFO containers image age: 2 images

                Full report: clawdbot ops runs weekly (run scheduled for 2026-12-06T03:00:00Z)""");
        assertThat(new Report("monthly", AT, List.of()).summary("node-a", SCHEDULED)).isEqualTo("""
                host node-a · 2026-12-06T03:00:04Z
                0 critical · 0 warning · 0 info

                Nothing to report.

                Full report: clawdbot ops runs monthly (run scheduled for 2026-12-06T03:00:00Z)""");
    }

    @Test
    void aHugeReportKeepsTheWorstFindingsWithinTelegramsLimitAndIsNeverCut() {
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            findings.add(new Finding(i % 3 == 0 ? Finding.Severity.CRITICAL : Finding.Severity.INFO, "world-writable",
                    "/srv/" + i, "mode 0777 \u202E" + "x".repeat(2000), "chmod o-w /srv/" + i));
        }
        Report r = new Report("monthly", AT, findings);
        String summary = r.summary("n".repeat(1000), SCHEDULED);
        assertThat(summary).hasSizeLessThanOrEqualTo(Report.SUMMARY_MAX)
                .contains("67 critical · 0 warning · 133 info", "… and 190 more", "Full report: clawdbot ops runs monthly");
        assertThat(summary.lines().filter(l -> l.startsWith("CRITICAL world-writable"))).hasSize(Report.SUMMARY_FINDINGS)
                .allSatisfy(l -> assertThat(l).hasSize(Report.SUMMARY_LINE_MAX).endsWith("…"));

        try (FakeTelegramServer telegram = new FakeTelegramServer()) {
            TelegramConfig admin = TelegramConfig.of("111:admin-token", telegram.baseUrl(), List.of(7001L));
            new TelegramNoticeChannel(admin, List.of(7001L)).send(new OperatorNotice("ops.monthly", null, 12, r.subject(),
                    r.text(), AT, r.html(), summary));
            assertThat(telegram.sent()).singleElement().satisfies(s -> assertThat(s.text())
                    .hasSizeLessThanOrEqualTo(4096)
                    .startsWith("⚠ Clawdbot monthly maintenance: 67 findings\n\nhost nnn")
                    .contains("mode 0777 <U+202E>xxx", "… and 190 more")
                    .doesNotContain("\u202E", "more characters; the full notice is stored"));
        }
    }
}
