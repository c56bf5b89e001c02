package dev.clawdbot.llm;

import java.util.List;
import java.util.Objects;

/** A message in a conversation sent to a model. Tool results travel in {@link Role#USER} messages. */
public record ChatMessage(Role role, List<ContentBlock> content) {

    public enum Role { USER, ASSISTANT }

    public ChatMessage {
        Objects.requireNonNull(role, "role");
        content = List.copyOf(content);
    }

    public static ChatMessage user(String text) {
        return new ChatMessage(Role.USER, List.of(new ContentBlock.Text(text)));
    }

    public static ChatMessage assistant(String text) {
        return new ChatMessage(Role.ASSISTANT, List.of(new ContentBlock.Text(text)));
    }

    /** The concatenated text blocks. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (ContentBlock b : content) if (b instanceof ContentBlock.Text t) sb.append(t.text());
        return sb.toString();
    }
}
