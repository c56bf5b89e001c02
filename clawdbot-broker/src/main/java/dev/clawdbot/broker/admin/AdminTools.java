package dev.clawdbot.broker.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clawdbot.broker.ActionExecutor;
import dev.clawdbot.broker.request.ProposedAction;
import dev.clawdbot.broker.render.ApprovalText;
import dev.clawdbot.broker.render.CurrentFiles;
import dev.clawdbot.broker.request.RequestCodec;
import dev.clawdbot.core.tool.Tool;
import dev.clawdbot.core.tool.ToolContext;
import dev.clawdbot.core.tool.ToolResult;
import dev.clawdbot.core.tool.ToolSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The admin agent's host tools. Each checks its own limits; none passes anything through a shell. */
final class AdminTools {

    private AdminTools() {
    }

    private static ObjectNode schema(String... requiredStringProps) {
        ObjectNode s = RequestCodec.mapper().createObjectNode();
        s.put("type", "object");
        ObjectNode props = s.putObject("properties");
        for (String p : requiredStringProps) props.putObject(p).put("type", "string");
        var req = s.putArray("required");
        for (String p : requiredStringProps) req.add(p);
        return s;
    }

    private static Duration bounded(ToolContext ctx) {
        Duration left = ctx.timeLeft() == null ? Duration.ofMinutes(1) : ctx.timeLeft();
        return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
    }

    /** Reads a text file under one of the configured roots (symlinks resolved first). */
    static Tool readFile(List<String> roots) {
        List<Path> allowed = roots.stream().map(r -> Path.of(r).toAbsolutePath().normalize()).toList();
        return new Tool() {
            public ToolSpec spec() {
                return new ToolSpec("read_file", "Read a text file (first 64 KiB) under " + roots + ".", schema("path"));
            }

            public ToolResult invoke(JsonNode in, ToolContext ctx) throws IOException {
                Path p = Path.of(in.path("path").asText("")).toAbsolutePath().normalize();
                if (!Files.exists(p)) return ToolResult.error("no such file: " + p);
                Path real = p.toRealPath();
                boolean ok = allowed.stream().anyMatch(root -> {
                    try {
                        return real.startsWith(Files.exists(root) ? root.toRealPath() : root);
                    } catch (IOException e) {
                        return false;
                    }
                });
                if (!ok) return ToolResult.error("path outside the readable roots " + roots + ": " + p);
                byte[] b = Files.readAllBytes(real);
                int n = Math.min(b.length, ProcessRunner.MAX_OUTPUT);
                return ToolResult.untrusted(new String(b, 0, n, StandardCharsets.UTF_8));
            }
        };
    }

    /** Starts an allowlisted program with an argv. */
    static Tool runProgram(List<String> programs) {
        Set<String> allowed = new HashSet<>(programs);
        return new Tool() {
            public ToolSpec spec() {
                ObjectNode s = RequestCodec.mapper().createObjectNode().put("type", "object");
                s.putObject("properties").putObject("argv").put("type", "array").putObject("items").put("type", "string");
                s.putArray("required").add("argv");
                return new ToolSpec("run_program", "Run one of " + programs + " with an argv (no shell).", s);
            }

            public ToolResult invoke(JsonNode in, ToolContext ctx) throws Exception {
                List<String> argv = new ArrayList<>();
                for (JsonNode a : in.path("argv")) argv.add(a.asText());
                if (argv.isEmpty()) return ToolResult.error("argv is empty");
                if (!allowed.contains(argv.getFirst())) return ToolResult.error("program not allowed in this profile: " + argv.getFirst() + "; allowed: " + programs);
                ProcessRunner.Outcome o = ProcessRunner.run(argv, null, bounded(ctx));
                return ToolResult.untrusted("exit " + o.exitCode() + "\n" + o.output());
            }
        };
    }

    /** {@code systemctl status UNIT}, with the unit name checked so it cannot smuggle options. */
    static Tool systemdStatus(String systemctl) {
        return new Tool() {
            public ToolSpec spec() {
                return new ToolSpec("systemd_status", "Show systemctl status of a unit.", schema("unit"));
            }

            public ToolResult invoke(JsonNode in, ToolContext ctx) throws Exception {
                String unit = in.path("unit").asText("");
                if (!unit.matches("[A-Za-z0-9@_.:\\-]{1,200}") || unit.startsWith("-")) return ToolResult.error("invalid unit name: " + unit);
                ProcessRunner.Outcome o = ProcessRunner.run(List.of(systemctl, "status", "--no-pager", "--", unit), null, bounded(ctx));
                return ToolResult.untrusted("exit " + o.exitCode() + "\n" + o.output());
            }
        };
    }

    /** Runs one of the approved actions, exactly as approved, at most once per run. */
    static Tool runApprovedAction(List<ProposedAction> approved, String approvedHash, ActionExecutor executor, String runId) {
        Set<Integer> done = new HashSet<>();
        return new Tool() {
            public ToolSpec spec() {
                ObjectNode s = RequestCodec.mapper().createObjectNode().put("type", "object");
                s.putObject("properties").putObject("index").put("type", "integer").put("minimum", 1).put("maximum", approved.size());
                s.putArray("required").add("index");
                StringBuilder d = new StringBuilder("Run one of the operator-approved actions, exactly as approved:\n");
                for (String l : ApprovalText.actionLines(ApprovalText.blocks(approved, CurrentFiles.LOCAL), ApprovalText.Long.FULL)) d.append(l).append('\n');
                return new ToolSpec("run_approved_action", d.toString(), s);
            }

            public synchronized ToolResult invoke(JsonNode in, ToolContext ctx) throws Exception {
                if (!RequestCodec.hash(approved).equals(approvedHash)) return ToolResult.error("approved actions do not match the approval hash; refusing");
                int i = in.path("index").asInt(0);
                if (i < 1 || i > approved.size()) return ToolResult.error("index must be 1.." + approved.size());
                if (!done.add(i)) return ToolResult.error("action " + i + " already ran in this run");
                ActionExecutor.Result r = executor.execute(approved.get(i - 1), runId + ":" + i + ":" + RequestCodec.hash(List.of(approved.get(i - 1))));
                return ToolResult.untrusted("exit " + r.exitCode() + "\n" + r.output());
            }
        };
    }
}
