package dev.clawdbot.ops.calendar;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded generated specs × base times × zones, compared byte for byte with {@code systemd-analyze calendar}
 * (except the "From now:" lines, which depend on the wall clock). Base times cluster around DST changes.
 * Europe/Dublin and Africa/Casablanca mark their winter (Ramadan) time as the DST side: negative DST. America/Asuncion
 * and America/Nuuk changed their abbreviations, which a spec may end with as glibc's tzname had them last.
 */
class CalendarDifferentialTest {
    static final List<String> ZONES = List.of("UTC", "Europe/Berlin", "America/New_York", "Pacific/Chatham",
            "America/St_Johns", "Australia/Lord_Howe", "Asia/Kolkata", "America/Santiago", "America/Sao_Paulo",
            "Antarctica/Troll", "Europe/Dublin", "Africa/Casablanca", "America/Asuncion", "America/Nuuk");
    static final int SPECS_PER_RUN = 60;

    @BeforeAll
    static void requireSystemdAnalyze() {
        Assumptions.assumeTrue(SystemdAnalyze.present(),
                "systemd-analyze is not installed (Debian package systemd); the differential test needs it");
    }

    static Stream<Object[]> cases() {
        List<Object[]> cases = new ArrayList<>();
        Random r = new Random(20261207);
        for (int seed = 0; seed < ZONES.size() * 5; seed++) {
            String zone = ZONES.get(seed % ZONES.size());
            cases.add(new Object[] {seed, zone, baseTime(r, zone)});
        }
        return cases.stream();
    }

    /** Mostly instants within hours of a DST change in the zone, sometimes anywhere in 1990–2100. */
    private static String baseTime(Random r, String zone) {
        if (r.nextInt(4) == 0) return "@" + (631_152_000L + (long) (r.nextDouble() * 3_471_292_800L));
        var rules = java.time.ZoneId.of(zone).getRules();
        var instant = java.time.Instant.ofEpochSecond(946_684_800L + (long) (r.nextDouble() * 1_500_000_000L));
        var transition = rules.nextTransition(instant);
        long t = transition == null ? instant.getEpochSecond() : transition.getInstant().getEpochSecond();
        long base = t - 4 * 3600 + r.nextInt(8 * 3600);
        if (r.nextInt(3) > 0) return "@" + base;
        // A local wall-clock base time goes through mktime, whose state later specs inherit, as in systemd-analyze.
        return java.time.LocalDateTime.ofInstant(java.time.Instant.ofEpochSecond(base), java.time.ZoneId.of(zone))
                .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
    }

    @ParameterizedTest(name = "[{index}] seed {0} TZ={1} base {2}")
    @MethodSource("cases")
    void matchesSystemdAnalyze(int seed, String zone, String base) throws Exception {
        SpecGenerator gen = new SpecGenerator(seed);
        List<String> specs = new ArrayList<>();
        for (int i = 0; i < SPECS_PER_RUN; i++) specs.add(gen.next());
        SystemdAnalyze.Output expected = SystemdAnalyze.calendar(zone, base, 4, specs);

        CalendarAnalyzer analyzer = new CalendarAnalyzer(ZoneInfo.fromEnvironment(Map.of("TZ", zone)));
        long now = System.currentTimeMillis() * 1000;
        CalendarAnalyzer.Result actual = analyzer.analyze(specs, analyzer.baseTime(base, now), now, 4);

        String want = SystemdAnalyze.withoutFromNow(expected.out());
        String got = SystemdAnalyze.withoutFromNow(actual.out());
        assertThat(got).as("TZ=%s base %s, first difference:%n%s", zone, base, SystemdAnalyze.firstDifference(want, got))
                .isEqualTo(want);
        assertThat(SystemdAnalyze.failures(actual.err())).isEqualTo(SystemdAnalyze.failures(expected.err()));
        assertThat(actual.exitCode()).isEqualTo(expected.exitCode());
    }
}
