package dev.clawdbot.ops.calendar;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * What {@code systemd-analyze calendar} prints for a list of specs: per spec a block of right-aligned labels
 * ({@code Original form:} only when the text differs from the normalised one), blocks separated by an empty
 * line, errors on the error stream and exit code 1 when any spec fails. One analyzer is one process: the C
 * library's {@code mktime} state carries from one spec to the next, as it does there.
 */
public final class CalendarAnalyzer {
    /** The width of "Normalized form:", the longest label, which every block has. */
    private static final int LABEL_WIDTH = 16;

    private final ZoneInfo local;
    private final Libc libc;
    private final CalendarParser parser;

    public CalendarAnalyzer(ZoneInfo local) {
        this.local = local;
        this.libc = new Libc(local);
        this.parser = new CalendarParser(libc::tzname);
    }

    /** The output streams' text and the exit code. */
    public record Result(String out, String err, int exitCode) {
    }

    /** Parses a {@code --base-time} value; {@code nowUsec} is microseconds since the epoch. */
    public long baseTime(String text, long nowUsec) throws CalendarSyntaxException {
        return BaseTime.parse(text, nowUsec, libc);
    }

    public Result analyze(List<String> specs, long baseUsec, long nowUsec, int iterations) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        int exit = 0;
        for (int i = 0; i < specs.size(); i++) {
            if (!one(specs.get(i), baseUsec, nowUsec, iterations, out, err)) exit = 1;
            if (i + 1 < specs.size()) out.append('\n');
        }
        return new Result(out.toString(), err.toString(), exit);
    }

    private boolean one(String text, long base, long now, int iterations, StringBuilder out, StringBuilder err) {
        CalendarSpec spec;
        try {
            spec = parser.parse(text);
        } catch (CalendarSyntaxException e) {
            err.append("Failed to parse calendar specification '").append(text).append("': ")
                    .append(e.getMessage()).append('\n');
            BaseTime.tryForHint(text, now, libc);
            return false;
        }
        String normalized = CalendarFormat.format(spec, libc::tzname);
        List<String[]> rows = new ArrayList<>();
        if (!normalized.equals(text)) rows.add(new String[] {"Original form:", text});
        rows.add(new String[] {"Normalized form:", normalized});
        long n = base;
        for (int i = 0; i < iterations; i++) {
            OptionalLong next;
            try {
                Libc zone = spec.timezone() == null ? libc : libc.fork(ZoneInfo.named(spec.timezone()));
                next = NextElapse.after(spec, n, zone);
            } catch (NextElapse.Failure e) {
                err.append("Failed to determine next elapse for '").append(text).append("': ")
                        .append(e.getMessage()).append('\n');
                return false;
            }
            if (next.isEmpty()) {
                if (i == 0) rows.add(new String[] {"Next elapse:", "never"});
                break;
            }
            long t = next.getAsLong();
            rows.add(new String[] {i == 0 ? "Next elapse:" : "Iter. #" + (i + 1) + ":", Timestamps.format(t, false, libc)});
            if (!local.isUtc()) rows.add(new String[] {"(in UTC):", Timestamps.format(t, true, libc)});
            rows.add(new String[] {"From now:", Timestamps.relative(t, now)});
            n = t;
        }
        int width = LABEL_WIDTH;
        for (String[] row : rows) width = Math.max(width, row[0].length());
        for (String[] row : rows) {
            out.append(" ".repeat(width - row[0].length())).append(row[0]).append(' ').append(row[1]).append('\n');
        }
        return true;
    }

    /** The first elapse strictly after {@code afterUsec}, empty when the spec never elapses again. */
    public OptionalLong next(CalendarSpec spec, long afterUsec) {
        try {
            Libc zone = spec.timezone() == null ? libc : libc.fork(ZoneInfo.named(spec.timezone()));
            return NextElapse.after(spec, afterUsec, zone);
        } catch (NextElapse.Failure e) {
            return OptionalLong.empty();
        }
    }

    public CalendarSpec parse(String text) throws CalendarSyntaxException {
        return parser.parse(text);
    }

    public String normalize(CalendarSpec spec) {
        return CalendarFormat.format(spec, libc::tzname);
    }
}
