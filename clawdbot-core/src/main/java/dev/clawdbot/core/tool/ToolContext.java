package dev.clawdbot.core.tool;

import dev.clawdbot.core.chat.Caller;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Who is calling a tool and where: the agent, the session, the authenticated caller (from the channel,
 * never from message text), the agent's workspace on the host, and the time left for this run.
 */
public record ToolContext(String agentId, String sessionKey, Caller caller, Path workspace, Duration timeLeft) {
}
