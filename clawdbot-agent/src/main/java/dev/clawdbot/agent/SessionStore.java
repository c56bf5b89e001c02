package dev.clawdbot.agent;

import dev.clawdbot.core.chat.Reply;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.JdbcRunner;
import dev.clawdbot.core.storage.StorageException;
import dev.clawdbot.llm.ChatMessage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
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
    private final JdbcRunner jdbc;
    private final Clock clock;
    private final GroupCommit commits;

    /** The external content the guard withheld from this database's sessions (the operator's view). */
    public WithheldContent withheld() {
        return new WithheldContent(db, clock);
    }

    /** Turns the session doctor took out of replay because they would not replay to a model. */
    public QuarantinedTurns quarantined() {
        return new QuarantinedTurns(db, clock);
    }

    public SessionStore(Database db, Clock clock) {
        this(db, clock, null);
    }

    /** With {@code commits}, turns are written by group commit (the gateway's store); else each in its own transaction. */
    SessionStore(Database db, Clock clock, GroupCommit commits) {
        this.db = Objects.requireNonNull(db, "db");
        this.jdbc = new JdbcRunner(db);
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
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM agent_sessions WHERE id = ?", SessionStore::map, id);
    }

    /** All sessions, archived ones included when asked, oldest first. */
    public List<SessionInfo> list(boolean includeArchived) {
        return jdbc.query("SELECT " + COLUMNS + " FROM agent_sessions" + (includeArchived ? "" : " WHERE archived_at IS NULL") + " ORDER BY id",
                SessionStore::map);
    }

    /** Every session stored under this key, the active one last. */
    public List<SessionInfo> history(String key) {
        return jdbc.query("SELECT " + COLUMNS + " FROM agent_sessions WHERE session_key = ? ORDER BY id", SessionStore::map, key);
    }

    /** Archives the active session for the key (if any) and starts a new one, in one transaction. */
    public SessionInfo reset(String agent, String channel, String peer) {
        String key = SessionInfo.key(agent, channel, peer);
        return db.inTransaction(c -> {
            String now = clock.instant().toString();
            JdbcRunner.on(c).execute("UPDATE agent_sessions SET archived_at = ?, updated_at = ? WHERE session_key = ? AND archived_at IS NULL",
                    now, now, key);
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
        // One row per message; the mapper folds them into their turns.
        JdbcRunner.on(c).query("SELECT t.id, t.seq, t.started_at, t.completed_at, t.model, t.input_tokens, t.output_tokens, m.role, m.content "
                + "FROM agent_turns t JOIN agent_messages m ON m.turn_id = t.id "
                + "WHERE t.session_id = ? AND t.seq > ? ORDER BY t.seq, m.seq", rs -> {
            StoredTurnBuilder b = turns.get(rs.getLong(1));
            if (b == null) {
                b = new StoredTurnBuilder(rs.getInt(2), Instant.parse(rs.getString(3)), Instant.parse(rs.getString(4)),
                        rs.getString(5), rs.getLong(6), rs.getLong(7));
                turns.put(rs.getLong(1), b);
            }
            ChatMessage.Role role = "user".equals(rs.getString(8)) ? ChatMessage.Role.USER : ChatMessage.Role.ASSISTANT;
            b.messages.add(new ChatMessage(role, ContentBlockJson.blocksFromJsonString(rs.getString(9))));
            return null;
        }, sessionId, afterSeq);
        return turns.values().stream().map(StoredTurnBuilder::build).toList();
    }

    public int turnCount(long sessionId) {
        return (int) jdbc.count("SELECT COUNT(*) FROM agent_turns WHERE session_id = ?", sessionId);
    }

    /**
     * Commits one complete turn atomically and adds its tokens to the session's counters. Returns the turn's
     * seq. Throws {@link IllegalArgumentException} (and writes nothing) when the turn is not complete and valid.
     */
    public int commitTurn(long sessionId, Instant startedAt, String model, long inputTokens, long outputTokens,
                          List<ChatMessage> messages) {
        return commitTurn(new NewTurn(sessionId, startedAt, model, inputTokens, outputTokens, messages));
    }

    /** {@link #commitTurn(long, Instant, String, long, long, List)} with its arguments named. */
    public int commitTurn(NewTurn turn) {
        String problem = TurnValidator.problem(turn.messages());
        if (problem != null) throw new IllegalArgumentException("refusing to store an incomplete turn: " + problem);
        Instant now = clock.instant();
        return writeTurn(c -> insertTurn(JdbcRunner.on(c), turn, now, true));
    }

    /** A complete turn to store: its session, when it started, the model that answered, its tokens and its messages. */
    public record NewTurn(long sessionId, Instant startedAt, String model, long inputTokens, long outputTokens, List<ChatMessage> messages) {
        public NewTurn {
            Objects.requireNonNull(startedAt, "startedAt");
            messages = List.copyOf(messages);
        }
    }

    /** A channel's id for one inbound message ({@code key}) of one agent: the turn it caused is committed once. */
    record MessageKey(String agent, String channel, String key) {
        MessageKey {
            Objects.requireNonNull(agent, "agent");
            Objects.requireNonNull(channel, "channel");
            Objects.requireNonNull(key, "key");
        }
    }

    /** Outcome of {@link #commitTurnOnce}: the new turn's seq, or the reply committed earlier under the same key. */
    record Commit(int seq, Reply earlier) {
    }

    /**
     * Commits the turn like {@link #commitTurn} and, in the same transaction, records the channel's message id
     * with the reply delivered for it. When that id is already committed, writes nothing and returns the reply
     * stored with it, so a message is never committed twice.
     */
    Commit commitTurnOnce(NewTurn turn, String sessionKey, MessageKey message, String reply) {
        String problem = TurnValidator.problem(turn.messages());
        if (problem != null) throw new IllegalArgumentException("refusing to store an incomplete turn: " + problem);
        Instant now = clock.instant();
        try {
            return writeTurn(c -> {
                JdbcRunner.Tx tx = JdbcRunner.on(c);
                Optional<Reply> earlier = committedReply(tx, message);
                if (earlier.isPresent()) return new Commit(0, earlier.get());
                int seq = insertTurn(tx, turn, now, true);
                tx.execute("INSERT INTO agent_idempotency (agent, channel, idempotency_key, turn_id, session_key, reply, created_at)"
                                + " SELECT ?, ?, ?, id, ?, ?, ? FROM agent_turns WHERE session_id = ? AND seq = ?",
                        message.agent(), message.channel(), message.key(), sessionKey, reply, now.toString(), turn.sessionId(), seq);
                return new Commit(seq, null);
            });
        } catch (StorageException e) {
            // Another process committed the same key concurrently (PostgreSQL: unique violation): its turn stands.
            Optional<Reply> earlier = committedReply(message.agent(), message.channel(), message.key());
            if (earlier.isPresent()) return new Commit(0, earlier.get());
            throw e;
        }
    }

    /** The reply committed for a channel's message id, if any. */
    public Optional<Reply> committedReply(String agent, String channel, String key) {
        return db.withConnection(c -> committedReply(JdbcRunner.on(c), new MessageKey(agent, channel, key)));
    }

    private static Optional<Reply> committedReply(JdbcRunner.Tx tx, MessageKey message) throws SQLException {
        return tx.queryOne("SELECT i.session_key, i.reply, t.model, t.input_tokens, t.output_tokens "
                        + "FROM agent_idempotency i JOIN agent_turns t ON t.id = i.turn_id "
                        + "WHERE i.agent = ? AND i.channel = ? AND i.idempotency_key = ?",
                rs -> new Reply(rs.getString(1), rs.getString(2), rs.getString(3), false, rs.getLong(4), rs.getLong(5)),
                message.agent(), message.channel(), message.key());
    }

    public void setModelOverride(long sessionId, String model) {
        update(sessionId, "model_override = ?", model);
    }

    /** Stores a compaction summary covering every turn up to and including {@code throughSeq}. */
    public void storeCompaction(long sessionId, String summary, int throughSeq) {
        jdbc.write("UPDATE agent_sessions SET summary = ?, compacted_through = ?, updated_at = ? WHERE id = ?",
                summary, throughSeq, clock.instant().toString(), sessionId);
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
            JdbcRunner.Tx tx = JdbcRunner.on(c);
            long id = tx.insert("INSERT INTO agent_sessions (session_key, agent, channel, peer, created_at, updated_at, archived_at,"
                            + " model_override, summary, compacted_through, input_tokens, output_tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    s.key(), s.agent(), s.channel(), s.peer(), s.createdAt().toString(), s.updatedAt().toString(),
                    archived == null ? null : archived.toString(), s.modelOverride(), s.summary(), s.compactedThrough(), s.inputTokens(),
                    s.outputTokens());
            for (StoredTurn t : turns) insertTurnAt(tx, id, t);
            return tx.queryOne("SELECT " + COLUMNS + " FROM agent_sessions WHERE id = ?", SessionStore::map, id).orElseThrow();
        });
    }

    private static int insertTurn(JdbcRunner.Tx tx, NewTurn t, Instant completedAt, boolean countTokens) throws SQLException {
        int seq = (int) tx.count("SELECT COALESCE(MAX(seq), 0) FROM agent_turns WHERE session_id = ?", t.sessionId()) + 1;
        insertTurnAt(tx, t.sessionId(), new StoredTurn(seq, t.startedAt(), completedAt, t.model(), t.inputTokens(), t.outputTokens(), t.messages()));
        if (countTokens && tx.execute("UPDATE agent_sessions SET input_tokens = input_tokens + ?, output_tokens = output_tokens + ?, updated_at = ?"
                + " WHERE id = ?", t.inputTokens(), t.outputTokens(), completedAt.toString(), t.sessionId()) != 1) {
            throw new SQLException("session " + t.sessionId() + " does not exist");
        }
        return seq;
    }

    private static void insertTurnAt(JdbcRunner.Tx tx, long sessionId, StoredTurn t) throws SQLException {
        long turnId = tx.insert("INSERT INTO agent_turns (session_id, seq, started_at, completed_at, model, input_tokens, output_tokens)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)",
                sessionId, t.seq(), t.startedAt().toString(), t.completedAt().toString(), t.model(), t.inputTokens(), t.outputTokens());
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < t.messages().size(); i++) {
            ChatMessage m = t.messages().get(i);
            rows.add(new Object[] {turnId, i + 1, m.role() == ChatMessage.Role.USER ? "user" : "assistant", ContentBlockJson.toJsonString(m.content())});
        }
        tx.batch("INSERT INTO agent_messages (turn_id, seq, role, content) VALUES (?, ?, ?, ?)", rows);
    }

    private void update(long sessionId, String assignment, String value) {
        jdbc.write("UPDATE agent_sessions SET " + assignment + ", updated_at = ? WHERE id = ?", value, clock.instant().toString(), sessionId);
    }

    private SessionInfo insert(Connection c, String key, String agent, String channel, String peer) throws SQLException {
        String now = clock.instant().toString();
        long id = JdbcRunner.on(c).insert("INSERT INTO agent_sessions (session_key, agent, channel, peer, created_at, updated_at) "
                + "VALUES (?, ?, ?, ?, ?, ?)", key, agent, channel, peer, now, now);
        Instant t = Instant.parse(now);
        return new SessionInfo(id, key, agent, channel, peer, t, t, null, null, null, 0, 0, 0);
    }

    private static Optional<SessionInfo> active(Connection c, String key) throws SQLException {
        return JdbcRunner.on(c).queryOne("SELECT " + COLUMNS + " FROM agent_sessions WHERE session_key = ? AND archived_at IS NULL",
                SessionStore::map, key);
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
