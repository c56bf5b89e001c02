package dev.clawdbot.core.tool;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/** What a model is told about a tool: its name, what it does, and a JSON Schema for its input. */
public record ToolSpec(String name, String description, ObjectNode inputSchema) {
    public ToolSpec {
        Objects.requireNonNull(name, "name");
        if (!name.matches("[a-zA-Z0-9_-]{1,64}")) throw new IllegalArgumentException("invalid tool name: " + name);
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(inputSchema, "inputSchema");
    }
}
