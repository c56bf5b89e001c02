package dev.clawdbot.core.guard;

import java.util.List;

/**
 * Where external content the guard withheld from a model is kept for the operator. The agent module's
 * {@code WithheldContent} (table {@code agent_withheld}) is the one implementation; the user agent and the admin agent
 * both store there, so {@code clawdbot sessions withheld} and {@code GET /api/withheld} show both.
 */
@FunctionalInterface
public interface WithheldStore {

    /** Stores {@code content}; returns its reference id. {@code scanners} are the guard scanners that fired. */
    String store(String agent, String session, String tool, String source, List<String> scanners, String content);
}
