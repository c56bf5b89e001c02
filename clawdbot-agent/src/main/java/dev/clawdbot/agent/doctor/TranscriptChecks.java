package dev.clawdbot.agent.doctor;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the records of one transcript for tool calls without results, results without calls, and parent links
 * to records that do not precede them. Understands Clawdbot's export ({@code session}/{@code turn} records),
 * OpenClaw's session JSONL ({@code id}/{@code parentId}, {@code toolCall} blocks, {@code toolResult} messages) and
 * Claude Code's transcripts ({@code uuid}/{@code parentUuid}, {@code tool_use}/{@code tool_result} blocks).
 */
final class TranscriptChecks {

    /** A record with the line it came from. */
    record Numbered(int line, JsonNode record) {
    }

    /** Findings, and the line of a tool call left open by the last record (a torn turn at the tail), or 0. */
    record Result(List<TranscriptDefect> findings, int openCallAtTailLine) {
    }

    private TranscriptChecks() {
    }

    static Result check(String where, List<Numbered> records) {
        List<TranscriptDefect> findings = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Map<String, Integer> openCalls = new LinkedHashMap<>();
        Set<String> answered = new HashSet<>();
        for (Numbered n : records) {
            JsonNode r = n.record();
            String parent = parentOf(r);
            if (parent != null && !ids.contains(parent)) {
                findings.add(new TranscriptDefect(where, n.line(), TranscriptDefect.Kind.BROKEN_PARENT_LINK, "parent " + parent + " is not defined before this record"));
            }
            for (JsonNode m : messagesOf(r)) {
                if ("toolResult".equals(m.path("role").asText()) && m.hasNonNull("toolCallId")) {
                    result(where, n.line(), m.get("toolCallId").asText(), openCalls, answered, findings);
                }
                JsonNode content = m.path("content");
                if (!content.isArray()) continue;
                for (JsonNode b : content) {
                    String type = b.path("type").asText();
                    switch (type) {
                        case "tool_use", "toolCall" -> {
                            if (b.hasNonNull("id")) openCalls.put(b.get("id").asText(), n.line());
                        }
                        case "tool_result" -> result(where, n.line(), b.path("tool_use_id").asText(""), openCalls, answered, findings);
                        case "toolResult" -> result(where, n.line(), b.path("toolCallId").asText(b.path("toolUseId").asText("")),
                                openCalls, answered, findings);
                        default -> { }
                    }
                }
            }
            String id = idOf(r);
            if (id != null) ids.add(id);
        }
        int lastLine = records.isEmpty() ? 0 : records.getLast().line();
        int openAtTail = 0;
        for (Map.Entry<String, Integer> e : openCalls.entrySet()) {
            findings.add(new TranscriptDefect(where, e.getValue(), TranscriptDefect.Kind.TOOL_CALL_WITHOUT_RESULT, "tool call " + e.getKey() + " has no result"));
            if (e.getValue() == lastLine) openAtTail = lastLine;
        }
        findings.sort(java.util.Comparator.comparingInt(TranscriptDefect::line));
        return new Result(findings, openAtTail);
    }

    private static void result(String where, int line, String callId, Map<String, Integer> open, Set<String> answered,
                               List<TranscriptDefect> findings) {
        if (open.remove(callId) != null) {
            answered.add(callId);
        } else {
            findings.add(new TranscriptDefect(where, line, TranscriptDefect.Kind.TOOL_RESULT_WITHOUT_CALL, "tool result for " + (callId.isEmpty() ? "(no id)" : callId)
                    + (answered.contains(callId) ? " answers a call that already has a result" : " has no preceding call")));
        }
    }

    static String idOf(JsonNode r) {
        if (r.hasNonNull("uuid")) return r.get("uuid").asText();
        if ("turn".equals(r.path("type").asText())) return null;
        return r.hasNonNull("id") ? r.get("id").asText() : null;
    }

    static String parentOf(JsonNode r) {
        if (r.hasNonNull("parentUuid")) return r.get("parentUuid").asText();
        if (r.hasNonNull("parentId")) return r.get("parentId").asText();
        if ("turn".equals(r.path("type").asText()) && r.hasNonNull("sessionId")) return r.get("sessionId").asText();
        return null;
    }

    private static List<JsonNode> messagesOf(JsonNode r) {
        if (r.path("message").isObject()) return List.of(r.get("message"));
        List<JsonNode> out = new ArrayList<>();
        if (r.path("messages").isArray()) r.get("messages").forEach(out::add);
        return out;
    }
}
