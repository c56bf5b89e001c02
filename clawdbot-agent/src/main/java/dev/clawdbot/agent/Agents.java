package dev.clawdbot.agent;

import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.guard.ContentGuard;
import dev.clawdbot.core.guard.ExternalContentScreen;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.tool.Tool;
import dev.clawdbot.llm.ModelRouter;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Builds the agent gateway from its configuration and the parts it runs on. */
public final class Agents {

    private Agents() {
    }

    /**
     * Each configured agent's workspace on the host: {@code agents/<id>/workspace} under {@code configDir}, or the
     * agent's {@code workspace} resolved against its directory. {@code doctor} and {@code sandbox check} run a real
     * command in each.
     */
    public static Map<String, Path> workspaces(AgentsConfig config, Path configDir) {
        Map<String, Path> out = new LinkedHashMap<>();
        config.agents().forEach((id, a) -> out.put(id, workspace(configDir, id, a)));
        return out;
    }

    static Path workspace(Path configDir, String agentId, AgentConfig agent) {
        Path dir = SystemPrompt.agentDir(configDir, agentId);
        return agent.workspace() == null ? dir.resolve("workspace") : dir.resolve(agent.workspace());
    }

    /**
     * @param configDir the directory holding {@code agents/<id>/persona.md} and {@code behaviours.md}
     * @param tools     every tool the gateway may offer; {@link AgentsConfig#tools()} and each agent's policy filter them
     */
    public static AgentGateway create(AgentsConfig config, Path configDir, Database database, ModelRouter router,
                                      List<? extends Tool> tools, ContentGuard guard, EventSink events, Clock clock) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(configDir, "configDir");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(guard, "guard");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(clock, "clock");
        ToolRegistry registry = new ToolRegistry(tools == null ? List.of() : tools, config.tools());
        SessionStore store = new SessionStore(database, clock, new GroupCommit(database));
        Compactor compactor = new Compactor(store, router, events, clock, config.recentTurnsKept());
        AgentNotes notes = new AgentNotes(database, clock);
        ExternalContentScreen screen = new ExternalContentScreen(guard, new WithheldContent(database, clock),
                AgentEvents.TOOL_OUTPUT_WITHHELD, events, clock);
        TurnRunner runner = new TurnRunner(config, configDir, store, router, registry, guard, events, clock, compactor, notes, screen);
        SlashCommands commands = new SlashCommands(config, store, router, runner, compactor, events, clock);
        return new AgentGateway(config, store, guard, events, clock, runner, commands, notes, screen);
    }
}
