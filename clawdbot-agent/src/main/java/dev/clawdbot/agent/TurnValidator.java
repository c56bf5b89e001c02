package dev.clawdbot.agent;

import dev.clawdbot.llm.ChatMessage;
import dev.clawdbot.llm.ContentBlock;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks that a turn can be replayed to a model: it starts with a user message, roles alternate, every
 * tool_use is answered by a tool_result in the next message, no tool_result lacks its call, and it ends with an
 * assistant message that calls no tool.
 */
public final class TurnValidator {

    private TurnValidator() {
    }

    /** Null when the turn is valid, else what is wrong with it. */
    public static String problem(List<ChatMessage> messages) {
        if (messages.isEmpty()) return "turn has no messages";
        if (messages.getFirst().role() != ChatMessage.Role.USER) return "turn does not start with a user message";
        Set<String> open = new HashSet<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < messages.size(); i++) {
            ChatMessage m = messages.get(i);
            if (i > 0 && m.role() == messages.get(i - 1).role()) return "message " + (i + 1) + " repeats role " + m.role();
            if (m.role() == ChatMessage.Role.USER) {
                for (ContentBlock b : m.content()) {
                    if (b instanceof ContentBlock.ToolResult r && !open.remove(r.toolUseId())) {
                        return "tool_result for " + r.toolUseId() + " without a matching tool_use";
                    }
                    if (b instanceof ContentBlock.ToolUse) return "tool_use in a user message";
                }
                if (!open.isEmpty()) return "tool_use " + open.iterator().next() + " has no tool_result";
            } else {
                if (!open.isEmpty()) return "tool_use " + open.iterator().next() + " has no tool_result";
                for (ContentBlock b : m.content()) {
                    if (b instanceof ContentBlock.ToolUse u) {
                        if (!seen.add(u.id())) return "duplicate tool_use id " + u.id();
                        open.add(u.id());
                    }
                    if (b instanceof ContentBlock.ToolResult) return "tool_result in an assistant message";
                }
            }
        }
        ChatMessage last = messages.getLast();
        if (last.role() != ChatMessage.Role.ASSISTANT) return "turn does not end with an assistant message";
        if (!open.isEmpty()) return "tool_use " + open.iterator().next() + " has no tool_result";
        return null;
    }
}
