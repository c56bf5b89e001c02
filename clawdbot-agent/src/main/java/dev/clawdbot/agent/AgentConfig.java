package dev.clawdbot.agent;

import java.time.Duration;

/**
 * One agent. {@code persona} and {@code behaviours} are files relative to the agent's config directory
 * ({@code CONFIG/agents/<id>/}); null means {@code persona.md} / {@code behaviours.md} there. {@code model} is an
 * optional {@code provider/model} that this agent uses unless a session picks another with {@code /model}.
 */
public record AgentConfig(String persona, String behaviours, String model, ToolPolicy tools, Integer maxSteps,
                          Duration maxTurnDuration, Integer maxTokens, String workspace) {

    public static final AgentConfig DEFAULTS = new AgentConfig(null, null, null, null, null, null, null, null);

    public AgentConfig {
        persona = persona == null ? "persona.md" : persona;
        behaviours = behaviours == null ? "behaviours.md" : behaviours;
        if (model != null && !model.matches("[a-zA-Z0-9_.-]+/\\S+")) {
            throw new IllegalArgumentException("model: expected provider/model (e.g. anthropic/claude-opus-4-5), was '" + model + "'");
        }
        tools = tools == null ? ToolPolicy.ALLOW_ALL : tools;
        maxSteps = maxSteps == null ? 8 : maxSteps;
        if (maxSteps < 1 || maxSteps > 100) throw new IllegalArgumentException("maxSteps must be 1..100, was " + maxSteps);
        maxTurnDuration = maxTurnDuration == null ? Duration.ofMinutes(5) : maxTurnDuration;
        if (maxTurnDuration.isNegative() || maxTurnDuration.isZero()) {
            throw new IllegalArgumentException("maxTurnDuration must be positive, was " + maxTurnDuration);
        }
        maxTokens = maxTokens == null ? 4096 : maxTokens;
        if (maxTokens < 1) throw new IllegalArgumentException("maxTokens must be positive, was " + maxTokens);
    }
}
