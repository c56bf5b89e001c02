package dev.clawdbot.ops.calendar;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * A time zone as the C library sees it: read from the system's TZif file ({@code /usr/share/zoneinfo}), so the
 * offsets, DST flags and abbreviations ({@code +1345} for Pacific/Chatham, where Java would say {@code CHADT})
 * are the ones {@code systemd-analyze} prints. Lookup follows glibc's {@code __tzfile_compute}: before the first
 * transition the first standard-time type, after the last the footer's POSIX rule.
 */
public final class ZoneInfo {
    /** Zone files are a few KiB; refuse anything larger than this rather than reading it. */
    private static final long MAX_FILE_BYTES = 1 << 20;
    static final Path ZONEINFO = Path.of("/usr/share/zoneinfo");

    /** What {@code localtime} reports for one instant. */
    record Local(int offset, boolean dst, String abbreviation) {
    }

    private final String name;
    private final long[] transitions;
    private final Local[] after;
    private final Local beforeFirst;
    private final PosixTz footer;
    /** The file's types in file order and the first abbreviation in its table; null for a POSIX TZ string. */
    private final Local[] types;
    private final String firstName;

    private ZoneInfo(String name, long[] transitions, Local[] after, Local beforeFirst, PosixTz footer) {
        this(name, transitions, after, beforeFirst, footer, null, null);
    }

    private ZoneInfo(String name, long[] transitions, Local[] after, Local beforeFirst, PosixTz footer, Local[] types,
                     String firstName) {
        this.name = name;
        this.transitions = transitions;
        this.after = after;
        this.beforeFirst = beforeFirst;
        this.footer = footer;
        this.types = types;
        this.firstName = firstName;
    }

    /** UTC, which glibc uses when nothing else can be loaded. */
    public static ZoneInfo utc() {
        return new ZoneInfo("UTC", new long[0], new Local[0], new Local(0, false, "UTC"),
                new PosixTz("UTC", 0, null, 0, null, null));
    }

    /** The zone that {@code TZ} names, as glibc resolves it: unset = /etc/localtime, empty = UTC. */
    public static ZoneInfo fromEnvironment(Map<String, String> env) {
        String tz = env.get("TZ");
        if (tz == null) return file(Path.of("/etc/localtime"), "localtime");
        if (tz.startsWith(":")) tz = tz.substring(1);
        if (tz.isEmpty()) return utc();
        if (tz.equals("UTC")) return named("UTC");
        ZoneInfo z = tz.startsWith("/") ? file(Path.of(tz), tz) : named(tz);
        if (z != null) return z;
        PosixTz rule = PosixTz.parse(tz);
        return rule == null ? utc() : new ZoneInfo(tz, new long[0], new Local[0], rule.at(Long.MIN_VALUE / 2), rule);
    }

    /** A zone under /usr/share/zoneinfo, or null when there is no such valid file. */
    public static ZoneInfo named(String zone) {
        if (!validName(zone)) return null;
        ZoneInfo z = file(ZONEINFO.resolve(zone), zone);
        return z == null && zone.equals("UTC") ? utc() : z;
    }

    /** systemd's {@code timezone_is_valid}: a relative name of [0-9A-Za-z+_/-] naming a TZif file. */
    static boolean validName(String zone) {
        if (zone.isEmpty() || zone.startsWith("/") || zone.endsWith("/") || zone.contains("//")) return false;
        for (int i = 0; i < zone.length(); i++) {
            char c = zone.charAt(i);
            boolean ok = c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
                    || c == '-' || c == '_' || c == '+' || c == '/';
            if (!ok) return false;
        }
        return zone.equals("UTC") || isTzif(ZONEINFO.resolve(zone));
    }

