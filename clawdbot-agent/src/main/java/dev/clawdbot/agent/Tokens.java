package dev.clawdbot.agent;

import dev.clawdbot.core.tool.ToolSpec;
import dev.clawdbot.llm.ChatMessage;
import dev.clawdbot.llm.ContentBlock;

import java.util.List;

/** A cheap token estimate (about four characters per token), good enough for compaction decisions and /status. */
final class Tokens {

    private Tokens() {
    }

    static int estimate(String text) {
        return text == null ? 0 : (text.length() + 3) / 4;
    }

    /** {@code toolChars}: what the offered tool specs add, from {@link ToolRegistry#chars}. */
    static long estimate(String system, List<ChatMessage> messages, long toolChars) {
        long chars = system.length() + toolChars;
        for (ChatMessage m : messages) chars += chars(m);
        return (chars + 3) / 4;
    }

    static long chars(ToolSpec t) {
        return t.name().length() + t.description().length() + t.inputSchema().toString().length();
    }

    static long chars(ChatMessage m) {
        long n = 8;
        for (ContentBlock b : m.content()) {
            n += switch (b) {
                case ContentBlock.Text t -> t.text().length();
                case ContentBlock.ToolUse u -> u.name().length() + u.input().toString().length() + 20;
                case ContentBlock.ToolResult r -> r.content().length() + 20;
                case ContentBlock.Thinking t -> t.thinking() == null ? 0 : t.thinking().length();
            };
        }
        return n;
    }
}
