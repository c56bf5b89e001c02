package dev.clawdbot.siem.digest;

import dev.clawdbot.core.notify.OperatorNotice;
import dev.clawdbot.core.notify.OperatorNotifier;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.siem.fim.FimStore;
import dev.clawdbot.siem.response.BlockStore;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The daily security digest: alerts of the period by rule and by source address, Clawdbot's own security events
 * (its rules 880800–880899, but for the file integrity ones 880840–880849) apart, file integrity changes, and active responses; sent through the operator notifier
 * (source {@code siem}, de-duplication key {@code siem:digest:DATE}). Queries aggregate in SQL; every list is cut
 * at {@link #TOP} lines with the rest counted, so a day of a million alerts is still one short message.
 */
public final class SiemDigest {

    static final int TOP = 15;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    private final Database db;
    private final OperatorNotifier notifier;
    private final String host;
    private final ZoneId zone;

    public SiemDigest(Database db, OperatorNotifier notifier, String host, ZoneId zone) {
        this.db = db;
        this.notifier = notifier;
        this.host = host;
        this.zone = zone;
    }

    /** Builds the digest of the 24 hours before {@code end}, sends it, and returns its subject line (as an ops job's finding). */
    public List<String> run(Instant end) {
        OperatorNotice n = notice(end.minus(Duration.ofDays(1)), end);
        notifier.notify(n);
        return List.of(n.subject());
    }

    OperatorNotice notice(Instant start, Instant end) {
        List<Row> rules = rows("SELECT rule_id, MAX(level), COUNT(*), MIN(description) FROM siem_alerts WHERE time_ms >= ? AND time_ms < ?"
                + " AND (rule_id < 880800 OR rule_id > 880899 OR rule_id BETWEEN 880840 AND 880849) GROUP BY rule_id ORDER BY MAX(level) DESC, COUNT(*) DESC, rule_id", start, end);
        List<Row> own = rows("SELECT rule_id, MAX(level), COUNT(*), MIN(description) FROM siem_alerts WHERE time_ms >= ? AND time_ms < ?"
                + " AND rule_id BETWEEN 880800 AND 880899 AND (rule_id < 880840 OR rule_id > 880849)"
                + " GROUP BY rule_id ORDER BY MAX(level) DESC, COUNT(*) DESC, rule_id", start, end);
        List<Row> sources = rows("SELECT srcip, MAX(level), COUNT(*), '' FROM siem_alerts WHERE time_ms >= ? AND time_ms < ?"
                + " AND srcip IS NOT NULL GROUP BY srcip ORDER BY COUNT(*) DESC, srcip", start, end);
        List<Row> total = rows("SELECT '', COALESCE(MAX(level), 0), COUNT(*), '' FROM siem_alerts WHERE time_ms >= ? AND time_ms < ?", start, end);
        List<Row> high = rows("SELECT '', 0, COUNT(*), '' FROM siem_alerts WHERE time_ms >= ? AND time_ms < ? AND level >= 10", start, end);
        List<FimStore.ChangeRow> fim = new FimStore(db).changes(start, 100_000).stream().filter(c -> c.time().isBefore(end)).toList();
        List<BlockStore.Response> responses = new BlockStore(db).responses(start).stream().filter(r -> r.time().isBefore(end)).toList();

        long alerts = total.getFirst().count();
        StringBuilder b = new StringBuilder();
        b.append("Security digest for ").append(host).append(", ").append(WHEN.format(start.atZone(zone))).append(" to ")
                .append(WHEN.format(end.atZone(zone))).append(' ').append(zone.getId()).append("\n\n");
        b.append("Alerts: ").append(alerts).append(" (level 10 and above: ").append(high.getFirst().count()).append(")\n");
        section(b, "By rule", rules, r -> String.format(Locale.ROOT, "%s  level %2d  x%-6d %s", r.key(), r.level(), r.count(), r.text()));
        section(b, "By source address", sources, r -> String.format(Locale.ROOT, "%-39s x%-6d max level %d", r.key(), r.count(), r.level()));
        section(b, "Clawdbot's own security events", own, r -> String.format(Locale.ROOT, "%s  level %2d  x%-6d %s", r.key(), r.level(), r.count(), r.text()));

        b.append("\nFile integrity changes: ").append(fim.size()).append('\n');
        for (int i = 0; i < Math.min(TOP, fim.size()); i++) b.append("  ").append(fim.get(i).change()).append(' ').append(fim.get(i).path()).append('\n');
        if (fim.size() > TOP) b.append("  … and ").append(fim.size() - TOP).append(" more\n");

        b.append("\nActive responses: ").append(responses.size()).append('\n');
        for (int i = 0; i < Math.min(TOP, responses.size()); i++) {
            BlockStore.Response r = responses.get(i);
            b.append("  ").append(WHEN.format(r.time().atZone(zone))).append(' ').append(r.action()).append(' ').append(r.address())
                    .append(" rule ").append(r.ruleId());
            if (r.action().equals("block")) b.append(" for ").append(r.timeoutSeconds()).append(" s (offence ").append(r.offence()).append(')');
            if (r.dryRun()) b.append(" [dry-run]");
            if (r.reason() != null && !r.reason().isEmpty()) b.append(" — ").append(r.reason());
            b.append('\n');
        }
        if (responses.size() > TOP) b.append("  … and ").append(responses.size() - TOP).append(" more\n");

        String day = DateTimeFormatter.ISO_LOCAL_DATE.format(end.atZone(zone));
        String subject = "Security digest " + host + " " + day + ": " + alerts + " alerts, " + high.getFirst().count() + " at level 10+, "
                + fim.size() + " file changes, " + responses.size() + " responses";
        return new OperatorNotice("siem", "siem:digest:" + day, 3, subject, b.toString(), end);
    }

    private record Row(String key, int level, long count, String text) {
    }

    private static void section(StringBuilder b, String title, List<Row> rows, java.util.function.Function<Row, String> line) {
        if (rows.isEmpty()) return;
        b.append('\n').append(title).append(":\n");
        for (int i = 0; i < Math.min(TOP, rows.size()); i++) b.append("  ").append(line.apply(rows.get(i))).append('\n');
        if (rows.size() > TOP) b.append("  … and ").append(rows.size() - TOP).append(" more\n");
    }

    private List<Row> rows(String sql, Instant start, Instant end) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, start.toEpochMilli());
                ps.setLong(2, end.toEpochMilli());
                List<Row> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new Row(String.valueOf(rs.getObject(1)), rs.getInt(2), rs.getLong(3), rs.getString(4)));
                }
                return out;
            }
        });
    }
}