    private static boolean isTzif(Path p) {
        try {
            if (!Files.isRegularFile(p)) return false;
            try (var in = Files.newInputStream(p)) {
                return Arrays.equals(in.readNBytes(4), "TZif".getBytes(StandardCharsets.US_ASCII));
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static ZoneInfo file(Path p, String name) {
        try {
            if (!Files.isRegularFile(p) || Files.size(p) > MAX_FILE_BYTES) return null;
            return parse(name, Files.readAllBytes(p));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Parses TZif version 1–4 data; uses the 64-bit block when there is one. */
    static ZoneInfo parse(String name, byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(data);
        if (!new String(data, 0, 4, StandardCharsets.US_ASCII).equals("TZif")) throw new IllegalArgumentException("not TZif");
        int version = data[4];
        int[] counts = header(b);
        if (version >= '2') {
            b.position(b.position() + blockSize(counts, 4));
            counts = header(b);
            return block(name, b, counts, 8, data);
        }
        return block(name, b, counts, 4, data);
    }

    private static int[] header(ByteBuffer b) {
        b.position(b.position() + 20);
        int[] c = new int[6];
        for (int i = 0; i < 6; i++) c[i] = b.getInt();
        return c;
    }

    private static int blockSize(int[] c, int timeSize) {
        // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
        return c[3] * timeSize + c[3] + c[4] * 6 + c[5] + c[2] * (timeSize + 4) + c[1] + c[0];
    }

    private static ZoneInfo block(String name, ByteBuffer b, int[] c, int timeSize, byte[] data) {
        int timecnt = c[3];
        int typecnt = c[4];
        int charcnt = c[5];
        long[] times = new long[timecnt];
        for (int i = 0; i < timecnt; i++) times[i] = timeSize == 8 ? b.getLong() : b.getInt();
        int[] idx = new int[timecnt];
        for (int i = 0; i < timecnt; i++) idx[i] = b.get() & 0xff;
        int[] off = new int[typecnt];
        boolean[] dst = new boolean[typecnt];
        int[] desig = new int[typecnt];
        for (int i = 0; i < typecnt; i++) {
            off[i] = b.getInt();
            dst[i] = b.get() != 0;
            desig[i] = b.get() & 0xff;
        }
        byte[] chars = new byte[charcnt];
        b.get(chars);
        b.position(b.position() + c[2] * (timeSize + 4) + c[1] + c[0]);
        Local[] types = new Local[typecnt];
        for (int i = 0; i < typecnt; i++) types[i] = new Local(off[i], dst[i], cString(chars, desig[i]));
        Local[] after = new Local[timecnt];
        for (int i = 0; i < timecnt; i++) after[i] = types[idx[i]];
        int first = 0;
        while (first < typecnt && dst[first]) first++;
        Local before = types[first == typecnt ? 0 : first];
        PosixTz footer = null;
        if (timeSize == 8 && b.remaining() > 1 && b.get() == '\n') {
            int from = b.position();
            int end = from;
            while (end < data.length && data[end] != '\n') end++;
            footer = PosixTz.parse(new String(data, from, end - from, StandardCharsets.US_ASCII));
        }
        return new ZoneInfo(name, times, after, before, footer, types, cString(chars, 0));
    }

    private static String cString(byte[] chars, int from) {
        int end = from;
        while (end < chars.length && chars[end] != 0) end++;
        return new String(chars, from, end - from, StandardCharsets.US_ASCII);
    }

    public String name() {
        return name;
    }

    /** Offset, DST flag and abbreviation at {@code epochSecond}. */
    Local at(long epochSecond) {
        if (transitions.length == 0 || epochSecond < transitions[0]) {
            return transitions.length == 0 && footer != null ? footer.at(epochSecond) : beforeFirst;
        }
        if (epochSecond >= transitions[transitions.length - 1] && footer != null) return footer.at(epochSecond);
        int i = Arrays.binarySearch(transitions, epochSecond);
        if (i < 0) i = -i - 2;
        return after[i];
    }

    /** glibc's {@code tzname[0]} and {@code tzname[1]}: the footer rule's names (DST falls back to standard). */
    String tzname(int dst) {
        if (footer == null) return dst == 0 || transitions.length == 0 ? beforeFirst.abbreviation() : after[after.length - 1].abbreviation();
        return dst == 1 && footer.hasDst() ? footer.dstName() : footer.stdName();
    }

    /**
     * glibc's {@code tzname} right after loading the file ({@code __tzfile_read}): for each flavour, the type last
     * transitioned to. A POSIX TZ string's names never change.
     */
    String[] loadedTzname() {
        if (types == null) return new String[] {tzname(0), tzname(1)};
        String[] n = new String[2];
        for (int i = after.length; i > 0; ) {
            if (firstOfFlavour(n, after[--i])) break;
        }
        return complete(n);
    }

    /**
     * glibc's {@code tzname} after converting {@code epochSecond} to local time ({@code __tzfile_compute}): the
     * abbreviations around that instant, so a zone whose names changed (America/Asuncion's -04/-03, America/Godthab's
     * -03/-02) accepts the old ones in a spec after converting an old time, as systemd does.
     */
    String[] tznameAt(long epochSecond) {
        if (types == null) return new String[] {tzname(0), tzname(1)};
        String[] n = new String[2];
        if (transitions.length == 0 || epochSecond < transitions[0]) {
            // The first standard type; DST: the first DST type before it, else after it.
            int i = 0;
            while (i < types.length && types[i].dst()) {
                if (n[1] == null) n[1] = types[i].abbreviation();
                i++;
            }
            if (i == types.length) i = 0;
            n[0] = types[i].abbreviation();
            for (int j = i; n[1] == null && j < types.length; j++) if (types[j].dst()) n[1] = types[j].abbreviation();
        } else if (epochSecond >= transitions[transitions.length - 1] && footer != null) {
            return new String[] {tzname(0), tzname(1)};
        } else {
            // The type in force, then the first of the other flavour among the later transitions.
            int found = Arrays.binarySearch(transitions, epochSecond);
            int i = found >= 0 ? found + 1 : -found - 1;
            Local now = after[i - 1];
            n[now.dst() ? 1 : 0] = now.abbreviation();
            for (int j = i; j < after.length; j++) {
                if (firstOfFlavour(n, after[j])) break;
            }
            if (n[0] == null) n[0] = n[1];
        }
        return complete(n);
    }

    /** Sets the name of {@code l}'s flavour if unset; true when both are set by it. */
    private static boolean firstOfFlavour(String[] n, Local l) {
        int d = l.dst() ? 1 : 0;
        if (n[d] != null) return false;
        n[d] = l.abbreviation();
        return n[1 - d] != null;
    }

    private String[] complete(String[] n) {
        if (n[0] == null) n[0] = firstName;
        if (n[1] == null) n[1] = n[0];
        return n;
    }

    /** systemd's {@code in_utc_timezone()}: glibc's {@code timezone == 0 && daylight == 0}. */
    boolean isUtc() {
        if (footer != null) return footer.stdOffset() == 0 && !footer.hasDst();
        return transitions.length == 0 && beforeFirst.offset() == 0;
    }
}
