package dev.clawdbot.ops.checks;

import dev.clawdbot.core.storage.Database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Daily: Clawdbot's own health, from the shared database (so it is right whichever node runs the gateway) plus
 * what the app wiring adds from its own process ({@code extra}):
 * <ul>
 *   <li>model providers whose circuit breaker is open: the latest {@code breaker.opened}/{@code breaker.closed}
 *       event per provider (WARNING);</li>
 *   <li>outbox queue depths: work pending or claimed per queue; more than {@code maxQueueDepth} in a queue, or work
 *       due for over an hour, is a WARNING;</li>
 *   <li>event-log errors: events of level 10 and above in the last 24 hours, by type; more than
 *       {@code maxErrorsPerDay} is a WARNING;</li>
 *   <li>last backup age: the modification time of {@code backupMarker} (a file the backup job touches), older than
 *       {@code maxBackupAge} a WARNING, missing CRITICAL; not checked when no marker is configured.</li>
 * </ul>
 */
public final class AppHealth {
    static final String NAME = "clawdbot";
    private static final Duration STUCK = Duration.ofHours(1);
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final Database db;
    private final Path backupMarker;
    private final Duration maxBackupAge;
    private final int maxQueueDepth;
    private final int maxErrorsPerDay;
    private final Supplier<List<Finding>> extra;
    private final Clock clock;

    public AppHealth(Database db, Path backupMarker, Duration maxBackupAge, int maxQueueDepth, int maxErrorsPerDay,
                     Supplier<List<Finding>> extra, Clock clock) {
        this.db = db;
        this.backupMarker = backupMarker;
        this.maxBackupAge = maxBackupAge;
        this.maxQueueDepth = maxQueueDepth;
        this.maxErrorsPerDay = maxErrorsPerDay;
        this.extra = extra;
        this.clock = clock;
    }

    public List<Finding> check() {
        List<Finding> findings = new ArrayList<>();
        Instant now = clock.instant();
        try {
            breakers(findings);
            queues(findings, now);
            errors(findings, now);
        } catch (RuntimeException e) {
            findings.add(new Finding(Finding.Severity.WARNING, NAME, "database", "cannot read health from the database: " + e.getMessage(),
                    "clawdbot doctor"));
        }
        backup(findings, now);
        findings.addAll(extra.get());
        return findings;
    }

    private void breakers(List<Finding> findings) {
        Map<String, String> latest = db.withConnection(c -> {
            Map<String, String> out = new LinkedHashMap<>();
            // Newest first, and only the last week: a breaker closes within minutes of its provider recovering.
            try (PreparedStatement ps = c.prepareStatement("SELECT type, fields, time FROM events WHERE type IN ('breaker.opened', 'breaker.closed') "
                    + "AND time_ms > ? ORDER BY time_ms DESC, id DESC LIMIT 1000")) {
                ps.setLong(1, clock.millis() - Duration.ofDays(7).toMillis());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String provider = provider(rs.getString(2));
                        if (provider != null) out.putIfAbsent(provider, rs.getString(1) + " " + rs.getString(3));
                    }
                }
            }
            return out;
        });
        latest.forEach((provider, last) -> {
            if (last.startsWith("breaker.opened")) {
                findings.add(new Finding(Finding.Severity.WARNING, NAME, "provider " + provider, "circuit breaker open since "
                        + last.substring(last.indexOf(' ') + 1), "check the provider's status page and API key; clawdbot doctor"));
            }
        });
    }

    /** The {@code provider} field of an event's JSON fields, read with Jackson (event fields are untrusted text). */
    private static String provider(String fieldsJson) {
        try {
            var node = JSON.readTree(fieldsJson).path("provider");
            return node.isTextual() ? node.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private void queues(List<Finding> findings, Instant now) {
        Map<String, long[]> depths = db.withConnection(c -> {
            Map<String, long[]> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT queue, COUNT(*), MIN(next_attempt_ms) FROM outbox "
                    + "WHERE status IN ('PENDING', 'CLAIMED') GROUP BY queue ORDER BY queue");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getString(1), new long[]{rs.getLong(2), rs.getLong(3)});
            }
            return out;
        });
        List<String> listed = new ArrayList<>();
        depths.forEach((queue, d) -> {
            listed.add(queue + " " + d[0]);
            Duration waiting = Duration.ofMillis(Math.max(0, now.toEpochMilli() - d[1]));
            if (d[0] > maxQueueDepth || waiting.compareTo(STUCK) > 0) {
                findings.add(new Finding(Finding.Severity.WARNING, NAME, "queue " + queue, d[0] + " item(s) waiting, the oldest due for "
                        + waiting.toMinutes() + " min", "is the role that drains it running? clawdbot doctor; the rows' last_error in table outbox"));
            }
        });
        findings.add(new Finding(Finding.Severity.INFO, NAME, "queues", listed.isEmpty() ? "outbox empty" : "outbox: " + String.join(", ", listed), ""));
    }

    private void errors(List<Finding> findings, Instant now) {
        Map<String, Long> byType = db.withConnection(c -> {
            Map<String, Long> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT type, COUNT(*) FROM events WHERE level >= 10 AND time_ms > ? "
                    + "GROUP BY type ORDER BY COUNT(*) DESC, type LIMIT 20")) {
                ps.setLong(1, now.minus(Duration.ofDays(1)).toEpochMilli());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        });
        long total = byType.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) return;
        String listed = String.join(", ", byType.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList());
        findings.add(new Finding(total > maxErrorsPerDay ? Finding.Severity.WARNING : Finding.Severity.INFO, NAME, "event log",
                total + " event(s) of level 10+ in 24 h: " + listed, "the event log (DATA/events/events.jsonl, level >= 10)"));
    }

    private void backup(List<Finding> findings, Instant now) {
        if (backupMarker == null) return;
        try {
            Instant at = Files.getLastModifiedTime(backupMarker).toInstant();
            Duration age = Duration.between(at, now);
            if (age.compareTo(maxBackupAge) > 0) {
                findings.add(new Finding(Finding.Severity.WARNING, NAME, "backup", "last backup " + age.toHours() + " h ago (" + at + ")",
                        "check the backup job; it should touch " + backupMarker + " when it succeeds"));
            } else {
                findings.add(new Finding(Finding.Severity.INFO, NAME, "backup", "last backup " + age.toHours() + " h ago", ""));
            }
        } catch (IOException e) {
            findings.add(new Finding(Finding.Severity.CRITICAL, NAME, "backup", "no backup marker at " + backupMarker + ": no backup recorded",
                    "set up the backup job and have it touch " + backupMarker));
        }
    }
}
