package dev.clawdbot.broker;

import dev.clawdbot.broker.spool.RequestCodec;
import dev.clawdbot.core.storage.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
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

/** Persistence of requests, their transitions, executions and consumed operator messages. */
final class RequestStore {

    private static final Set<String> UPDATABLE = Set.of("risk", "assessment", "approved_hash", "approved_by", "result",
            "outbound_msg_id", "reminder_sent", "requester_notified", "otp_used");

    private final Database db;

    RequestStore(Database db) {
        this.db = db;
    }

    /** Inserts a new request in state received; false when this intake key was already taken in (a rescan after a crash). */
    boolean insert(String id, String intakeKey, HostChangeRequest r, String token, String otpHash, Instant now, Instant expires,
                   String parentId, String actor) {
        return db.inTransaction(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM broker_requests WHERE intake_key = ?")) {
                q.setString(1, intakeKey);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) return false;
                }
            }
            String actions = RequestCodec.actionsJson(r.actions());
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO broker_requests (id, intake_key, requester, summary, rationale, urgency,"
                    + " actions_json, action_hash, parent_id, state, token, otp_hash, created_at, updated_at, expires_at_ms, requester_session)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ins.setString(1, id);
                ins.setString(2, intakeKey);
                ins.setString(3, r.requester());
                ins.setString(4, r.summary());
                ins.setString(5, r.rationale());
                ins.setString(6, r.urgency().name());
                ins.setString(7, actions);
                ins.setString(8, RequestCodec.sha256(actions));
                ins.setString(9, parentId);
                ins.setString(10, RequestState.RECEIVED.wire());
                ins.setString(11, token);
                ins.setString(12, otpHash);
                ins.setString(13, now.toString());
                ins.setString(14, now.toString());
                ins.setLong(15, expires.toEpochMilli());
                ins.setString(16, r.session());
                ins.executeUpdate();
            }
            logTransition(c, id, null, RequestState.RECEIVED, actor, "request received", now);
            return true;
        });
    }

    /**
     * Moves a request from one of {@code from} to {@code to}, setting {@code columns} in the same transaction.
     * False when the request is no longer in one of {@code from}: someone else's transition won (first answer wins).
     */
    boolean transition(String id, Collection<RequestState> from, RequestState to, String actor, String reason, Instant now,
                       Map<String, Object> columns) {
        return db.inTransaction(c -> {
            RequestState current = currentState(c, id);
            if (current == null || !from.contains(current)) return false;
            update(c, id, to, now, columns);
            logTransition(c, id, current, to, actor, reason, now);
            return true;
        });
    }

    /** Updates bookkeeping columns without a state change. */
    void set(String id, Map<String, Object> columns, Instant now) {
        db.inTransaction(c -> {
            update(c, id, null, now, columns);
            return null;
        });
    }

    private static void update(Connection c, String id, RequestState to, Instant now, Map<String, Object> columns) throws SQLException {
        Map<String, Object> cols = new LinkedHashMap<>(columns);
        if (to != null) cols.put("state", to.wire());
        cols.put("updated_at", now.toString());
        StringBuilder sql = new StringBuilder("UPDATE broker_requests SET ");
        int i = 0;
        for (String k : cols.keySet()) {
            if (!UPDATABLE.contains(k) && !k.equals("state") && !k.equals("updated_at")) throw new IllegalArgumentException("not updatable: " + k);
            sql.append(i++ == 0 ? "" : ", ").append(k).append(" = ?");
        }
        sql.append(" WHERE id = ?");
        try (PreparedStatement u = c.prepareStatement(sql.toString())) {
            int p = 1;
            for (Object v : cols.values()) u.setObject(p++, v instanceof Boolean b ? (b ? 1 : 0) : v);
            u.setString(p, id);
            u.executeUpdate();
        }
    }

    private static RequestState currentState(Connection c, String id) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT state FROM broker_requests WHERE id = ?")) {
            q.setString(1, id);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? RequestState.fromWire(rs.getString(1)) : null;
            }
        }
    }

    private static void logTransition(Connection c, String id, RequestState from, RequestState to, String actor, String reason, Instant now)
            throws SQLException {
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO broker_transitions (request_id, from_state, to_state, actor, reason, at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ins.setString(1, id);
            ins.setString(2, from == null ? null : from.wire());
            ins.setString(3, to.wire());
            ins.setString(4, actor);
            ins.setString(5, reason.length() > 2000 ? reason.substring(0, 2000) : reason);
            ins.setString(6, now.toString());
            ins.executeUpdate();
        }
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
        return db.withConnection(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT outbound_msg_id, reminder_sent, otp_used FROM broker_requests WHERE id = ?")) {
                q.setString(1, id);
                try (ResultSet rs = q.executeQuery()) {
                    if (!rs.next()) throw new IllegalArgumentException("no request " + id);
                    return new Flags(rs.getString(1) != null, rs.getInt(2) == 1, rs.getInt(3) == 1);
                }
            }
        });
    }

    /** A transition row, for {@code request show} and tests. */
    record Transition(RequestState from, RequestState to, String actor, String reason, Instant at) {
    }

    List<Transition> transitions(String id) {
        return db.withConnection(c -> {
            List<Transition> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT from_state, to_state, actor, reason, at FROM broker_transitions WHERE request_id = ? ORDER BY id")) {
                q.setString(1, id);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Transition(rs.getString(1) == null ? null : RequestState.fromWire(rs.getString(1)),
                                RequestState.fromWire(rs.getString(2)), rs.getString(3), rs.getString(4), Instant.parse(rs.getString(5))));
                    }
                }
            }
            return out;
        });
    }

    boolean operatorMessageSeen(String key) {
        return db.withConnection(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM broker_operator_messages WHERE message_key = ?")) {
                q.setString(1, key);
                try (ResultSet rs = q.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Records an operator message key (Message-ID, code use); false if it was already consumed. */
    boolean consumeOperatorMessage(String key, String requestId, Instant now) {
        return db.inTransaction(c -> {
            try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM broker_operator_messages WHERE message_key = ?")) {
                q.setString(1, key);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next()) return false;
                }
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO broker_operator_messages (message_key, request_id, at) VALUES (?, ?, ?)")) {
                ins.setString(1, key);
                ins.setString(2, requestId);
                ins.setString(3, now.toString());
                ins.executeUpdate();
            }
            return true;
        });
    }

    void addTranscript(String requestId, String runId, String trigger, String transcript, Instant now) {
        db.inTransaction(c -> {
            try (PreparedStatement ins = c.prepareStatement(
                    "INSERT INTO broker_transcripts (request_id, run_id, trigger_kind, transcript, at) VALUES (?, ?, ?, ?, ?)")) {
                ins.setString(1, requestId);
                ins.setString(2, runId);
                ins.setString(3, trigger);
                ins.setString(4, transcript);
                ins.setString(5, now.toString());
                ins.executeUpdate();
            }
            return null;
        });
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
        return db.withConnection(c -> {
            List<String> out = new ArrayList<>();
            String order = withText ? "id" : "id DESC";
            try (PreparedStatement q = c.prepareStatement("SELECT trigger_kind, at, run_id, request_id, transcript FROM broker_transcripts WHERE "
                    + where + " ORDER BY " + order)) {
                if (arg != null) q.setString(1, arg);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next() && out.size() < limit) {
                        String heading = "[" + rs.getString(1) + " " + rs.getString(2) + (rs.getString(3) == null ? "" : " run " + rs.getString(3))
                                + (showRequest && rs.getString(4) != null ? " request " + rs.getString(4) : "") + "]";
                        out.add(withText ? heading + "\n" + rs.getString(5) : heading);
                    }
                }
            }
            return out;
        });
    }

    private List<RequestView> query(String sql, Object... args) {
        return db.withConnection(c -> {
            try (PreparedStatement q = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) q.setObject(i + 1, args[i]);
                List<RequestView> out = new ArrayList<>();
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) out.add(map(rs));
                }
                return out;
            }
        });
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
