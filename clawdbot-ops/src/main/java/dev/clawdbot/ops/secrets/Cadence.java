package dev.clawdbot.ops.secrets;

import java.time.LocalDate;
import java.time.Period;

/** How often a secret is rotated: {@code quarterly}, {@code semiannual}, {@code annual} or {@code Nd} (N days, 1–3650). */
public record Cadence(String text, Period period) {

    public static Cadence parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("cadence is required (quarterly, semiannual, annual or Nd)");
        String t = text.strip();
        return switch (t) {
            case "quarterly" -> new Cadence(t, Period.ofMonths(3));
            case "semiannual" -> new Cadence(t, Period.ofMonths(6));
            case "annual" -> new Cadence(t, Period.ofYears(1));
            default -> new Cadence(t, Period.ofDays(days(t)));
        };
    }

    private static int days(String t) {
        // At most 5 digits before the 'd', so no overflow and no regex over operator text.
        if (t.length() < 2 || t.length() > 6 || t.charAt(t.length() - 1) != 'd'
                || !t.substring(0, t.length() - 1).chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("cadence '" + t + "': use quarterly, semiannual, annual or Nd (e.g. 90d)");
        }
        int n = Integer.parseInt(t.substring(0, t.length() - 1));
        if (n < 1 || n > 3650) throw new IllegalArgumentException("cadence '" + t + "': days must be 1..3650");
        return n;
    }

    /** The date a secret rotated on {@code rotated} is next due. */
    public LocalDate dueAfter(LocalDate rotated) {
        return rotated.plus(period);
    }
}
