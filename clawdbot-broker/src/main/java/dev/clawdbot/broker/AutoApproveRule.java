package dev.clawdbot.broker;

import dev.clawdbot.broker.request.ProposedAction;
import java.util.List;

/**
 * An explicit exception to "everything needs the operator": a request whose every action is a local
 * command whose argv starts with one of {@code commandPrefixes} (exact tokens) and whose assessed risk is
 * low may be approved without asking. Nothing else is ever auto-approved.
 */
public record AutoApproveRule(String name, List<List<String>> commandPrefixes) {
    public AutoApproveRule {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("broker.autoApprove[].name is required");
        if (commandPrefixes == null || commandPrefixes.isEmpty() || commandPrefixes.stream().anyMatch(p -> p == null || p.isEmpty())) {
            throw new IllegalArgumentException("broker.autoApprove[" + name + "].commandPrefixes must list non-empty argv prefixes");
        }
        commandPrefixes = commandPrefixes.stream().map(List::copyOf).toList();
    }

    boolean covers(ProposedAction a) {
        if (!(a instanceof ProposedAction.Command c) || !c.host().equals("local")) return false;
        return commandPrefixes.stream().anyMatch(p -> c.argv().size() >= p.size() && c.argv().subList(0, p.size()).equals(p));
    }
}
