package dev.clawdbot.fleet.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.clawdbot.fleet.remote.Observation.Container;
import dev.clawdbot.fleet.remote.Observation.ContainerStat;
import dev.clawdbot.fleet.remote.Observation.Gpu;
import dev.clawdbot.fleet.remote.Observation.JournalEntry;
import dev.clawdbot.fleet.remote.Observation.Listener;
import dev.clawdbot.fleet.remote.Observation.Usage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Parsers for the output of each {@link ReadOnlyOp}: plain code over lines and blank-separated fields, linear in the
 * (already capped) output, no pattern engine. Unparseable lines are skipped, never guessed at.
 */
final class Parsers {
    /** Rows kept per observation: 41 containers and a few dozen mounts fit; a flood does not grow memory. */
    static final int MAX_ROWS = 1000;
    /** Characters kept of a journal message or a unit line. */
    static final int MAX_TEXT = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Parsers() {
    }

    static Observation parse(ReadOnlyOp.Kind kind, String out) {
        return switch (kind) {
            case DISK -> new Observation.Disk(usage(out));
            case INODES -> new Observation.Inodes(usage(out));
            case LOAD -> load(out);
            case MEMORY -> memory(out);
            case FAILED_UNITS -> new Observation.FailedUnits(failedUnits(out));
            case CONTAINERS -> new Observation.Containers(containers(out));
            case CONTAINER_STATS -> new Observation.ContainerStats(stats(out));
            case JOURNAL_ERRORS -> new Observation.Journal(journal(out));
            case GPU -> new Observation.Gpus(gpus(out));
            case PORTS -> new Observation.Ports(ports(out));
            case UPDATES -> updates(out);
            case DANGLING_IMAGES, IMAGES -> new Observation.Images(images(out));
            case DANGLING_VOLUMES -> new Observation.Volumes(Text.lines(out, MAX_ROWS).stream().map(String::strip)
                    .filter(v -> !v.isEmpty()).map(v -> Text.clip(v, 200)).toList());
            case SSHD, ACCOUNTS -> new Observation.Lines(Text.lines(out, MAX_ROWS).stream().map(l -> Text.clip(l, MAX_TEXT)).toList());
        };
    }

    /** {@code df -P} / {@code df -Pi}: a header, then filesystem, total, used, available, use%, mount (may hold spaces). */
    static List<Usage> usage(String out) {
        List<Usage> rows = new ArrayList<>();
        List<String> lines = Text.lines(out, MAX_ROWS + 1);
        for (int i = 1; i < lines.size(); i++) {
            List<String> f = Text.fields(lines.get(i), 6);
            if (f.size() < 6) continue;
            double total = Text.number(f.get(1));
            if (Double.isNaN(total)) continue;
            rows.add(new Usage(Text.clip(f.get(0), 200), Text.clip(f.get(5), 200), (long) total, whole(f.get(2)), whole(f.get(3)),
                    Text.number(f.get(4))));
        }
        return rows;
    }

    /** {@code /proc/loadavg}: {@code 0.52 0.58 0.59 2/1234 56789}. */
    static Observation.Load load(String out) {
        List<String> f = Text.fields(out.strip(), 5);
        if (f.size() < 4) throw new IllegalArgumentException("not /proc/loadavg output");
        int slash = f.get(3).indexOf('/');
        int running = slash < 0 ? -1 : (int) whole(f.get(3).substring(0, slash));
        int total = slash < 0 ? -1 : (int) whole(f.get(3).substring(slash + 1));
        return new Observation.Load(Text.number(f.get(0)), Text.number(f.get(1)), Text.number(f.get(2)), running, total);
    }

    /** {@code /proc/meminfo}: {@code MemTotal:  16318480 kB} lines. */
    static Observation.Memory memory(String out) {
        long total = -1;
        long available = -1;
        long swapTotal = 0;
        long swapFree = 0;
        for (String line : Text.lines(out, 200)) {
            int colon = line.indexOf(':');
            if (colon < 0) continue;
            List<String> v = Text.fields(line.substring(colon + 1), 2);
            if (v.isEmpty()) continue;
            long kb = whole(v.get(0));
            switch (line.substring(0, colon)) {
                case "MemTotal" -> total = kb;
                case "MemAvailable" -> available = kb;
                case "SwapTotal" -> swapTotal = kb;
                case "SwapFree" -> swapFree = kb;
                default -> { }
            }
        }
        if (total <= 0 || available < 0) throw new IllegalArgumentException("not /proc/meminfo output (no MemTotal/MemAvailable)");
        return new Observation.Memory(total, available, swapTotal, swapFree);
    }

    /** {@code systemctl --failed --no-legend --plain}: the first field of each line is the unit. */
    static List<String> failedUnits(String out) {
        List<String> units = new ArrayList<>();
        for (String line : Text.lines(out, MAX_ROWS)) {
            List<String> f = Text.fields(line, 2);
            if (!f.isEmpty() && f.get(0).indexOf('.') > 0) units.add(Text.clip(f.get(0), MAX_TEXT));
        }
        return units;
    }

