package dev.clawdbot.llm;

import java.util.List;

/**
 * How the agent runner reaches models: picks the provider and model for an agent (an explicit
 * {@code provider/model} override if the user chose one with {@code /model}, else the agent's failover
 * chain), enforces token budgets, and records usage. The router sets {@link ModelRequest#model()};
 * callers pass an empty string there.
 */
public interface ModelRouter {

    ModelResponse complete(RouteContext context, ModelRequest request, StreamListener listener) throws ModelException;

    /** The context window, in tokens, of the model this context would use first. */
    int contextWindow(RouteContext context);

    /**
     * The {@code provider/model} names this context would try, in order (the override alone when one is set);
     * empty when no model is configured. For {@code /status}.
     */
    default List<String> route(RouteContext context) {
        return List.of();
    }

    /** {@code provider/model} names a user may pick with {@code /model}. */
    List<String> availableModels();

    /** One line per provider with its health (circuit state, last error), for {@code /status}. */
    List<String> status();

    /**
     * Who is asking: the agent, the session (for budgets), and the user's explicit {@code provider/model}
     * choice or null.
     */
    record RouteContext(String agentId, String sessionKey, String modelOverride) {
    }
}
