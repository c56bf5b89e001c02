package dev.clawdbot.fleet.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clawdbot.core.tool.Tool;
import dev.clawdbot.core.tool.ToolContext;
import dev.clawdbot.core.tool.ToolResult;
import dev.clawdbot.core.tool.ToolSpec;

/**
 * {@code host_check}: one read-only probe on one managed host, for the admin agent. The model picks a host from the
 * inventory and a probe by name; it never supplies a command, and the only number it may give is the journal's
 * entry count (1..500). The result is the parsed observation as JSON, marked untrusted (it holds remote text:
 * journal messages, container and unit names). Changes still go through the broker.
 */
public final class HostCheckTool implements Tool {
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final RemoteHost remote;

    public HostCheckTool(RemoteHost remote) {
        this.remote = remote;
    }

    @Override
    public ToolSpec spec() {
        ObjectNode schema = JSON.createObjectNode().put("type", "object");
        ObjectNode props = schema.putObject("properties");
        ArrayNode hosts = props.putObject("host").put("type", "string").put("description", "a managed host").putArray("enum");
        remote.inventory().hosts().keySet().forEach(hosts::add);
        ArrayNode probes = props.putObject("probe").put("type", "string").putArray("enum");
        ReadOnlyOp.all().forEach(op -> probes.add(op.label()));
        props.putObject("lines").put("type", "integer").put("minimum", 1).put("maximum", 500)
                .put("description", "journal-errors only: how many recent entries (default 50)");
        schema.putArray("required").add("host").add("probe");
        schema.put("additionalProperties", false);
        return new ToolSpec("host_check", "Run one read-only probe on a managed host over SSH: disk, inodes, load, memory, failed-units, "
                + "containers, container-stats, journal-errors, gpu, ports, updates, dangling-images, dangling-volumes, images, sshd or accounts. Returns the status (OK, WARN, NOT_AVAILABLE, FAIL, UNREACHABLE), "
                + "a summary and the parsed figures. Read-only: it cannot change anything.", schema);
    }

    @Override
    public ToolResult invoke(JsonNode input, ToolContext context) {
        String host = input.path("host").asText("");
        if (!remote.inventory().hosts().containsKey(host)) {
            return ToolResult.error("unknown host '" + Text.clip(host, 64) + "'; the hosts are " + String.join(", ", remote.inventory().hosts().keySet()));
        }
        ReadOnlyOp op;
        try {
            ReadOnlyOp.Kind kind = ReadOnlyOp.kindOf(input.path("probe").asText(""));
            JsonNode lines = input.path("lines");
            if (!lines.isMissingNode() && !lines.canConvertToInt()) return ToolResult.error("lines: an integer 1..500");
            op = new ReadOnlyOp(kind, lines.isMissingNode() ? ReadOnlyOp.DEFAULT_LINES : lines.asInt());
        } catch (IllegalArgumentException e) {
            return ToolResult.error(e.getMessage());
        }
        OpResult r = remote.run(host, op);
        ObjectNode out = JSON.createObjectNode().put("host", host).put("probe", op.label()).put("status", r.status().name())
                .put("summary", r.summary());
        if (r.observation() != null) out.set("figures", JSON.valueToTree(r.observation()));
        return ToolResult.untrusted(out.toString());
    }
}
