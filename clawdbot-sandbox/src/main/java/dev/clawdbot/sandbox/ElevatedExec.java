package dev.clawdbot.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.tool.Tool;
import dev.clawdbot.core.tool.ToolContext;
import dev.clawdbot.core.tool.ToolResult;
import dev.clawdbot.core.tool.ToolSpec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * {@code elevated_exec}: runs an allowlisted argv on the host (no sandbox, no shell) for callers the
 * {@link ElevatedPolicy} names. The caller is {@link ToolContext#caller()}, which the channel set from its
 * authenticated identity; nothing in the tool input can name or change it. Every attempt is audited:
 * {@code elevated.exec} (level 8) when it ran, {@code elevated.refused} (level 10) when it was refused.
 */
public final class ElevatedExec implements Tool {
    private final ElevatedMatcher matcher;
    private final ElevatedPolicy policy;
    private final EventSink events;
    private final Clock clock;

    public ElevatedExec(ElevatedPolicy policy, EventSink events, Clock clock) {
        this.policy = policy;
        this.matcher = new ElevatedMatcher(policy);
        this.events = events;
        this.clock = clock;
    }

    @Override
    public ToolSpec spec() {
        ObjectNode s = JsonNodeFactory.instance.objectNode().put("type", "object").put("additionalProperties", false);
        s.putObject("properties").putObject("argv").put("type", "array")
                .put("description", "absolute program path, then its arguments; no shell, so no pipes, globbing or variables")
                .putObject("items").put("type", "string");
        s.putArray("required").add("argv");
        return new ToolSpec("elevated_exec", "Run an operator-allowlisted command on the host (outside the sandbox). "
                + "Only exact allowlisted programs and argument patterns are accepted; anything else is refused with the reason.", s);
    }

    @Override
    public ToolResult invoke(JsonNode input, ToolContext context) throws Exception {
        List<String> argv = new ArrayList<>();
        String inputProblem = parse(input, argv);
        if (inputProblem != null) return refuse(context, argv, "bad_input", inputProblem);
        ElevatedMatcher.Decision d = matcher.check(context.caller(), argv);
        if (!d.allowed()) return refuse(context, argv, d.code(), d.message());
        Execution e = new Execution(argv, Map.of("PATH", "/usr/bin:/bin", "LANG", "C.UTF-8"), Path.of("/"), new byte[0],
                policy.maxOutputBytes(), null, null, null, clock, "host");
        ExecResult r;
        try {
            r = e.await(policy.timeout());
        } catch (InterruptedException ie) {
            e.kill();
            throw ie;
        }
        events.emit(Event.of(clock.instant(), SandboxEvents.ELEVATED_EXEC, context.caller().id(), "rule", d.rule().name(),
                "program", argv.get(0), "argc", argv.size() - 1, "argvSha256", sha256(argv), "exit", r.exitCode(),
                "timedOut", r.timedOut(), "millis", r.duration().toMillis()));
        return new ToolResult(r.describe(), !r.ok(), true);
    }

    private ToolResult refuse(ToolContext ctx, List<String> argv, String code, String message) {
        events.emit(Event.of(clock.instant(), SandboxEvents.ELEVATED_REFUSED, ctx.caller().id(), "reason", code,
                "argc", Math.max(0, argv.size() - 1), "argvSha256", sha256(argv)));
        return ToolResult.error("elevated_exec refused: " + message);
    }

    private static String parse(JsonNode in, List<String> out) {
        if (in == null || !in.isObject()) return "input must be a JSON object";
        var names = in.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!n.equals("argv")) return "unknown field '" + n + "'; only argv is accepted (the caller comes from the channel)";
        }
        JsonNode a = in.get("argv");
        if (a == null || !a.isArray() || a.isEmpty()) return "'argv' must be a non-empty array of strings";
        for (JsonNode x : a) {
            if (!x.isTextual()) return "'argv' must contain only strings";
            out.add(x.asText());
        }
        return null;
    }

    private static String sha256(List<String> argv) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String s : argv) {
                md.update(s.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
