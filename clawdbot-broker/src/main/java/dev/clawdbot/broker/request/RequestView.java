package dev.clawdbot.broker.request;

import java.time.Instant;
import java.util.List;

/** A request as stored: its content, where it stands, the assessment and the exact-action hash an approval binds to. */
public record RequestView(String id, String token, HostChangeRequest request, RequestState state, String risk,
                          String assessment, String actionHash, String approvedHash, String approvedBy, String parentId,
                          Instant createdAt, Instant updatedAt, Instant expiresAt, String result) {

    public List<ProposedAction> actions() {
        return request.actions();
    }
}
