package dev.clawdbot.core.tool;

/**
 * What a tool returns to the model. {@code untrusted} marks content from outside (web pages, command
 * output) that the gateway wraps in untrusted-content markers before the model sees it.
 */
public record ToolResult(String content, boolean isError, boolean untrusted) {
    public ToolResult {
        content = content == null ? "" : content;
    }

    public static ToolResult ok(String content) {
        return new ToolResult(content, false, false);
    }

    public static ToolResult untrusted(String content) {
        return new ToolResult(content, false, true);
    }

    public static ToolResult error(String message) {
        return new ToolResult(message, true, false);
    }
}
