package dev.clawdbot.sandbox.tools;

import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.tool.Tool;

import java.time.Clock;
import java.util.List;

/** Makes the workspace tools report refused paths as {@code sandbox.path_refused} events (level 10). */
public final class PathRefusals {
    private PathRefusals() {
    }

    /** Returns {@code tools}, each of this package's tools now reporting to {@code events}. */
    public static List<Tool> report(List<Tool> tools, EventSink events, Clock clock) {
        for (Tool t : tools) if (t instanceof ToolSupport s) s.reportTo(events, clock);
        return tools;
    }
}
