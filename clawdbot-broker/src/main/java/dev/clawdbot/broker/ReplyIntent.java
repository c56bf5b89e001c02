package dev.clawdbot.broker;

import dev.clawdbot.broker.request.ProposedAction;
import java.util.List;

/** What an operator's plain-language reply means. Only {@link Approve} can lead to execution. */
public sealed interface ReplyIntent {

    record Approve() implements ReplyIntent {
    }

    record Deny(String reason) implements ReplyIntent {
    }

    /** A changed set of actions: it becomes a new request that needs its own approval. */
    record Modify(List<ProposedAction> actions, String note) implements ReplyIntent {
    }

    record Question(String question) implements ReplyIntent {
    }

    /** Not clear enough to act on; {@code followUp} is asked back instead of guessing. */
    record Ambiguous(String followUp) implements ReplyIntent {
    }
}
