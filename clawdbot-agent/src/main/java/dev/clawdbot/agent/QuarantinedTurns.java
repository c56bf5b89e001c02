package dev.clawdbot.agent;

import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.JdbcRunner;
import dev.clawdbot.llm.ChatMessage;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Stored turns that would not replay to a model, moved out of the session by the session doctor's repair: each is
 * copied whole into {@code agent_quarantined_turns}/{@code agent_quarantined_messages} (the message content byte for
 * byte, by SQL, never re-encoded) and deleted from the session in the same transaction.
 *
 * <p>Why only the damaged turn goes, not everything after it: a turn is committed only when {@link TurnValidator}
 * accepts it on its own (it opens with a user message, ends with assistant text, and every tool call in it is
 * answered inside it), so the turns that remain still alternate user/assistant with every tool call paired.
 * Cutting the session after the last good turn would discard valid later turns without making the replay any more
 * valid. The seq gap left behind is expected: the doctor's continuity check accepts a missing seq that is here.
 */
public final class QuarantinedTurns {

    /** One quarantined turn: its session, seq, why, when, and how many messages were copied with it. */
    public record Turn(long id, long sessionId, String sessionKey, int seq, String reason, Instant quarantinedAt, int messages) {
    }

    /** The turns one repair moved out of one session. */
    public record SessionRepair(long sessionId, String sessionKey, List<Turn> turns) {
    }

    private final Database db;
    private final JdbcRunner jdbc;
    private final Clock clock;

    QuarantinedTurns(Database db, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.jdbc = new JdbcRunner(db);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Quarantines every turn that would not replay, one transaction per session; a session with a turn completed
     * within {@code activeWindow} is left alone (it may be in use). Returns the sessions changed.
     */
    public List<SessionRepair> repair(Duration activeWindow) {
        List<SessionRepair> repairs = new ArrayList<>();
        List<long[]> ids = jdbc.query("SELECT id FROM agent_sessions ORDER BY id", rs -> new long[] {rs.getLong(1)});
        for (long[] id : ids) {
            // A read first: the write transaction (SQLite: the database's one write lock) only for a damaged session.
            if (db.withConnection(c -> repairSession(JdbcRunner.on(c), id[0], activeWindow, false)) == null) continue;
            SessionRepair r = db.inTransaction(c -> repairSession(JdbcRunner.on(c), id[0], activeWindow, true));
            if (r != null) repairs.add(r);
        }
        return repairs;
    }

    /** The seqs of a session's quarantined turns. */
    public Set<Integer> seqs(long sessionId) {
        return new TreeSet<>(jdbc.query("SELECT seq FROM agent_quarantined_turns WHERE session_id = ?", rs -> rs.getInt(1), sessionId));
    }

    /** The most recently quarantined turns, newest first. */
    public List<Turn> list(int limit) {
        return jdbc.query("SELECT q.id, q.session_id, q.session_key, q.seq, q.reason, q.quarantined_at, "
                + "(SELECT COUNT(*) FROM agent_quarantined_messages m WHERE m.quarantined_turn_id = q.id) "
                + "FROM agent_quarantined_turns q ORDER BY q.id DESC LIMIT ?", rs -> new Turn(rs.getLong(1), rs.getLong(2), rs.getString(3),
                rs.getInt(4), rs.getString(5), Instant.parse(rs.getString(6)), rs.getInt(7)), limit);
    }

    private record RawTurn(long id, int seq, String startedAt, String completedAt, String model, long in, long out, List<String[]> messages) {
    }

    /** The damaged turns of an idle session, moved to quarantine when {@code apply}; null when there are none. */
    private SessionRepair repairSession(JdbcRunner.Tx tx, long sessionId, Duration activeWindow, boolean apply) throws SQLException {
        String key = tx.queryOne("SELECT session_key FROM agent_sessions WHERE id = ?", rs -> rs.getString(1), sessionId).orElse(null);
        if (key == null) return null;
        Map<Long, RawTurn> turns = new LinkedHashMap<>();
        tx.query("SELECT t.id, t.seq, t.started_at, t.completed_at, t.model, t.input_tokens, t.output_tokens, m.role, m.content "
                + "FROM agent_turns t LEFT JOIN agent_messages m ON m.turn_id = t.id WHERE t.session_id = ? ORDER BY t.seq, m.seq", rs -> {
            RawTurn t = turns.get(rs.getLong(1));
            if (t == null) {
                t = new RawTurn(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6), rs.getLong(7), new ArrayList<>());
                turns.put(t.id(), t);
            }
            if (rs.getString(8) != null) t.messages().add(new String[] {rs.getString(8), rs.getString(9)});
            return null;
        }, sessionId);
        Instant now = clock.instant();
        for (RawTurn t : turns.values()) {
            if (Duration.between(completedAt(t), now).compareTo(activeWindow) < 0) return null;
        }
        List<Turn> moved = new ArrayList<>();
        for (RawTurn t : turns.values()) {
            String reason = problem(t);
            if (reason == null) continue;
            if (!apply) {
                moved.add(new Turn(0, sessionId, key, t.seq(), reason, now, t.messages().size()));
                continue;
            }
            long qid = tx.insert("INSERT INTO agent_quarantined_turns (session_id, session_key, seq, started_at, completed_at, model, input_tokens,"
                            + " output_tokens, reason, quarantined_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    sessionId, key, t.seq(), t.startedAt(), t.completedAt(), t.model(), t.in(), t.out(), reason, now.toString());
            int copied = tx.execute("INSERT INTO agent_quarantined_messages (quarantined_turn_id, seq, role, content) "
                    + "SELECT ?, seq, role, content FROM agent_messages WHERE turn_id = ?", qid, t.id());
            // The channel's message id goes with its turn (the foreign key needs it); the reply was delivered long ago.
            tx.execute("DELETE FROM agent_idempotency WHERE turn_id = ?", t.id());
            tx.execute("DELETE FROM agent_messages WHERE turn_id = ?", t.id());
            tx.execute("DELETE FROM agent_turns WHERE id = ?", t.id());
            moved.add(new Turn(qid, sessionId, key, t.seq(), reason, now, copied));
        }
        return moved.isEmpty() ? null : new SessionRepair(sessionId, key, moved);
    }

    private static Instant completedAt(RawTurn t) {
        try {
            return Instant.parse(t.completedAt());
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }

    /** Why the turn would not replay, or null: the same rules {@link SessionStore#turnsAfter} and {@link TurnValidator} apply. */
    private static String problem(RawTurn t) {
        if (t.messages().isEmpty()) return "no messages";
        List<ChatMessage> messages = new ArrayList<>();
        for (String[] m : t.messages()) {
            ChatMessage.Role role = "user".equals(m[0]) ? ChatMessage.Role.USER : ChatMessage.Role.ASSISTANT;
            try {
                messages.add(new ChatMessage(role, ContentBlockJson.blocksFromJsonString(m[1])));
            } catch (IllegalArgumentException e) {
                return "unreadable message content: " + e.getMessage();
            }
        }
        try {
            Instant.parse(t.startedAt());
            Instant.parse(t.completedAt());
        } catch (RuntimeException e) {
            return "unreadable time: " + e.getMessage();
        }
        return TurnValidator.problem(messages);
    }
}
