package dev.clawdbot.ops.calendar;

import java.util.List;
import java.util.Random;

/** Seeded random calendar specs over systemd.time(7)'s grammar, some of them deliberately broken. */
final class SpecGenerator {
    private static final List<String> SHORTHANDS = List.of("minutely", "hourly", "daily", "weekly", "monthly",
            "yearly", "annually", "quarterly", "semiannually", "DAILY", "Weekly");
    private static final List<String> DAYS = List.of("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Monday",
            "sunday", "FRI", "Wednesday");
    private static final List<String> ZONES = List.of(" UTC", " utc", " Europe/Berlin", " America/New_York",
            " Pacific/Chatham", " Asia/Kolkata", " Australia/Lord_Howe", " America/St_Johns", " Europe/London",
            " CET", " CEST", " EST", " EDT", " GMT", " IST", " +1345", " +1245", " NST", " NDT", " -03", " +11");

    private final Random r;

    SpecGenerator(long seed) {
        this.r = new Random(seed);
    }

    String next() {
        if (r.nextInt(25) == 0) return "@" + pick(List.of("", " ", "+", "-")) + r.nextLong(8_000_000_000L);
        String s = r.nextInt(12) == 0 ? pick(SHORTHANDS) : composed();
        if (r.nextInt(4) == 0) s += pick(ZONES);
        if (r.nextInt(15) == 0) s = mutate(s);
        return s;
    }

    private String composed() {
        StringBuilder b = new StringBuilder();
        if (r.nextInt(3) == 0) b.append(weekdays()).append(' ');
        int date = r.nextInt(5);
        if (date == 1) b.append(chain(1970, 2199, 4)).append('-').append(chain(1, 12, 2)).append('-').append(chain(1, 31, 2)).append(' ');
        if (date == 2) b.append("*-").append(chain(1, 12, 2)).append('-').append(chain(1, 31, 2)).append(' ');
        if (date == 3) b.append(chain(1, 12, 2)).append(r.nextBoolean() ? '~' : '-').append(chain(1, 28, 2)).append(' ');
        if (date == 4) b.append("*-*~").append(chain(1, 28, 2)).append(' ');
        int time = r.nextInt(4);
        if (time == 0 && b.length() > 0) return b.toString().stripTrailing();
        b.append(chain(0, 23, 2)).append(':').append(chain(0, 59, 2));
        if (time >= 2) b.append(':').append(r.nextInt(4) == 0 ? seconds() : chain(0, 59, 2));
        return b.toString();
    }

    private String weekdays() {
        StringBuilder b = new StringBuilder();
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            if (i > 0) b.append(',');
            int a = r.nextInt(7);
            b.append(DAYS.get(a));
            if (r.nextInt(3) == 0) b.append(r.nextBoolean() ? ".." : "-").append(DAYS.get(Math.min(6, a + r.nextInt(4))));
        }
        return b.toString();
    }

    private String chain(int min, int max, int width) {
        if (r.nextInt(3) == 0) return r.nextInt(4) == 0 ? "*/" + (1 + r.nextInt(Math.min(20, max - min + 1))) : "*";
        StringBuilder b = new StringBuilder();
        int n = 1 + (r.nextInt(4) == 0 ? r.nextInt(3) : 0);
        for (int i = 0; i < n; i++) {
            if (i > 0) b.append(',');
            int a = min + r.nextInt(max - min + 1);
            b.append(width == 2 && r.nextBoolean() ? String.format("%02d", a) : Integer.toString(a));
            int kind = r.nextInt(6);
            if (kind == 0) b.append("..").append(Math.min(max, a + r.nextInt(10)));
            if (kind == 1) b.append('/').append(1 + r.nextInt(Math.max(1, Math.min(30, max - min))));
            if (kind == 2) b.append("..").append(Math.min(max, a + r.nextInt(20))).append('/').append(1 + r.nextInt(6));
        }
        return b.toString();
    }

    private String seconds() {
        int kind = r.nextInt(4);
        if (kind == 0) return r.nextInt(60) + "." + r.nextInt(1000);
        if (kind == 1) return "*/" + (1 + r.nextInt(30));
        if (kind == 2) return r.nextInt(30) + "/" + (1 + r.nextInt(20)) + "." + r.nextInt(10);
        return r.nextInt(50) + ".." + (50 + r.nextInt(10));
    }

    private String mutate(String s) {
        if (s.isEmpty()) return "x";
        int i = r.nextInt(s.length());
        String junk = pick(List.of("", " ", "..", ",", "-", "~", "/", ":", "*", "99", "0", "x", "/0"));
        return s.substring(0, i) + junk + s.substring(Math.min(s.length(), i + r.nextInt(3)));
    }

    private <T> T pick(List<T> list) {
        return list.get(r.nextInt(list.size()));
    }
}
