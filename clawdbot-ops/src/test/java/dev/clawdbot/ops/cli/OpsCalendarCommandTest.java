package dev.clawdbot.ops.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OpsCalendarCommandTest {
    private static final Clock NOW = Clock.fixed(Instant.parse("2026-12-07T20:00:00Z"), ZoneOffset.UTC);

    record Result(int code, String out, String err) {
    }

    static Result run(String tz, String... args) {
        var cl = OpsCommand.commandLine(Map.of("TZ", tz), NOW, () -> { throw new AssertionError("calendar needs no database"); });
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** 02:30 does not exist on 2026-03-29 in Berlin; systemd skips that day rather than firing at 03:30. */
    @Test
    void printsBlocksLikeSystemdAnalyze() {
        Result r = run("Europe/Berlin", "calendar", "--iterations", "2", "--base-time", "2026-03-28 12:00:00 UTC",
                "*-*-* 02:30", "Mon..Fri 09:00 Europe/Amsterdam");
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("""
                  Original form: *-*-* 02:30
                Normalized form: *-*-* 02:30:00
                    Next elapse: Mon 2026-03-30 02:30:00 CEST
                       (in UTC): Mon 2026-03-30 00:30:00 UTC
                       From now: 8 months 9 days ago
                       Iter. #2: Tue 2026-03-31 02:30:00 CEST
                       (in UTC): Tue 2026-03-31 00:30:00 UTC
                       From now: 8 months 8 days ago

                  Original form: Mon..Fri 09:00 Europe/Amsterdam
                Normalized form: Mon..Fri *-*-* 09:00:00 Europe/Amsterdam
                    Next elapse: Mon 2026-03-30 09:00:00 CEST
                       (in UTC): Mon 2026-03-30 07:00:00 UTC
                       From now: 8 months 9 days ago
                       Iter. #2: Tue 2026-03-31 09:00:00 CEST
                       (in UTC): Tue 2026-03-31 07:00:00 UTC
                       From now: 8 months 8 days ago
                """);
    }

    @Test
    void refusedSpecsFailTheCommandButTheOthersArePrinted() {
        Result r = run("UTC", "calendar", "--base-time", "@0", "daily", "Mon..", "*-*~13,27");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).startsWith("  Original form: daily\nNormalized form: *-*-* 00:00:00\n")
                .endsWith("\n\n");
        assertThat(r.err()).isEqualTo("""
                Failed to parse calendar specification 'Mon..': Invalid argument
                Failed to parse calendar specification '*-*~13,27': Invalid argument
                """);
    }

    @Test
    void badBaseTimeIsAnError() {
        Result r = run("UTC", "calendar", "--base-time", "yesterday-ish", "daily");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("--base-time").contains("yesterday-ish");
    }
}
