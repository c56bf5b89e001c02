package dev.clawdbot.siem.fim;

import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.JdbcRunner;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The {@code siem_fim} baseline and the {@code siem_fim_changes} log. */
public final class FimStore {

    /** One reported change, for the digest. */
    public record ChangeRow(Instant time, String change, String path) {
    }

    private final JdbcRunner jdbc;

    public FimStore(Database db) {
        this.jdbc = new JdbcRunner(db);
    }

    Map<String, FileState> load() {
        Map<String, FileState> out = new HashMap<>();
        jdbc.query("SELECT path, kind, sha256, size, mode, owner, mtime_ms, inode FROM siem_fim", rs -> out.put(rs.getString(1),
                new FileState(rs.getString(1), FileState.Kind.valueOf(rs.getString(2)), rs.getString(3), rs.getLong(4), rs.getInt(5),
                        rs.getString(6), rs.getLong(7), rs.getLong(8))));
        return out;
    }

    /** The redacted text kept for diffs, or null. */
    String content(String path) {
        return jdbc.queryOne("SELECT content FROM siem_fim WHERE path = ?", rs -> rs.getString(1), path).orElse(null);
    }

    /** Stores {@code upserts} (with their diff text, null for none), removes {@code deleted}, logs {@code changes}. */
    void apply(Collection<FileState> upserts, Map<String, String> contents, Collection<String> deleted, List<ChangeRow> changes) {
        if (upserts.isEmpty() && deleted.isEmpty() && changes.isEmpty()) return;
        List<Object[]> removed = new ArrayList<>();
        for (String p : deleted) removed.add(new Object[] {p});
        List<Object[]> rows = new ArrayList<>();
        for (FileState s : upserts) {
            removed.add(new Object[] {s.path()});
            rows.add(new Object[] {s.path(), s.kind().name(), s.sha256(), s.size(), s.mode(), s.owner(), s.mtimeMillis(), s.inode(), contents.get(s.path())});
        }
        List<Object[]> logged = new ArrayList<>();
        for (ChangeRow r : changes) logged.add(new Object[] {r.time().toEpochMilli(), r.change(), r.path()});
        jdbc.inTransaction(tx -> {
            tx.batch("DELETE FROM siem_fim WHERE path = ?", removed);
            tx.batch("INSERT INTO siem_fim (path, kind, sha256, size, mode, owner, mtime_ms, inode, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
            return tx.batch("INSERT INTO siem_fim_changes (time_ms, change, path) VALUES (?, ?, ?)", logged);
        });
    }

    /** Changes reported at or after {@code since}, oldest first, at most {@code limit}. */
    public List<ChangeRow> changes(Instant since, int limit) {
        return jdbc.query("SELECT time_ms, change, path FROM siem_fim_changes WHERE time_ms >= ? ORDER BY time_ms, id LIMIT ?",
                rs -> new ChangeRow(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3)), since.toEpochMilli(), limit);
    }
}
