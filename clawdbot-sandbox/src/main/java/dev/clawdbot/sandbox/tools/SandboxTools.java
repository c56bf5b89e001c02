package dev.clawdbot.sandbox.tools;

import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.tool.Tool;
import dev.clawdbot.sandbox.ElevatedExec;
import dev.clawdbot.sandbox.Sandbox;
import dev.clawdbot.sandbox.SandboxConfig;
import dev.clawdbot.sandbox.web.WebTools;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The user agent's tools, for the gateway's tool registry: {@code exec}, {@code process}, {@code python} (in the
 * sandbox), {@code read}, {@code write}, {@code edit}, {@code list}, {@code glob}, {@code grep} (confined to
 * {@code ToolContext.workspace()}), {@code web_fetch}, {@code web_search} (when SearXNG is configured) and
 * {@code elevated_exec} (when any elevated rule is configured).
 */
public final class SandboxTools {
    private SandboxTools() {
    }

    public static List<Tool> create(Sandbox sandbox, EventSink events, Clock clock) {
        SandboxConfig c = sandbox.config();
        List<Tool> tools = new ArrayList<>(new ExecTools(sandbox).all());
        tools.addAll(PathRefusals.report(FileTools.all(sandbox::adoptWorkspace), events, clock));
        tools.addAll(PathRefusals.report(SearchTools.all(), events, clock));
        tools.addAll(new WebTools(c.web(), events, clock).all());
        if (!c.elevated().rules().isEmpty()) tools.add(new ElevatedExec(c.elevated(), events, clock));
        return List.copyOf(tools);
    }
}
