package dev.clawdbot.guard.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BreakdownReportTest {

    private static LabelledData.Row row(int length, boolean injection, String group) {
        return new LabelledData.Row("x".repeat(length), injection, "c", "set", group, "user", -1, -1);
    }

    @Test
    void bucketsSplitAt100And300And1000Characters() {
        assertThat(BreakdownReport.bucket(99)).isEqualTo("<100");
        assertThat(BreakdownReport.bucket(100)).isEqualTo("100-299");
        assertThat(BreakdownReport.bucket(299)).isEqualTo("100-299");
        assertThat(BreakdownReport.bucket(300)).isEqualTo("300-999");
        assertThat(BreakdownReport.bucket(999)).isEqualTo("300-999");
        assertThat(BreakdownReport.bucket(1000)).isEqualTo(">=1000");
    }

    @Test
    void injectionGroupsReportRecallAndBenignGroupsFalsePositiveRate() {
        BreakdownReport r = new BreakdownReport();
        r.add(row(50, true, "direct"), true);
        r.add(row(1500, true, "direct"), false);
        r.add(row(50, false, "benign"), false);
        r.add(row(50, false, "benign"), false);
        r.add(row(50, false, "benign"), false);
        r.add(row(400, false, "benign"), true);
        String md = r.markdown();
        assertThat(md).contains("| direct | 2 | recall 0.500 | 1.000 (1) | - | - | 0.000 (1) |");
        assertThat(md).contains("| benign | 4 | FPR 0.250 | 0.000 (3) | - | 1.000 (1) | - |");
        assertThat(md).contains("| set (injections) | 2 | recall 0.500 |").contains("| set (benign) | 4 | FPR 0.250 |");
    }
}
