package dev.clawdbot.broker;

import dev.clawdbot.broker.request.HostChangeRequest;
import dev.clawdbot.broker.request.RequestState;
import dev.clawdbot.broker.request.RequestView;
import dev.clawdbot.broker.request.RequestCodec;
import dev.clawdbot.core.outbox.Lifecycle;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.JdbcRunner;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Persistence of requests, their transitions, executions and consumed operator messages. A state moves only as
 * {@link RequestState#canMoveTo} allows, by compare-and-set on the stored state, so of two racing answers one wins.
 */
final class RequestStore {

    private static final Set<String> UPDATABLE = Set.of("risk", "assessment", "approved_hash", "approved_by", "result",
            "outbound_msg_id", "reminder_sent", "requester_notified", "otp_used");

    private final JdbcRunner jdbc;

    RequestStore(Database db) {
        this.jdbc = new JdbcRunner(db);
    }

    /** Inserts a new request in state received; false when this intake key was already taken in (a rescan after a crash). */
    boolean insert(String id, String intakeKey, HostChangeRequest r, String token, String otpHash, Instant now, Instant expires,
                   String parentId, String actor) {
        String actions = RequestCodec.actionsJson(r.actions());
        return jdbc.inTransaction(tx -> {
            if (tx.exists("SELECT 1 FROM broker_requests WHERE intake_key = ?", intakeKey)) return false;
            tx.execute("INSERT INTO broker_requests (id, intake_key, requester, summary, rationale, urgency,"
                            + " actions_json, action_hash, parent_id, state, token, otp_hash, created_at, updated_at, expires_at_ms, requester_session)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    id, intakeKey, r.requester(), r.summary(), r.rationale(), r.urgency().name(), actions, RequestCodec.sha256(actions),
                    parentId, RequestState.RECEIVED.wire(), token, otpHash, now.toString(), now.toString(), expires.toEpochMilli(), r.session());
            logTransition(tx, id, null, RequestState.RECEIVED, actor, "request received", now);
            return true;
        });
    }

    /**
     * Moves a request from one of {@code from} to {@code to}, setting {@code columns} in the same transaction.
     * False when the request is no longer in one of {@code from}: someone else's transition won (first answer wins).
     * {@link IllegalStateException}, with nothing written, when a move from one of {@code from} to {@code to} is
     * not allowed.
     */
    boolean transition(String id, Collection<RequestState> from, RequestState to, String actor, String reason, Instant now,
                       Map<String, Object> columns) {
        for (RequestState f : from) Lifecycle.requireMove(f, to);
        return jdbc.inTransaction(tx -> {
            RequestState current = tx.queryOne("SELECT state FROM broker_requests WHERE id = ?", rs -> RequestState.fromWire(rs.getString(1)), id)
                    .orElse(null);
            if (current == null || !from.contains(current)) return false;
            // The state in the WHERE clause: a racing transaction that read the same state and committed first wins.
            if (update(tx, id, current, to, now, columns) != 1) return false;
            logTransition(tx, id, current, to, actor, reason, now);
            return true;
        });
    }

    /** Updates bookkeeping columns without a state change. */
    void set(String id, Map<String, Object> columns, Instant now) {
        jdbc.inTransaction(tx -> update(tx, id, null, null, now, columns));
    }

    private static int update(JdbcRunner.Tx tx, String id, RequestState from, RequestState to, Instant now, Map<String, Object> columns)
            throws SQLException {
        Map<String, Object> cols = new LinkedHashMap<>(columns);
        if (to != null) cols.put("state", to.wire());
        cols.put("updated_at", now.toString());
        StringBuilder sql = new StringBuilder("UPDATE broker_requests SET ");
        List<Object> args = new ArrayList<>();
        for (Map.Entry<String, Object> e : cols.entrySet()) {
            String k = e.getKey();
            if (!UPDATABLE.contains(k) && !k.equals("state") && !k.equals("updated_at")) throw new IllegalArgumentException("not updatable: " + k);
            sql.append(args.isEmpty() ? "" : ", ").append(k).append(" = ?");
            args.add(e.getValue());
        }
        sql.append(" WHERE id = ?");
        args.add(id);
        if (from != null) {
            sql.append(" AND state = ?");
            args.add(from.wire());
        }
        return tx.execute(sql.toString(), args.toArray());
    }

    private static void logTransition(JdbcRunner.Tx tx, String id, RequestState from, RequestState to, String actor, String reason, Instant now)
            throws SQLException {
        tx.execute("INSERT INTO broker_transitions (request_id, from_state, to_state, actor, reason, at) VALUES (?, ?, ?, ?, ?, ?)",
                id, from == null ? null : from.wire(), to.wire(), actor, reason.length() > 2000 ? reason.substring(0, 2000) : reason, now.toString());
    }

    Optional<RequestView> find(String id) {
        return query("SELECT * FROM broker_requests WHERE id = ?", id).stream().findFirst();
    }

    Optional<RequestView> findByToken(String token) {
        return query("SELECT * FROM broker_requests WHERE token = ?", token).stream().findFirst();
    }

    List<RequestView> inStates(Collection<RequestState> states) {
        List<RequestView> out = new ArrayList<>();
        for (RequestState s : states) out.addAll(query("SELECT * FROM broker_requests WHERE state = ? ORDER BY created_at, id", s.wire()));
        return out;
    }

    /** Finished requests whose requester has not been told yet (a small set: the flag is set right after telling). */
    List<RequestView> finishedUnnotified() {
        List<RequestView> out = new ArrayList<>();
        for (RequestState st : RequestState.TERMINAL) {
            out.addAll(query("SELECT * FROM broker_requests WHERE state = ? AND requester_notified = 0 ORDER BY created_at, id", st.wire()));
        }
        return out;
    }

    List<RequestView> all() {
        return query("SELECT * FROM broker_requests ORDER BY created_at, id");
    }

    /** Bookkeeping flags that are not part of {@link RequestView}. */
    record Flags(boolean operatorNotified, boolean reminderSent, boolean otpUsed) {
    }

    Flags flags(String id) {
        return jdbc.queryOne("SELECT outbound_msg_id, reminder_sent, otp_used FROM broker_requests WHERE id = ?",
                        rs -> new Flags(rs.getString(1) != null, rs.getInt(2) == 1, rs.getInt(3) == 1), id)
                .orElseThrow(() -> new IllegalArgumentException("no request " + id));
    }

    /** A transition row, for {@code request show} and tests. */
    record Transition(RequestState from, RequestState to, String actor, String reason, Instant at) {
    }

    List<Transition> transitions(String id) {
        return jdbc.query("SELECT from_state, to_state, actor, reason, at FROM broker_transitions WHERE request_id = ? ORDER BY id",
                rs -> new Transition(rs.getString(1) == null ? null : RequestState.fromWire(rs.getString(1)),
                        RequestState.fromWire(rs.getString(2)), rs.getString(3), rs.getString(4), Instant.parse(rs.getString(5))), id);
    }

    boolean operatorMessageSeen(String key) {
        return jdbc.exists("SELECT 1 FROM broker_operator_messages WHERE message_key = ?", key);
    }

    /** Records an operator message key (Message-ID, code use); false if it was already consumed, here or by a racing process. */
    boolean consumeOperatorMessage(String key, String requestId, Instant now) {
        return jdbc.write("INSERT INTO broker_operator_messages (message_key, request_id, at) VALUES (?, ?, ?) ON CONFLICT (message_key) DO NOTHING",
                key, requestId, now.toString()) == 1;
    }

    void addTranscript(String requestId, String runId, String trigger, String transcript, Instant now) {
        jdbc.write("INSERT INTO broker_transcripts (request_id, run_id, trigger_kind, transcript, at) VALUES (?, ?, ?, ?, ?)",
                requestId, runId, trigger, transcript, now.toString());
    }

    /** The admin agent transcripts kept with a request, oldest first, each prefixed with its trigger, time and run id. */
    List<String> transcripts(String requestId) {
        return transcriptQuery("request_id = ?", requestId, Integer.MAX_VALUE, true, false);
    }

    /** One admin run's transcript, with its heading; empty when no run has that id. */
    Optional<String> runTranscript(String runId) {
        List<String> t = transcriptQuery("run_id = ?", runId, 1, true, true);
        return t.isEmpty() ? Optional.empty() : Optional.of(t.getFirst());
    }

    /** The headings of the latest admin runs that serve no request, newest first. */
    List<String> unattachedRuns(int limit) {
        return transcriptQuery("request_id IS NULL AND run_id IS NOT NULL", null, limit, false, false);
    }

    private List<String> transcriptQuery(String where, String arg, int limit, boolean withText, boolean showRequest) {
        String order = withText ? "id" : "id DESC";
        String sql = "SELECT trigger_kind, at, run_id, request_id, transcript FROM broker_transcripts WHERE " + where + " ORDER BY " + order
                + " LIMIT ?";
        JdbcRunner.RowMapper<String> row = rs -> {
            String heading = "[" + rs.getString(1) + " " + rs.getString(2) + (rs.getString(3) == null ? "" : " run " + rs.getString(3))
                    + (showRequest && rs.getString(4) != null ? " request " + rs.getString(4) : "") + "]";
            return withText ? heading + "\n" + rs.getString(5) : heading;
        };
        return arg == null ? jdbc.query(sql, row, limit) : jdbc.query(sql, row, arg, limit);
    }

    private List<RequestView> query(String sql, Object... args) {
        return jdbc.query(sql, RequestStore::map, args);
    }

    private static RequestView map(ResultSet rs) throws SQLException {
        HostChangeRequest r = new HostChangeRequest(rs.getString("requester"), rs.getString("summary"), rs.getString("rationale"),
                RequestCodec.actionsFromJson(rs.getString("actions_json")), HostChangeRequest.Urgency.valueOf(rs.getString("urgency")),
                rs.getString("requester_session"));
        return new RequestView(rs.getString("id"), rs.getString("token"), r, RequestState.fromWire(rs.getString("state")),
                rs.getString("risk"), rs.getString("assessment"), rs.getString("action_hash"), rs.getString("approved_hash"),
                rs.getString("approved_by"), rs.getString("parent_id"), Instant.parse(rs.getString("created_at")),
                Instant.parse(rs.getString("updated_at")), Instant.ofEpochMilli(rs.getLong("expires_at_ms")), rs.getString("result"));
    }
}
