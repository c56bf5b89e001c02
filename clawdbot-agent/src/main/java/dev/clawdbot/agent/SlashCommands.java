package dev.clawdbot.agent;

import dev.clawdbot.core.chat.Caller;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.llm.ModelException;
import dev.clawdbot.llm.ModelRouter;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Answers slash commands without a model (except {@code /compact}, whose summary is made by one). */
final class SlashCommands {

    static final String HELP = """
            Commands:
            /new, /reset – start a fresh conversation (the old one is archived; learned behaviours are kept)
            /status – session, model, token counts, queue, system prompt size and provider health
            /model – list the models you can pick; /model provider/model picks one for this conversation; /model default goes back
            /compact – summarise older turns now to free context
            /stop – cancel the reply being worked on
            /help – this list""";

    private final AgentsConfig config;
    private final SessionStore store;
    private final ModelRouter router;
    private final TurnRunner runner;
    private final Compactor compactor;
    private final EventSink events;
    private final Clock clock;

    SlashCommands(AgentsConfig config, SessionStore store, ModelRouter router, TurnRunner runner, Compactor compactor,
             EventSink events, Clock clock) {
        this.config = config;
        this.store = store;
        this.router = router;
        this.runner = runner;
        this.compactor = compactor;
        this.events = events;
        this.clock = clock;
    }

    /** What the gateway knows about a session's lane, for /status and /stop. */
    interface LaneView {
        int queued(String key);

        /** Cancels the running turn; false when none runs. */
        boolean stop(String key);
    }

    String execute(Command cmd, String agentId, Caller caller, LaneView lanes) throws ModelException {
        String key = SessionInfo.key(agentId, caller.channel(), caller.sessionPeer());
        events.emit(Event.of(clock.instant(), AgentEvents.COMMAND_EXECUTED, caller.id(), "agent", agentId, "session", key,
                "command", cmd.name().name().toLowerCase(java.util.Locale.ROOT)));
        return switch (cmd.name()) {
            case HELP -> HELP;
            case STOP -> lanes.stop(key) ? "Stopped." : "Nothing is running.";
            case STATUS -> status(agentId, key, lanes);
            case NEW, RESET -> reset(agentId, caller);
            case MODEL -> model(agentId, caller, cmd.argument());
            case COMPACT -> compact(agentId, caller);
        };
    }

    private String reset(String agentId, Caller caller) {
        SessionInfo s = store.reset(agentId, caller.channel(), caller.sessionPeer());
        events.emit(Event.of(clock.instant(), AgentEvents.SESSION_RESET, caller.id(), "agent", agentId, "session", s.key()));
        return "Started a new conversation. The previous one is archived; learned behaviours are kept.";
    }

    private String model(String agentId, Caller caller, String arg) {
        AgentConfig agent = config.agent(agentId);
        SessionInfo s = store.openOrCreate(agentId, caller.channel(), caller.sessionPeer());
        List<String> available = router.availableModels();
        if (arg.isEmpty()) {
            String current = s.modelOverride() != null ? s.modelOverride() : agent.model();
            StringBuilder sb = new StringBuilder("Current model: ")
                    .append(current == null ? "the agent's default chain" : current).append('\n');
            if (available.isEmpty()) return sb.append("No models are available; configure a provider.").toString();
            sb.append("Available:");
            for (String m : available) sb.append("\n  ").append(m).append(m.equals(current) ? "  (current)" : "");
            return sb.append("\nPick one with /model provider/model, or /model default.").toString();
        }
        if (arg.equalsIgnoreCase("default")) {
            store.setModelOverride(s.id(), null);
            return "This conversation uses the agent's default model again.";
        }
        if (!available.contains(arg)) {
            return "Unknown model '" + arg + "'. Available: " + (available.isEmpty() ? "none" : String.join(", ", available));
        }
        store.setModelOverride(s.id(), arg);
        return "This conversation now uses " + arg + ".";
    }

    private String compact(String agentId, Caller caller) throws ModelException {
        AgentConfig agent = config.agent(agentId);
        SessionInfo s = store.openOrCreate(agentId, caller.channel(), caller.sessionPeer());
        Compactor.Result r = compactor.compact(s, TurnRunner.route(agentId, agent, s), caller.id(), false);
        if (r.turnsFolded() == 0) {
            return "Nothing to compact: the last " + config.recentTurnsKept() + " turns are always kept verbatim.";
        }
        return "Compacted " + r.turnsFolded() + " older turn(s) into a summary; the last " + config.recentTurnsKept() + " are kept verbatim.";
    }

    private String status(String agentId, String key, LaneView lanes) {
        AgentConfig agent = config.agent(agentId);
        Optional<SessionInfo> found = store.findActive(key);
        SystemPrompt.Assembled prompt = runner.prompt(agentId);
        StringBuilder sb = new StringBuilder();
        sb.append("Agent: ").append(agentId).append('\n');
        sb.append("Session: ").append(key);
        if (found.isEmpty()) {
            sb.append(" (no turns yet)\n");
            sb.append("Model: ").append(agent.model() == null ? "the agent's default chain" : agent.model()).append('\n');
        } else {
            SessionInfo s = found.get();
            sb.append(" since ").append(s.createdAt()).append(", ").append(store.turnCount(s.id())).append(" turn(s)\n");
            List<String> models = router.route(TurnRunner.route(agentId, agent, s));
            sb.append("Model: ").append(models.isEmpty() ? "none configured" : String.join(" → ", models)).append('\n');
            sb.append("Tokens: ").append(s.inputTokens()).append(" in, ").append(s.outputTokens()).append(" out\n");
            ModelRouter.RouteContext route = TurnRunner.route(agentId, agent, s);
            sb.append("Context: ~").append(runner.contextEstimate(agentId, s)).append(" of ")
                    .append(router.contextWindow(route)).append(" tokens");
            if (s.compactedThrough() > 0) sb.append(" (turns 1–").append(s.compactedThrough()).append(" summarised)");
            sb.append('\n');
        }
        sb.append("System prompt: ").append(prompt.chars()).append(" chars, ~").append(prompt.estimatedTokens()).append(" tokens\n");
        sb.append("Queue: ").append(lanes.queued(key)).append(" waiting\n");
        sb.append("Providers:");
        List<String> lines = router.status();
        if (lines.isEmpty()) sb.append(" none configured");
        for (String l : lines) sb.append("\n  ").append(l);
        return sb.toString();
    }
}
