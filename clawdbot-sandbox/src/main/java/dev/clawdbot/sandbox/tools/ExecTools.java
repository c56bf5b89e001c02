package dev.clawdbot.sandbox.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clawdbot.core.tool.Tool;
import dev.clawdbot.core.tool.ToolContext;
import dev.clawdbot.core.tool.ToolResult;
import dev.clawdbot.core.tool.ToolSpec;
import dev.clawdbot.sandbox.ExecRequest;
import dev.clawdbot.sandbox.ExecResult;
import dev.clawdbot.sandbox.Sandbox;
import dev.clawdbot.sandbox.SandboxProcess;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code exec}, {@code process} and {@code python}: commands in the sandbox, never on the host. */
public final class ExecTools {
    static final int MAX_BACKGROUND = 16;

    private final Sandbox sandbox;
    private final Map<String, Background> background = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    public ExecTools(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    public List<Tool> all() {
        return List.of(new Exec(), new Process(), new Python());
    }

    /** A background command and how much of its output the model has seen. */
    private static final class Background {
        final SandboxProcess process;
        final String sessionKey;
        final String command;
        int seen;

        Background(SandboxProcess process, String sessionKey, String command) {
            this.process = process;
            this.sessionKey = sessionKey;
            this.command = command;
        }
    }

    private ToolResult result(ExecResult r) {
        String text = r.describe();
        return new ToolResult(text, !r.ok(), true);
    }

    final class Exec extends ToolSupport {
        @Override
        public ToolSpec spec() {
            return new ToolSpec("exec", "Run a shell command in the sandbox (no network; the workspace is /workspace). "
                    + "With background=true it returns a process id for the process tool.",
                    schema(req("command"), "command", "string", "shell command (run with /bin/sh -c)",
                            "timeout_seconds", "number", "wall-clock limit; default and maximum set by the operator",
                            "background", "boolean", "run in the background and return at once"));
        }

        @Override
        ToolResult run(JsonNode in, ToolContext ctx) throws Exception {
            String cmd = string(in, "command");
            Duration timeout = seconds(in, "timeout_seconds", null);
            ExecRequest req = new ExecRequest(List.of("/bin/sh", "-c", cmd), null, timeout, ctx.workspace());
            if (!bool(in, "background")) return result(sandbox.exec(req));
            if (background.values().stream().filter(b -> b.process.isAlive()).count() >= MAX_BACKGROUND)
                throw new BadInput("already " + MAX_BACKGROUND + " background processes running; kill one with the process tool first");
            String id = "p" + ids.incrementAndGet();
            background.put(id, new Background(sandbox.startBackground(req), ctx.sessionKey(), cmd.length() > 80 ? cmd.substring(0, 80) + "..." : cmd));
            return ToolResult.ok("started background process " + id + "; poll it with the process tool");
        }
    }

    final class Process extends ToolSupport {
        @Override
        public ToolSpec spec() {
            return new ToolSpec("process", "Manage background commands started by exec: list, poll (new output and status) or kill.",
                    schema(req("action"), "action", "string", "list, poll or kill",
                            "id", "string", "process id from exec (poll and kill)"));
        }

        @Override
        ToolResult run(JsonNode in, ToolContext ctx) throws Exception {
            String action = string(in, "action");
            if (action.equals("list")) {
                StringBuilder sb = new StringBuilder();
                background.forEach((id, b) -> {
                    if (b.sessionKey.equals(ctx.sessionKey()))
                        sb.append(id).append(b.process.isAlive() ? " running " : " finished ").append(b.command).append('\n');
                });
                return ToolResult.ok(sb.isEmpty() ? "(no background processes)" : sb.toString());
            }
            String id = string(in, "id");
            Background b = background.get(id);
            if (b == null || !b.sessionKey.equals(ctx.sessionKey())) throw new BadInput("no background process " + id + " in this session");
            switch (action) {
                case "poll" -> {
                    ExecResult r = b.process.await(Duration.ZERO);
                    synchronized (b) {
                        String out = b.process.stdoutFrom(b.seen);
                        b.seen = b.process.stdoutLength();
                        if (r == null) return ToolResult.untrusted("status: running\n" + (out.isEmpty() ? "(no new output)" : out));
                        background.remove(id);
                        return new ToolResult("status: finished\n" + r.describe(), !r.ok(), true);
                    }
                }
                case "kill" -> {
                    ExecResult r = b.process.kill();
                    background.remove(id);
                    return ToolResult.untrusted("killed " + id + "\n" + r.describe());
                }
                default -> throw new BadInput("action must be list, poll or kill, was '" + action + "'");
            }
        }
    }

    final class Python extends ToolSupport {
        @Override
        public ToolSpec spec() {
            return new ToolSpec("python", "Run a Python 3 program in the sandbox (no network; the workspace is /workspace).",
                    schema(req("code"), "code", "string", "the program, passed on stdin",
                            "timeout_seconds", "number", "wall-clock limit"));
        }

        @Override
        ToolResult run(JsonNode in, ToolContext ctx) throws Exception {
            byte[] code = string(in, "code").getBytes(StandardCharsets.UTF_8);
            return result(sandbox.exec(new ExecRequest(List.of("python3", "-"), code, seconds(in, "timeout_seconds", null), ctx.workspace())));
        }
    }
}
