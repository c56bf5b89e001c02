package dev.clawdbot.agent;

import dev.clawdbot.core.chat.Reply;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.StorageException;
import dev.clawdbot.llm.ChatMessage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Sessions, turns and messages on the {@link Database}. A turn is written in one transaction and only when
 * {@link TurnValidator} accepts it, so a stored session can always be replayed to a model.
 */
public final class SessionStore {

    private static final String COLUMNS = "id, session_key, agent, channel, peer, created_at, updated_at, archived_at, "
            + "model_override, summary, compacted_through, input_tokens, output_tokens";

    private final Database db;
    private final Clock clock;
    private final GroupCommit commits;

    /** The external content the guard withheld from this database's sessions (the operator's view). */
    public WithheldContent withheld() {
        return new WithheldContent(db, clock);
    }

    public SessionStore(Database db, Clock clock) {
        this(db, clock, null);
    }

    /** With {@code commits}, turns are written by group commit (the gateway's store); else each in its own transaction. */
    SessionStore(Database db, Clock clock, GroupCommit commits) {
        this.db = Objects.requireNonNull(db, "db");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.commits = commits;
    }

    private <T> T writeTurn(Database.SqlWork<T> work) {
        return commits == null ? db.inTransaction(work) : commits.run(work);
    }

    /** The active session for the key, created if there is none. */
    public SessionInfo openOrCreate(String agent, String channel, String peer) {
        String key = SessionInfo.key(agent, channel, peer);
        // The common case is a plain read; only a missing session takes the write lock.
        Optional<SessionInfo> existing = findActive(key);
        if (existing.isPresent()) return existing.get();
        try {
            return db.inTransaction(c -> {
                Optional<SessionInfo> s = active(c, key);
                return s.isPresent() ? s.get() : insert(c, key, agent, channel, peer);
            });
        } catch (StorageException e) {
            // Another node created it at the same moment (PostgreSQL: unique violation on the active key): use that one.
            Optional<SessionInfo> created = findActive(key);
            if (created.isPresent()) return created.get();
            throw e;
        }
    }

    public Optional<SessionInfo> findActive(String key) {
        return db.withConnection(c -> active(c, key));
    }