    /** Tab-separated name, state, status, image; health is read from the status's {@code (healthy)} suffix. */
    static List<Container> containers(String out) {
        List<Container> rows = new ArrayList<>();
        for (String line : Text.lines(out, MAX_ROWS)) {
            List<String> f = Text.split(line, '\t');
            if (f.size() < 4 || f.get(0).isEmpty()) continue;
            String status = f.get(2);
            String health = status.contains("(unhealthy)") ? "unhealthy" : status.contains("(healthy)") ? "healthy"
                    : status.contains("(health: starting)") ? "starting" : "none";
            rows.add(new Container(Text.clip(f.get(0), 200), Text.clip(f.get(1), 40), Text.clip(status, 200), health, Text.clip(f.get(3), 200)));
        }
        return rows;
    }

    static List<ContainerStat> stats(String out) {
        List<ContainerStat> rows = new ArrayList<>();
        for (String line : Text.lines(out, MAX_ROWS)) {
            List<String> f = Text.split(line, '\t');
            if (f.size() < 4 || f.get(0).isEmpty()) continue;
            rows.add(new ContainerStat(Text.clip(f.get(0), 200), Text.number(f.get(1)), Text.number(f.get(2)), Text.clip(f.get(3), 60)));
        }
        return rows;
    }

    /** {@code journalctl -o json}: one object a line; MESSAGE may be a byte array when it is not UTF-8. */
    static List<JournalEntry> journal(String out) {
        List<JournalEntry> rows = new ArrayList<>();
        for (String line : Text.lines(out, MAX_ROWS)) {
            if (!line.startsWith("{")) continue;
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (java.io.IOException e) {
                continue; // a line cut by the capture cap
            }
            JsonNode m = n.path("MESSAGE");
            String message;
            if (m.isArray()) {
                byte[] b = new byte[Math.min(m.size(), MAX_TEXT * 4)];
                for (int i = 0; i < b.length; i++) b[i] = (byte) m.get(i).asInt();
                message = new String(b, java.nio.charset.StandardCharsets.UTF_8);
            } else {
                message = m.asText("");
            }
            String unit = n.path("_SYSTEMD_UNIT").asText(n.path("SYSLOG_IDENTIFIER").asText(""));
            long micros = (long) Text.number(n.path("__REALTIME_TIMESTAMP").asText("0"));
            rows.add(new JournalEntry(Instant.EPOCH.plusNanos(Math.max(0, micros) * 1000), Text.clip(unit, 100), Text.clip(message, MAX_TEXT)));
        }
        return rows;
    }

    /** {@code nvidia-smi --query-gpu=index,name,memory.used,memory.total,utilization.gpu,temperature.gpu --format=csv,noheader,nounits}. */
    static List<Gpu> gpus(String out) {
        List<Gpu> rows = new ArrayList<>();
        for (String line : Text.lines(out, 64)) {
            List<String> f = Text.split(line, ',');
            if (f.size() < 6) continue;
            double index = Text.number(f.get(0));
            if (Double.isNaN(index)) continue;
            rows.add(new Gpu((int) index, Text.clip(f.get(1).strip(), 100), Text.number(f.get(2)), Text.number(f.get(3)),
                    Text.number(f.get(4)), Text.number(f.get(5))));
        }
        return rows;
    }

    /** {@code ss -Hltn}: state, recv-q, send-q, local address:port, peer; IPv6 addresses come bracketed. */
    static List<Listener> ports(String out) {
        List<Listener> rows = new ArrayList<>();
        for (String line : Text.lines(out, MAX_ROWS)) {
            List<String> f = Text.fields(line, 6);
            if (f.size() < 5) continue;
            String local = f.get(3);
            int colon = local.lastIndexOf(':');
            if (colon <= 0) continue;
            double port = Text.number(local.substring(colon + 1));
            if (Double.isNaN(port)) continue;
            rows.add(new Listener(Text.clip(local.substring(0, colon), 100), (int) port));
        }
        return rows;
    }

    /** {@code apt-get -s upgrade}: each {@code Inst pkg [old] (new suite [arch])} line is one pending update. */
    static Observation.Updates updates(String out) {
        int count = 0;
        int security = 0;
        List<String> names = new ArrayList<>();
        for (String line : Text.lines(out, 100_000)) {
            if (!line.startsWith("Inst ")) continue;
            count++;
            if (line.contains("-security")) security++;
            List<String> f = Text.fields(line, 3);
            if (f.size() >= 2 && names.size() < 100) names.add(Text.clip(f.get(1), 100));
        }
        return new Observation.Updates(count, security, names);
    }

    /** {@code ID SIZE} or {@code REPO:TAG 2024-05-01 12:00:00 +0000 UTC}: the first field, then the rest; the date is read as a day (UTC). */
    static List<Observation.Image> images(String out) {
        List<Observation.Image> rows = new ArrayList<>();
        for (String line : Text.lines(out, MAX_ROWS)) {
            List<String> f = Text.fields(line, 2);
            if (f.size() < 2) continue;
            String rest = f.get(1).strip();
            Instant created = null;
            if (rest.length() >= 10) {
                try {
                    created = java.time.LocalDate.parse(rest.substring(0, 10)).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
                } catch (java.time.format.DateTimeParseException e) {
                    // a size, or an unreadable date: no age
                }
            }
            rows.add(new Observation.Image(Text.clip(f.get(0), 200), Text.clip(rest, 60), created));
        }
        return rows;
    }

    private static long whole(String s) {
        double d = Text.number(s);
        return Double.isNaN(d) ? -1 : (long) d;
    }
}
