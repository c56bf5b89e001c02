package dev.clawdbot.sandbox.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.tool.Tool;
import dev.clawdbot.core.tool.ToolContext;
import dev.clawdbot.core.tool.ToolResult;
import dev.clawdbot.sandbox.SandboxEvents;
import dev.clawdbot.sandbox.SandboxUnavailableException;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Clock;
import java.time.Duration;

/** Shared input parsing, schemas and error mapping: bad input becomes a clear {@link ToolResult#error}. */
abstract class ToolSupport implements Tool {

    /** Thrown for invalid tool input; its message goes to the model. */
    static final class BadInput extends Exception {
        BadInput(String message) {
            super(message);
        }
    }

    abstract ToolResult run(JsonNode input, ToolContext context) throws Exception;

    /** Where a refused path is reported; set once by {@link PathRefusals#report} before the tool is used. */
    private volatile EventSink events = EventSink.NONE;
    private volatile Clock clock = Clock.systemUTC();

    final void reportTo(EventSink events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    @Override
    public final ToolResult invoke(JsonNode input, ToolContext context) throws Exception {
        try {
            if (input == null || !input.isObject()) return ToolResult.error(spec().name() + ": input must be a JSON object");
            return run(input, context);
        } catch (PathRefusedException e) {
            // A path out of the workspace is a sandbox violation (a model steered by a page or a file, usually): the
            // operator hears of it. The path itself is untrusted text and stays out of the event.
            events.emit(Event.of(clock.instant(), SandboxEvents.SANDBOX_PATH_REFUSED, context == null || context.caller() == null ? "agent"
                    : context.caller().id(), "tool", spec().name(), "agent", context == null ? "" : String.valueOf(context.agentId())));
            return ToolResult.error(spec().name() + ": " + e.getMessage());
        } catch (BadInput | SandboxUnavailableException e) {
            return ToolResult.error(spec().name() + ": " + e.getMessage());
        } catch (NoSuchFileException e) {
            return ToolResult.error(spec().name() + ": no such file or directory: " + e.getFile());
        } catch (IOException e) {
            return ToolResult.error(spec().name() + ": " + e.getMessage());
        }
    }

    static String string(JsonNode in, String key) throws BadInput {
        JsonNode v = in.get(key);
        if (v == null || v.isNull()) throw new BadInput("'" + key + "' is required");
        if (!v.isTextual()) throw new BadInput("'" + key + "' must be a string");
        return v.asText();
    }

    static String string(JsonNode in, String key, String dflt) throws BadInput {
        JsonNode v = in.get(key);
        return v == null || v.isNull() ? dflt : string(in, key);
    }

    static boolean bool(JsonNode in, String key) throws BadInput {
        JsonNode v = in.get(key);
        if (v == null || v.isNull()) return false;
        if (!v.isBoolean()) throw new BadInput("'" + key + "' must be true or false");
        return v.asBoolean();
    }

    static Duration seconds(JsonNode in, String key, Duration max) throws BadInput {
        JsonNode v = in.get(key);
        if (v == null || v.isNull()) return null;
        if (!v.isNumber() || v.asDouble() <= 0) throw new BadInput("'" + key + "' must be a positive number of seconds");
        Duration d = Duration.ofMillis((long) (v.asDouble() * 1000));
        return max != null && d.compareTo(max) > 0 ? max : d;
    }

    static int integer(JsonNode in, String key, int dflt, int min, int max) throws BadInput {
        JsonNode v = in.get(key);
        if (v == null || v.isNull()) return dflt;
        if (!v.canConvertToInt() || v.asInt() < min || v.asInt() > max)
            throw new BadInput("'" + key + "' must be an integer in " + min + ".." + max);
        return v.asInt();
    }

    /** A JSON Schema object with the given properties ({@code name, type, description} triples) and required names. */
    static ObjectNode schema(String[] required, String... props) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode s = f.objectNode().put("type", "object").put("additionalProperties", false);
        ObjectNode p = s.putObject("properties");
        for (int i = 0; i < props.length; i += 3) p.putObject(props[i]).put("type", props[i + 1]).put("description", props[i + 2]);
        var r = s.putArray("required");
        for (String name : required) r.add(name);
        return s;
    }

    static String[] req(String... names) {
        return names;
    }
}
