package dev.clawdbot.core.tool;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A capability the agent runner may offer a model. Implementations validate their own input and report
 * problems as {@link ToolResult#error} rather than throwing; an exception is treated as an internal error.
 */
public interface Tool {
    ToolSpec spec();

    ToolResult invoke(JsonNode input, ToolContext context) throws Exception;
}
