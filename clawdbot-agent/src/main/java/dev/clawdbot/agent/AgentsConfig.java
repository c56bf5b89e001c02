package dev.clawdbot.agent;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code agents:} section of {@code clawdbot.yaml}: the agents, the default one, the global tool policy
 * layer, and the gateway's lane and compaction settings. Validated and frozen on construction.
 */
public record AgentsConfig(String defaultAgent, Map<String, AgentConfig> agents, ToolPolicy tools,
                           Integer maxConcurrentRuns, Integer maxQueuedPerSession, Double compactionThreshold,
                           Integer recentTurnsKept) {

    public static final String DAKOTA = "dakota";
    public static final AgentsConfig DEFAULTS = new AgentsConfig(null, null, null, null, null, null, null);

    public AgentsConfig {
        defaultAgent = defaultAgent == null ? DAKOTA : defaultAgent;
        Map<String, AgentConfig> m = new LinkedHashMap<>();
        if (agents != null) {
            agents.forEach((id, a) -> {
                if (id == null || !id.matches("[a-z0-9][a-z0-9_-]{0,31}")) {
                    throw new IllegalArgumentException("agents.agents: invalid agent id '" + id
                            + "' (lower-case letters, digits, '_', '-', at most 32)");
                }
                m.put(id, a == null ? AgentConfig.DEFAULTS : a);
            });
        }
        if (!m.containsKey(defaultAgent)) {
            if (agents != null && !agents.isEmpty() && !defaultAgent.equals(DAKOTA)) {
                throw new IllegalArgumentException("agents.defaultAgent: '" + defaultAgent
                        + "' is not one of the configured agents " + m.keySet());
            }
            m.put(defaultAgent, AgentConfig.DEFAULTS);
        }
        agents = java.util.Collections.unmodifiableMap(m);
        tools = tools == null ? ToolPolicy.ALLOW_ALL : tools;
        maxConcurrentRuns = maxConcurrentRuns == null ? 4 : maxConcurrentRuns;
        if (maxConcurrentRuns < 1) throw new IllegalArgumentException("agents.maxConcurrentRuns must be >= 1, was " + maxConcurrentRuns);
        maxQueuedPerSession = maxQueuedPerSession == null ? 20 : maxQueuedPerSession;
        if (maxQueuedPerSession < 0) throw new IllegalArgumentException("agents.maxQueuedPerSession must be >= 0, was " + maxQueuedPerSession);
        compactionThreshold = compactionThreshold == null ? 0.75 : compactionThreshold;
        if (!(compactionThreshold > 0.1 && compactionThreshold < 1.0)) {
            throw new IllegalArgumentException("agents.compactionThreshold must be between 0.1 and 1.0 (exclusive), was " + compactionThreshold);
        }
        recentTurnsKept = recentTurnsKept == null ? 4 : recentTurnsKept;
        if (recentTurnsKept < 0) throw new IllegalArgumentException("agents.recentTurnsKept must be >= 0, was " + recentTurnsKept);
    }

    /** The agent called {@code name}, or the default agent's id when name is null or unknown. */
    public String resolve(String name) {
        return name != null && agents.containsKey(name) ? name : defaultAgent;
    }

    public AgentConfig agent(String id) {
        return agents.get(resolve(id));
    }
}
