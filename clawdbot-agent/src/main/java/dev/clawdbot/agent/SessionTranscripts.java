package dev.clawdbot.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clawdbot.llm.ChatMessage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Clawdbot's JSONL session export: one {@code {"type":"session",...}} line per session followed by one
 * {@code {"type":"turn","sessionId":...,"messages":[...]}} line per turn. A whole turn is one line, so a torn
 * write can lose a turn but never leave half of one.
 */
public final class SessionTranscripts {

    public static final String FORMAT = "clawdbot-session/1";

    private SessionTranscripts() {
    }

    /** Writes the sessions (with their turns) as JSONL; returns the number of turn lines written. */
    public static int export(SessionStore store, List<SessionInfo> sessions, Writer out) throws IOException {
        int turns = 0;
        for (SessionInfo s : sessions) {
            out.write(ContentBlockJson.MAPPER.writeValueAsString(sessionRecord(s)));
            out.write('\n');
            for (StoredTurn t : store.turnsAfter(s.id(), 0)) {
                out.write(ContentBlockJson.MAPPER.writeValueAsString(turnRecord(s.id(), t)));
                out.write('\n');
                turns++;
            }
        }
        out.flush();
        return turns;
    }

    /** A session and its turns as read from an export. */
    public record Imported(SessionInfo session, List<StoredTurn> turns) {
    }

    /**
     * Parses a whole export, checking every line; throws {@link IllegalArgumentException} naming the line on the
     * first problem, so that nothing is imported from a damaged file (run {@code sessions doctor --fix} first).
     */
    public static List<Imported> parse(BufferedReader in) throws IOException {
        Map<String, SessionInfo> sessions = new LinkedHashMap<>();
        Map<String, List<StoredTurn>> turns = new LinkedHashMap<>();
        String line;
        int n = 0;
        while ((line = in.readLine()) != null) {
            n++;
            if (line.isBlank()) continue;
            try {
                JsonNode r = ContentBlockJson.MAPPER.readTree(line);
                switch (r.path("type").asText("")) {
                    case "session" -> {
                        if (!FORMAT.equals(r.path("format").asText())) {
                            throw new IllegalArgumentException("unsupported format '" + r.path("format").asText() + "', expected " + FORMAT);
                        }
                        String id = text(r, "id");
                        if (sessions.containsKey(id)) throw new IllegalArgumentException("session id " + id + " appears twice");
                        sessions.put(id, session(r));
                        turns.put(id, new ArrayList<>());
                    }
                    case "turn" -> {
                        String sid = text(r, "sessionId");
                        List<StoredTurn> list = turns.get(sid);
                        if (list == null) throw new IllegalArgumentException("turn refers to session " + sid + " which is not defined above it");
                        StoredTurn t = turn(r);
                        if (!list.isEmpty() && t.seq() <= list.getLast().seq()) {
                            throw new IllegalArgumentException("turn seq " + t.seq() + " does not follow " + list.getLast().seq());
                        }
                        String problem = TurnValidator.problem(t.messages());
                        if (problem != null) throw new IllegalArgumentException("invalid turn: " + problem);
                        list.add(t);
                    }
                    default -> throw new IllegalArgumentException("unknown record type '" + r.path("type").asText() + "'");
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalArgumentException("line " + n + ": not valid JSON: " + e.getOriginalMessage(), e);
            } catch (IllegalArgumentException | NullPointerException | java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("line " + n + ": " + e.getMessage(), e);
            }
        }
        List<Imported> out = new ArrayList<>();
        sessions.forEach((id, s) -> out.add(new Imported(s, turns.get(id))));
        return out;
    }

    static ObjectNode sessionRecord(SessionInfo s) {
        ObjectNode n = ContentBlockJson.MAPPER.createObjectNode();
        n.put("type", "session").put("format", FORMAT).put("id", String.valueOf(s.id())).put("key", s.key())
                .put("agent", s.agent()).put("channel", s.channel()).put("peer", s.peer())
                .put("createdAt", s.createdAt().toString()).put("updatedAt", s.updatedAt().toString())
                .put("archivedAt", s.archivedAt() == null ? null : s.archivedAt().toString())
                .put("modelOverride", s.modelOverride()).put("summary", s.summary())
                .put("compactedThrough", s.compactedThrough()).put("inputTokens", s.inputTokens()).put("outputTokens", s.outputTokens());
        return n;
    }

    static ObjectNode turnRecord(long sessionId, StoredTurn t) {
        ObjectNode n = ContentBlockJson.MAPPER.createObjectNode();
        n.put("type", "turn").put("sessionId", String.valueOf(sessionId)).put("seq", t.seq())
                .put("startedAt", t.startedAt().toString()).put("completedAt", t.completedAt().toString())
                .put("model", t.model()).put("inputTokens", t.inputTokens()).put("outputTokens", t.outputTokens());
        ArrayNode msgs = n.putArray("messages");
        for (ChatMessage m : t.messages()) msgs.add(ContentBlockJson.toJson(m));
        return n;
    }

    private static SessionInfo session(JsonNode r) {
        String agent = text(r, "agent");
        String channel = text(r, "channel");
        String peer = text(r, "peer");
        String key = SessionInfo.key(agent, channel, peer);
        if (!key.equals(text(r, "key"))) throw new IllegalArgumentException("key " + text(r, "key") + " does not match agent:channel:peer " + key);
        return new SessionInfo(0, key, agent, channel, peer, Instant.parse(text(r, "createdAt")), Instant.parse(text(r, "updatedAt")),
                r.hasNonNull("archivedAt") ? Instant.parse(r.get("archivedAt").asText()) : null,
                r.hasNonNull("modelOverride") ? r.get("modelOverride").asText() : null,
                r.hasNonNull("summary") ? r.get("summary").asText() : null,
                r.path("compactedThrough").asInt(0), r.path("inputTokens").asLong(0), r.path("outputTokens").asLong(0));
    }

    private static StoredTurn turn(JsonNode r) {
        JsonNode msgs = r.get("messages");
        if (msgs == null || !msgs.isArray()) throw new IllegalArgumentException("turn lacks its messages array");
        List<ChatMessage> messages = new ArrayList<>();
        for (JsonNode m : msgs) messages.add(ContentBlockJson.messageFromJson(m));
        return new StoredTurn(r.path("seq").asInt(), Instant.parse(text(r, "startedAt")), Instant.parse(text(r, "completedAt")),
                r.hasNonNull("model") ? r.get("model").asText() : null, r.path("inputTokens").asLong(0), r.path("outputTokens").asLong(0),
                messages);
    }

    private static String text(JsonNode r, String field) {
        JsonNode v = r.get(field);
        if (v == null || v.isNull() || v.asText().isEmpty()) throw new IllegalArgumentException("missing field '" + field + "'");
        return v.asText();
    }
}