    public Optional<SessionInfo> findById(long id) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM agent_sessions WHERE id = ?")) {
                ps.setLong(1, id);
                return one(ps);
            }
        });
    }

    /** All sessions, archived ones included when asked, oldest first. */
    public List<SessionInfo> list(boolean includeArchived) {
        return db.withConnection(c -> {
            String sql = "SELECT " + COLUMNS + " FROM agent_sessions" + (includeArchived ? "" : " WHERE archived_at IS NULL") + " ORDER BY id";
            try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
                List<SessionInfo> out = new ArrayList<>();
                while (rs.next()) out.add(map(rs));
                return out;
            }
        });
    }

    /** Every session stored under this key, the active one last. */
    public List<SessionInfo> history(String key) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM agent_sessions WHERE session_key = ? ORDER BY id")) {
                ps.setString(1, key);
                List<SessionInfo> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(map(rs));
                }
                return out;
            }
        });
    }

    /** Archives the active session for the key (if any) and starts a new one, in one transaction. */
    public SessionInfo reset(String agent, String channel, String peer) {
        String key = SessionInfo.key(agent, channel, peer);
        return db.inTransaction(c -> {
            String now = clock.instant().toString();
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE agent_sessions SET archived_at = ?, updated_at = ? WHERE session_key = ? AND archived_at IS NULL")) {
                ps.setString(1, now);
                ps.setString(2, now);
                ps.setString(3, key);
                ps.executeUpdate();
            }
            return insert(c, key, agent, channel, peer);
        });
    }

    /** Turns of a session with seq greater than {@code afterSeq}, in order. */
    public List<StoredTurn> turnsAfter(long sessionId, int afterSeq) {
        return db.withConnection(c -> turnsAfter(c, sessionId, afterSeq));
    }

    /** The active session for the key (created if there is none) with its turns after the compaction point. */
    record Opened(SessionInfo session, List<StoredTurn> history) {
    }

    /** {@link #openOrCreate} and {@link #turnsAfter} of its uncompacted turns on one connection: the start of every run. */
    Opened openWithHistory(String agent, String channel, String peer) {
        String key = SessionInfo.key(agent, channel, peer);
        Opened found = db.withConnection(c -> {
            Optional<SessionInfo> s = active(c, key);
            return s.isEmpty() ? null : new Opened(s.get(), turnsAfter(c, s.get().id(), s.get().compactedThrough()));
        });
        return found != null ? found : new Opened(openOrCreate(agent, channel, peer), List.of());
    }

    private static List<StoredTurn> turnsAfter(Connection c, long sessionId, int afterSeq) throws SQLException {
        Map<Long, StoredTurnBuilder> turns = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT t.id, t.seq, t.started_at, t.completed_at, t.model, t.input_tokens, t.output_tokens, m.role, m.content "
                        + "FROM agent_turns t JOIN agent_messages m ON m.turn_id = t.id "
                        + "WHERE t.session_id = ? AND t.seq > ? ORDER BY t.seq, m.seq")) {
            ps.setLong(1, sessionId);
            ps.setInt(2, afterSeq);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StoredTurnBuilder b = turns.get(rs.getLong(1));
                    if (b == null) {
                        b = new StoredTurnBuilder(rs.getInt(2), Instant.parse(rs.getString(3)), Instant.parse(rs.getString(4)),
                                rs.getString(5), rs.getLong(6), rs.getLong(7));
                        turns.put(rs.getLong(1), b);
                    }
                    ChatMessage.Role role = "user".equals(rs.getString(8)) ? ChatMessage.Role.USER : ChatMessage.Role.ASSISTANT;
                    b.messages.add(new ChatMessage(role, ContentBlockJson.blocksFromJsonString(rs.getString(9))));
                }
            }
        }
        return turns.values().stream().map(StoredTurnBuilder::build).toList();
    }

    public int turnCount(long sessionId) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM agent_turns WHERE session_id = ?")) {
                ps.setLong(1, sessionId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    /**
     * Commits one complete turn atomically and adds its tokens to the session's counters. Returns the turn's
     * seq. Throws {@link IllegalArgumentException} (and writes nothing) when the turn is not complete and valid.
     */
    public int commitTurn(long sessionId, Instant startedAt, String model, long inputTokens, long outputTokens,
                          List<ChatMessage> messages) {
        String problem = TurnValidator.problem(messages);
        if (problem != null) throw new IllegalArgumentException("refusing to store an incomplete turn: " + problem);
        Instant now = clock.instant();
        return writeTurn(c -> insertTurn(c, sessionId, startedAt, now, model, inputTokens, outputTokens, messages, true));
    }

    /** Outcome of {@link #commitTurnOnce}: the new turn's seq, or the reply committed earlier under the same key. */
    record Commit(int seq, Reply earlier) {
    }

    /**
     * Commits the turn like {@link #commitTurn} and, in the same transaction, records the channel's message id
     * ({@code agent}, {@code channel}, {@code key}) with the reply delivered for it. When that id is already
     * committed, writes nothing and returns the reply stored with it, so a message is never committed twice.
     */
    Commit commitTurnOnce(long sessionId, String sessionKey, Instant startedAt, String model, long inputTokens, long outputTokens,
                          List<ChatMessage> messages, String agent, String channel, String key, String reply) {
        String problem = TurnValidator.problem(messages);
        if (problem != null) throw new IllegalArgumentException("refusing to store an incomplete turn: " + problem);
        Instant now = clock.instant();
        try {
            return writeTurn(c -> {
                Optional<Reply> earlier = committedReply(c, agent, channel, key);
                if (earlier.isPresent()) return new Commit(0, earlier.get());
                int seq = insertTurn(c, sessionId, startedAt, now, model, inputTokens, outputTokens, messages, true);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO agent_idempotency (agent, channel, idempotency_key, turn_id, "
                        + "session_key, reply, created_at) SELECT ?, ?, ?, id, ?, ?, ? FROM agent_turns WHERE session_id = ? AND seq = ?")) {
                    ps.setString(1, agent);
                    ps.setString(2, channel);
                    ps.setString(3, key);
                    ps.setString(4, sessionKey);
                    ps.setString(5, reply);
                    ps.setString(6, now.toString());
                    ps.setLong(7, sessionId);
                    ps.setInt(8, seq);
                    ps.executeUpdate();
                }
                return new Commit(seq, null);
            });
        } catch (StorageException e) {
            // Another process committed the same key concurrently (PostgreSQL: unique violation): its turn stands.
            Optional<Reply> earlier = committedReply(agent, channel, key);
            if (earlier.isPresent()) return new Commit(0, earlier.get());
            throw e;
        }
    }

    /** The reply committed for a channel's message id, if any. */
    public Optional<Reply> committedReply(String agent, String channel, String key) {
        return db.withConnection(c -> committedReply(c, agent, channel, key));
    }

    private static Optional<Reply> committedReply(Connection c, String agent, String channel, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT i.session_key, i.reply, t.model, t.input_tokens, t.output_tokens "
                + "FROM agent_idempotency i JOIN agent_turns t ON t.id = i.turn_id "
                + "WHERE i.agent = ? AND i.channel = ? AND i.idempotency_key = ?")) {
            ps.setString(1, agent);
            ps.setString(2, channel);
            ps.setString(3, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new Reply(rs.getString(1), rs.getString(2), rs.getString(3), false, rs.getLong(4), rs.getLong(5)));
            }
        }
    }

    public void setModelOverride(long sessionId, String model) {
        update(sessionId, "model_override = ?", model);
    }

    /** Stores a compaction summary covering every turn up to and including {@code throughSeq}. */
    public void storeCompaction(long sessionId, String summary, int throughSeq) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE agent_sessions SET summary = ?, compacted_through = ?, updated_at = ? WHERE id = ?")) {
                ps.setString(1, summary);
                ps.setInt(2, throughSeq);
                ps.setString(3, clock.instant().toString());
                ps.setLong(4, sessionId);
                return ps.executeUpdate();
            }
        });
    }

    /**
     * Imports a whole session with its turns in one transaction; every turn is validated first. An imported
     * session whose key already has an active session is stored archived, so nothing existing is replaced.
     */
    public SessionInfo importSession(SessionInfo s, List<StoredTurn> turns) {
        for (StoredTurn t : turns) {
            String problem = TurnValidator.problem(t.messages());
            if (problem != null) throw new IllegalArgumentException("session " + s.key() + " turn " + t.seq() + ": " + problem);
        }
        return db.inTransaction(c -> {
            Instant archived = s.archivedAt();
            if (archived == null && active(c, s.key()).isPresent()) archived = clock.instant();
            long id;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO agent_sessions (session_key, agent, channel, peer, created_at, "
                    + "updated_at, archived_at, model_override, summary, compacted_through, input_tokens, output_tokens) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, s.key());
                ps.setString(2, s.agent());
                ps.setString(3, s.channel());
                ps.setString(4, s.peer());
                ps.setString(5, s.createdAt().toString());
                ps.setString(6, s.updatedAt().toString());
                ps.setString(7, archived == null ? null : archived.toString());
                ps.setString(8, s.modelOverride());
                ps.setString(9, s.summary());
                ps.setInt(10, s.compactedThrough());
                ps.setLong(11, s.inputTokens());
                ps.setLong(12, s.outputTokens());
                ps.executeUpdate();
                id = generatedId(ps);
            }
            for (StoredTurn t : turns) {
                insertTurnAt(c, id, t.seq(), t.startedAt(), t.completedAt(), t.model(), t.inputTokens(), t.outputTokens(), t.messages());
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM agent_sessions WHERE id = ?")) {
                ps.setLong(1, id);
                return one(ps).orElseThrow();
            }
        });
    }

    private int insertTurn(Connection c, long sessionId, Instant startedAt, Instant completedAt, String model,
                           long in, long out, List<ChatMessage> messages, boolean countTokens) throws SQLException {
        int seq;
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(seq), 0) FROM agent_turns WHERE session_id = ?")) {
            ps.setLong(1, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                seq = rs.getInt(1) + 1;
            }
        }
        insertTurnAt(c, sessionId, seq, startedAt, completedAt, model, in, out, messages);
        if (countTokens) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE agent_sessions SET input_tokens = input_tokens + ?, "
                    + "output_tokens = output_tokens + ?, updated_at = ? WHERE id = ?")) {
                ps.setLong(1, in);
                ps.setLong(2, out);
                ps.setString(3, completedAt.toString());
                ps.setLong(4, sessionId);
                if (ps.executeUpdate() != 1) throw new SQLException("session " + sessionId + " does not exist");
            }
        }
        return seq;
    }

    private static void insertTurnAt(Connection c, long sessionId, int seq, Instant startedAt, Instant completedAt, String model,
                                     long in, long out, List<ChatMessage> messages) throws SQLException {
        long turnId;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO agent_turns (session_id, seq, started_at, completed_at, model, "
                + "input_tokens, output_tokens) VALUES (?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setLong(1, sessionId);
            ps.setInt(2, seq);
            ps.setString(3, startedAt.toString());
            ps.setString(4, completedAt.toString());
            ps.setString(5, model);
            ps.setLong(6, in);
            ps.setLong(7, out);
            ps.executeUpdate();
            turnId = generatedId(ps);
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO agent_messages (turn_id, seq, role, content) VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < messages.size(); i++) {
                ChatMessage m = messages.get(i);
                ps.setLong(1, turnId);
                ps.setInt(2, i + 1);
                ps.setString(3, m.role() == ChatMessage.Role.USER ? "user" : "assistant");
                ps.setString(4, ContentBlockJson.toJsonString(m.content()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void update(long sessionId, String assignment, String value) {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE agent_sessions SET " + assignment + ", updated_at = ? WHERE id = ?")) {
                ps.setString(1, value);
                ps.setString(2, clock.instant().toString());
                ps.setLong(3, sessionId);
                return ps.executeUpdate();
            }
        });
    }

    private SessionInfo insert(Connection c, String key, String agent, String channel, String peer) throws SQLException {
        String now = clock.instant().toString();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO agent_sessions (session_key, agent, channel, peer, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, key);
            ps.setString(2, agent);
            ps.setString(3, channel);
            ps.setString(4, peer);
            ps.setString(5, now);
            ps.setString(6, now);
            ps.executeUpdate();
            long id = generatedId(ps);
            Instant t = Instant.parse(now);
            return new SessionInfo(id, key, agent, channel, peer, t, t, null, null, null, 0, 0, 0);
        }
    }

    private static long generatedId(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.getGeneratedKeys()) {
            if (!rs.next()) throw new SQLException("no generated key returned");
            return rs.getLong(1);
        }
    }

    private static Optional<SessionInfo> active(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM agent_sessions WHERE session_key = ? AND archived_at IS NULL")) {
            ps.setString(1, key);
            return one(ps);
        }
    }

    private static Optional<SessionInfo> one(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(map(rs)) : Optional.empty();
        }
    }

    private static SessionInfo map(ResultSet rs) throws SQLException {
        String archived = rs.getString(8);
        return new SessionInfo(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                Instant.parse(rs.getString(6)), Instant.parse(rs.getString(7)), archived == null ? null : Instant.parse(archived),
                rs.getString(9), rs.getString(10), rs.getInt(11), rs.getLong(12), rs.getLong(13));
    }

    private static final class StoredTurnBuilder {
        final int seq;
        final Instant started;
        final Instant completed;
        final String model;
        final long in;
        final long out;
        final List<ChatMessage> messages = new ArrayList<>();

        StoredTurnBuilder(int seq, Instant started, Instant completed, String model, long in, long out) {
            this.seq = seq;
            this.started = started;
            this.completed = completed;
            this.model = model;
            this.in = in;
            this.out = out;
        }

        StoredTurn build() {
            return new StoredTurn(seq, started, completed, model, in, out, messages);
        }
    }
}
