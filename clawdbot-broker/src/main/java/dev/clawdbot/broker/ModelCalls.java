package dev.clawdbot.broker;

import dev.clawdbot.llm.ChatMessage;
import dev.clawdbot.llm.ModelException;
import dev.clawdbot.llm.ModelRequest;
import dev.clawdbot.llm.ModelRouter;
import dev.clawdbot.llm.StreamListener;

import java.util.List;

/** One-shot text completions for the broker's assessment and reply interpretation, routed as the admin agent. */
final class ModelCalls {

    private final ModelRouter router;
    private final String agentId;

    ModelCalls(ModelRouter router, String agentId) {
        this.router = router;
        this.agentId = agentId;
    }

    String complete(String sessionKey, String system, String user, int maxTokens) throws ModelException {
        ModelRequest req = new ModelRequest("", system, List.of(ChatMessage.user(user)), List.of(), maxTokens, List.of(), 0.0);
        return router.complete(new ModelRouter.RouteContext(agentId, sessionKey, null), req, StreamListener.NONE).text();
    }

    /** Wraps untrusted text so the model sees where it starts and ends; the boundary is random per call. */
    static String untrusted(String label, String text) {
        String tag = "UNTRUSTED-" + Long.toHexString(new java.security.SecureRandom().nextLong());
        return "<<" + tag + " " + label + ">>\n" + text.replace(tag, "") + "\n<<END " + tag + ">>";
    }
}
