package dev.clawdbot.ops.checks;

import dev.clawdbot.core.storage.Database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Monthly database maintenance. SQLite: {@code PRAGMA integrity_check}, {@code ANALYZE}, then {@code VACUUM} when
 * it fits: VACUUM rewrites the whole file into a copy, so it needs free space for one more copy beside it, and it
 * is estimated to take twice as long as the integrity check (which also reads every page) — it is skipped, with a
 * finding that says why, when that estimate exceeds what is left of the budget. PostgreSQL: {@code VACUUM (ANALYZE)}
 * (autovacuum does the rest).
 */
public final class DatabaseMaintenance {
    static final String NAME = "database";

    private final Duration budget;

    public DatabaseMaintenance(Duration budget) {
        if (budget.isNegative() || budget.isZero()) throw new IllegalArgumentException("database maintenance budget must be positive");
        this.budget = budget;
    }

    public List<Finding> run(Database db) {
        try {
            return db.withConnection(c -> db.dialect() == Database.Dialect.SQLITE ? sqlite(c) : postgres(c));
        } catch (RuntimeException e) {
            return List.of(new Finding(Finding.Severity.WARNING, NAME, "", "maintenance failed: " + e.getMessage(),
                    "check the database log; run the statements by hand to see the full error"));
        }
    }

    private List<Finding> sqlite(Connection c) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        long t0 = System.nanoTime();
        List<String> problems = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            while (rs.next()) problems.add(rs.getString(1));
        }
        Duration integrity = Duration.ofNanos(System.nanoTime() - t0);
        if (!problems.equals(List.of("ok"))) {
            findings.add(new Finding(Finding.Severity.CRITICAL, NAME, "sqlite", "integrity_check: " + String.join("; ", problems.subList(0, Math.min(5, problems.size()))),
                    "stop Clawdbot, restore the last backup, or recover with: sqlite3 FILE .recover"));
            return findings; // VACUUM on a damaged file can lose more
        }
        try (Statement s = c.createStatement()) {
            s.execute("ANALYZE");
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
        Path file = sqliteFile(c);
        String skip = vacuumSkipReason(file, integrity, budget.minus(elapsed));
        if (skip != null) {
            findings.add(new Finding(Finding.Severity.INFO, NAME, "sqlite", "integrity ok, analyzed; VACUUM skipped: " + skip,
                    "run VACUUM by hand in a quiet hour, or raise the monthly job's timeout"));
            return findings;
        }
        long before = size(file);
        try (Statement s = c.createStatement()) {
            s.execute("VACUUM");
            // In WAL mode the vacuumed pages land in the WAL; the file shrinks once they are checkpointed.
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        findings.add(new Finding(Finding.Severity.INFO, NAME, "sqlite", "integrity ok, analyzed, vacuumed in "
                + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms (" + before / 1024 + " KiB -> " + size(file) / 1024 + " KiB)", ""));
        return findings;
    }

    /** Why VACUUM must not run now, or null when it may. */
    static String vacuumSkipReason(Path file, Duration integrityTook, Duration left) {
        Duration estimate = integrityTook.multipliedBy(2);
        if (estimate.compareTo(left) > 0) {
            return "estimated " + estimate.toMillis() + " ms exceeds the " + Math.max(0, left.toMillis()) + " ms left of the budget";
        }
        if (file == null) return null; // in-memory database: no file to copy
        try {
            long free = Files.getFileStore(file).getUsableSpace();
            long need = Files.size(file);
            if (free < need) return "needs " + need / 1024 + " KiB free for the copy, " + free / 1024 + " KiB free";
        } catch (IOException e) {
            return "cannot read free space: " + e.getMessage();
        }
        return null;
    }

    private static List<Finding> postgres(Connection c) throws SQLException {
        long t0 = System.nanoTime();
        try (Statement s = c.createStatement()) {
            s.execute("VACUUM (ANALYZE)");
        }
        return List.of(new Finding(Finding.Severity.INFO, NAME, "postgresql", "VACUUM (ANALYZE) done in "
                + Duration.ofNanos(System.nanoTime() - t0).toMillis() + " ms", ""));
    }

    private static Path sqliteFile(Connection c) throws SQLException {
        String url = c.getMetaData().getURL();
        String prefix = "jdbc:sqlite:";
        if (url == null || !url.startsWith(prefix)) return null;
        String rest = url.substring(prefix.length());
        int q = rest.indexOf('?');
        if (q >= 0) rest = rest.substring(0, q);
        if (rest.isEmpty() || rest.startsWith(":memory:") || rest.startsWith("file:")) return null;
        return Path.of(rest);
    }

    private static long size(Path file) {
        try {
            return file == null ? 0 : Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
