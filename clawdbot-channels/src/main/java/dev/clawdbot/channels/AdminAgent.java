package dev.clawdbot.channels;

/**
 * Runs one admin-agent task for a message the admin bot received from an allowlisted operator (the broker's
 * admin runner with the {@code admin_bot} permission profile); returns the text to send back. The app wires it.
 */
@FunctionalInterface
public interface AdminAgent {
    String run(String operator, String text) throws Exception;
}
