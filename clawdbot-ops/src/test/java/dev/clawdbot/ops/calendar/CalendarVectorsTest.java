package dev.clawdbot.ops.calendar;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** systemd's own test vectors (src/test/test-calendarspec.c): normalised forms, next elapses, rejections. */
class CalendarVectorsTest {

    static List<String> lines(String resource) throws IOException {
        try (InputStream in = CalendarVectorsTest.class.getResourceAsStream("/calendar/" + resource)) {
            return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                    .filter(l -> !l.startsWith("#")).toList();
        }
    }

    static Stream<String[]> normalized() throws IOException {
        return lines("normalized.tsv").stream().map(l -> l.split("\t", -1));
    }

    static Stream<String> rejected() throws IOException {
        return lines("rejected.txt").stream().map(l -> l.equals("EMPTY") ? "" : l);
    }

    static Stream<String[]> next() throws IOException {
        return lines("next.tsv").stream().map(l -> l.split("\t", -1));
    }

    private static CalendarParser parser(String tz) {
        return new CalendarParser(ZoneInfo.fromEnvironment(Map.of("TZ", tz)));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("normalized")
    void normalizesAsSystemd(String spec, String expected) throws Exception {
        ZoneInfo utc = ZoneInfo.fromEnvironment(Map.of("TZ", "UTC"));
        String normalized = CalendarFormat.format(parser("UTC").parse(spec), utc);
        assertThat(normalized).isEqualTo(expected);
        // The normalised form is a fixed point.
        assertThat(CalendarFormat.format(parser("UTC").parse(normalized), utc)).isEqualTo(normalized);
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("rejected")
    void rejectsAsSystemd(String spec) {
        assertThatThrownBy(() -> parser("UTC").parse(spec)).isInstanceOf(CalendarSyntaxException.class);
    }

    @ParameterizedTest(name = "{0} TZ={1} after {2}")
    @MethodSource("next")
    void nextElapseAsSystemd(String spec, String tz, String after, String expected) throws Exception {
        ZoneInfo zone = tz.equals("-") ? ZoneInfo.utc() : ZoneInfo.fromEnvironment(Map.of("TZ", tz));
        CalendarAnalyzer analyzer = new CalendarAnalyzer(zone);
        OptionalLong next = analyzer.next(analyzer.parse(spec), Long.parseLong(after));
        if (expected.equals("-1")) assertThat(next).isEmpty();
        else assertThat(next).hasValue(Long.parseLong(expected));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rangeErrors")
    void rangeErrorsSayWhy(String spec) {
        assertThatThrownBy(() -> parser("UTC").parse(spec)).hasMessage("Numerical result out of range");
    }

    static Stream<String> rangeErrors() {
        return Stream.of("@88588582097858858", "00:00:18446744073709551615", "*:0/0");
    }

    /**
     * glibc's tzname follows the last local conversion: under America/Nuuk (-03/-02 until 2023, -02/-01 since) a
     * spec ending in -03 parses after a 2016 elapse was printed, and no longer once a refused spec's timestamp hint
     * converted "now" (2026). Expected output from systemd-analyze 252.39, "From now:" lines left out.
     */
    @Test
    void abbreviationsFollowTheLastLocalConversionAsGlibcsTzname() throws Exception {
        CalendarAnalyzer analyzer = new CalendarAnalyzer(ZoneInfo.fromEnvironment(Map.of("TZ", "America/Nuuk")));
        long now = 1_796_688_000_000_000L;
        CalendarAnalyzer.Result r = analyzer.analyze(List.of("*-*-* 00:00", "*:*:* -03", "nonsense", "*:*:* -03"),
                1_477_779_327_000_000L, now, 1);
        assertThat(SystemdAnalyze.withoutFromNow(r.out())).isEqualTo("""
                  Original form: *-*-* 00:00
                Normalized form: *-*-* 00:00:00
                    Next elapse: Sun 2016-10-30 00:00:00 -03
                       (in UTC): Sun 2016-10-30 03:00:00 UTC

                  Original form: *:*:* -03
                Normalized form: *-*-* *:*:* -03
                    Next elapse: never



                """);
        assertThat(SystemdAnalyze.failures(r.err())).containsExactly(
                "Failed to parse calendar specification 'nonsense': Invalid argument",
                "Failed to parse calendar specification '*:*:* -03': Invalid argument");
    }
}
