package dev.clawdbot.broker;

import dev.clawdbot.broker.request.ProposedAction;
import dev.clawdbot.broker.request.RequestView;
import com.fasterxml.jackson.databind.JsonNode;
import dev.clawdbot.broker.request.RequestCodec;
import dev.clawdbot.llm.ModelException;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads an operator reply with the model and cross-checks it with {@link ReplyParser}. The model is the
 * better reader ("yes, but only on the web server" is a modification); the parser is the fallback when the
 * model is unavailable or answers nonsense, and a veto: a model "approve" that the parser reads as a
 * denial, a question or a qualified yes becomes a follow-up question, never an approval.
 */
final class ReplyInterpreter {

    private static final String SYSTEM = """
            You interpret a human operator's e-mail reply to a request for approval of exact host actions.
            The reply may be English or Dutch. Answer with one JSON object and nothing else:
            {"intent":"approve|deny|modify|question|ambiguous","reason":"...","question":"...","actions":[...]}
            - approve: an unqualified yes to exactly the listed actions.
            - deny: no. reason: the operator's reason, if any.
            - modify: yes with a change; actions: the complete changed list of actions in the same JSON shape as given.
            - question: the operator asks something; question: the question.
            - ambiguous: anything else. Never guess.""";

    private final ModelCalls model;

    ReplyInterpreter(ModelCalls model) {
        this.model = model;
    }

    ReplyIntent interpret(RequestView r, String reply) {
        ReplyIntent parsed = ReplyParser.parse(reply);
        if (model == null) return parsed;
        ReplyIntent fromModel;
        try {
            String prompt = "Listed actions (JSON): " + RequestCodec.actionsJson(r.actions()) + "\n"
                    + ModelCalls.untrusted("operator reply", reply);
            fromModel = read(model.complete("broker:" + r.id(), SYSTEM, prompt, 1024));
        } catch (ModelException e) {
            return parsed;
        }
        if (fromModel == null) return parsed;
        if (fromModel instanceof ReplyIntent.Approve && !(parsed instanceof ReplyIntent.Approve)) return new ReplyIntent.Ambiguous(ReplyParser.FOLLOW_UP);
        if (fromModel instanceof ReplyIntent.Modify m && m.actions().equals(r.actions())) return new ReplyIntent.Ambiguous(ReplyParser.FOLLOW_UP);
        if (fromModel instanceof ReplyIntent.Deny && parsed instanceof ReplyIntent.Approve) return new ReplyIntent.Ambiguous(ReplyParser.FOLLOW_UP);
        return fromModel;
    }

    /** The model's JSON, or null when it is not the agreed shape. */
    private static ReplyIntent read(String text) {
        String t = text.strip();
        int start = t.indexOf('{');
        int end = t.lastIndexOf('}');
        if (start < 0 || end <= start) return null;
        try {
            JsonNode n = RequestCodec.mapper().readTree(t.substring(start, end + 1));
            String reason = n.path("reason").asText("");
            return switch (n.path("intent").asText("")) {
                case "approve" -> new ReplyIntent.Approve();
                case "deny" -> new ReplyIntent.Deny(reason);
                case "question" -> new ReplyIntent.Question(n.path("question").asText(reason));
                case "ambiguous" -> new ReplyIntent.Ambiguous(ReplyParser.FOLLOW_UP);
                case "modify" -> {
                    List<ProposedAction> actions = new ArrayList<>();
                    for (JsonNode a : n.path("actions")) actions.add(RequestCodec.mapper().treeToValue(a, ProposedAction.class));
                    yield actions.isEmpty() ? null : new ReplyIntent.Modify(List.copyOf(actions), reason);
                }
                default -> null;
            };
        } catch (java.io.IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
