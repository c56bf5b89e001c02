package dev.clawdbot.broker.request;

import com.fasterxml.jackson.annotation.JsonCreator;

import java.util.List;

/**
 * What a requester asks for: who, a one-line summary, why, the exact actions, and how urgent it is; {@code session}
 * is the requester's session (set by the {@code request_host_change} tool, null when filed by hand), the only one
 * told the outcome. This is the JSON schema of a spool file; unknown keys are errors. The approval hash covers the
 * actions only.
 */
public record HostChangeRequest(String requester, String summary, String rationale, List<ProposedAction> actions, Urgency urgency,
                                String session) {

    public enum Urgency { LOW, NORMAL, HIGH, CRITICAL }

    /** The creator Jackson must use: with the shorter constructor beside it, it would otherwise drop {@code session}. */
    @JsonCreator
    public HostChangeRequest {
        if (requester == null || !requester.matches("[A-Za-z0-9_:.@\\-]{1,128}")) throw new IllegalArgumentException("requester is missing or not an id: " + requester);
        if (summary == null || summary.isBlank()) throw new IllegalArgumentException("summary is required");
        if (summary.length() > 200 || summary.contains("\n") || summary.contains("\r")) throw new IllegalArgumentException("summary must be one line of at most 200 characters");
        if (rationale == null || rationale.isBlank()) throw new IllegalArgumentException("rationale is required");
        if (rationale.length() > 8000) throw new IllegalArgumentException("rationale longer than 8000 characters");
        if (actions == null || actions.isEmpty()) throw new IllegalArgumentException("actions must list at least one action");
        if (actions.size() > 50) throw new IllegalArgumentException("at most 50 actions per request, was " + actions.size());
        for (int i = 0; i < actions.size(); i++) {
            if (actions.get(i) == null) throw new IllegalArgumentException("actions[" + i + "] is null");
        }
        actions = List.copyOf(actions);
        urgency = urgency == null ? Urgency.NORMAL : urgency;
        if (session != null && (session.isEmpty() || session.length() > 256 || session.chars().anyMatch(c -> c < 0x20 || c == 0x7f))) {
            throw new IllegalArgumentException("session must be 1..256 characters without control characters");
        }
    }

    public HostChangeRequest(String requester, String summary, String rationale, List<ProposedAction> actions, Urgency urgency) {
        this(requester, summary, rationale, actions, urgency, null);
    }
}
