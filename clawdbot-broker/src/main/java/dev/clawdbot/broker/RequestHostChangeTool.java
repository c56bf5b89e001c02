package dev.clawdbot.broker;

import dev.clawdbot.broker.request.HostChangeRequest;
import dev.clawdbot.broker.request.ProposedAction;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clawdbot.broker.request.RequestCodec;
import dev.clawdbot.broker.spool.SpoolIntake;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.tool.Tool;
import dev.clawdbot.core.tool.ToolContext;
import dev.clawdbot.core.tool.ToolResult;
import dev.clawdbot.core.tool.ToolSpec;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The user agent's only way to ask for a host change: it files a request in the broker spool. The requester
 * is the calling agent's id from the tool context, never a value the model supplies. Filing changes nothing
 * on the host; the operator decides and the outcome comes back as a bridge note.
 */
public final class RequestHostChangeTool implements Tool {

    private final SpoolIntake spool;

    public RequestHostChangeTool(Path spoolDir, Clock clock) {
        this.spool = new SpoolIntake(spoolDir, EventSink.NONE, clock);
    }

    @Override
    public ToolSpec spec() {
        ObjectNode schema = RequestCodec.mapper().createObjectNode();
        schema.put("type", "object");
        ObjectNode props = schema.putObject("properties");
        props.putObject("summary").put("type", "string").put("description", "one line, what should change");
        props.putObject("rationale").put("type", "string").put("description", "why it is needed");
        props.putObject("urgency").put("type", "string").putArray("enum").add("low").add("normal").add("high").add("critical");
        ObjectNode action = props.putObject("actions").put("type", "array").put("minItems", 1).putObject("items");
        action.put("type", "object");
        ObjectNode ap = action.putObject("properties");
        ap.putObject("type").put("type", "string").putArray("enum").add("command").add("file").add("container");
        ap.putObject("host").put("type", "string").put("description", "managed host, default local");
        ap.putObject("argv").put("type", "array").put("description", "command as argv, no shell").putObject("items").put("type", "string");
        ap.putObject("path").put("type", "string");
        ap.putObject("content").put("type", "string");
        ap.putObject("mode").put("type", "string");
        ap.putObject("container").put("type", "string");
        ap.putObject("operation").put("type", "string");
        action.putArray("required").add("type");
        action.put("additionalProperties", false);
        ArrayNode req = schema.putArray("required");
        req.add("summary").add("rationale").add("actions");
        schema.put("additionalProperties", false);
        return new ToolSpec("request_host_change", "Ask the operator for a change on the host you cannot make yourself: give the exact "
                + "commands (argv), files or containers. Nothing happens until a human approves; the result arrives as a bridge note.", schema);
    }

    @Override
    public ToolResult invoke(JsonNode input, ToolContext context) throws Exception {
        if (input == null || !input.isObject()) return ToolResult.error("input must be an object with summary, rationale and actions");
        if (input.has("requester")) return ToolResult.error("requester is set by the system, not by the caller");
        if (input.has("session")) return ToolResult.error("session is set by the system, not by the caller");
        List<ProposedAction> actions = new ArrayList<>();
        HostChangeRequest r;
        try {
            for (JsonNode a : input.path("actions")) actions.add(RequestCodec.mapper().treeToValue(a, ProposedAction.class));
            HostChangeRequest.Urgency urgency = input.hasNonNull("urgency")
                    ? HostChangeRequest.Urgency.valueOf(input.get("urgency").asText().toUpperCase(java.util.Locale.ROOT)) : null;
            r = new HostChangeRequest(context.agentId(), input.path("summary").asText(null), input.path("rationale").asText(null), actions, urgency,
                    context.sessionKey());
        } catch (IllegalArgumentException | com.fasterxml.jackson.core.JsonProcessingException e) {
            String m = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            return ToolResult.error("request not filed: " + m);
        }
        String file = spool.submit(r);
        return ToolResult.ok("Request filed (" + file + ") for operator approval. Nothing has changed yet; this conversation will get a bridge note with the outcome.");
    }
}
