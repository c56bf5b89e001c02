package dev.clawdbot.agent;

import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.guard.ContentGuard;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.tool.Tool;
import dev.clawdbot.llm.ModelRouter;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/** Builds the agent gateway from its configuration and the parts it runs on. */
public final class Agents {

    private Agents() {
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
        TurnRunner runner = new TurnRunner(config, configDir, store, router, registry, guard, events, clock, compactor, notes);
        Commands commands = new Commands(config, store, router, runner, compactor, events, clock);
        return new AgentGateway(config, store, guard, events, clock, runner, commands, notes);
    }
}
