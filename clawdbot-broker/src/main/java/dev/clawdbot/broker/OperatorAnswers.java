package dev.clawdbot.broker;

import dev.clawdbot.broker.request.RequestView;
import dev.clawdbot.core.approval.ApprovalQuestion;
import dev.clawdbot.core.approval.OperatorAnswer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Turns a channel's proven answer into a decision bound to the exact-action hash the operator was shown: the
 * binding carries the request id and that hash, so a request changed after the question cannot be approved by the
 * old buttons, and a reply to an outdated question is refused. Plain words go to the reply interpreter, like an
 * e-mail reply.
 */
final class OperatorAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorAnswers.class);

    private OperatorAnswers() {
    }

    static String answer(RequestBroker broker, OperatorAnswer answer) {
        return switch (answer) {
            case OperatorAnswer.Choice c -> choice(broker, c);
            case OperatorAnswer.Reply r -> reply(broker, r);
        };
    }

    private static String choice(RequestBroker broker, OperatorAnswer.Choice answer) {
        Optional<String[]> b = parse(answer.binding());
        if (b.isEmpty()) return "This button does not belong to a broker request.";
        String id = b.get()[0];
        Decision d = ApprovalQuestion.APPROVE.equals(answer.option())
                ? broker.approve(id, answer.operator(), b.get()[1])
                : broker.deny(id, answer.operator(), "denied on " + answer.channel());
        LOG.info("request {}: {} by {} -> {}", id, answer.option(), answer.operator(), d.message());
        return d.message();
    }

    private static String reply(RequestBroker broker, OperatorAnswer.Reply answer) {
        Optional<String[]> b = parse(answer.binding());
        if (b.isEmpty()) return "That message does not belong to a broker request.";
        String id = b.get()[0];
        Optional<RequestView> r = broker.find(id);
        if (r.isEmpty() || !r.get().actionHash().equals(b.get()[1])) return "Request " + id + " no longer matches the question you replied to.";
        Decision d = broker.operatorReply(id, answer.operator(), answer.text());
        return d.newRequestId() == null ? d.message() : d.message() + " (" + d.newRequestId() + ")";
    }

    /** A binding is "req_… HASH" (see {@code ApprovalMessage.Request#binding}); anything else belongs to no request. */
    private static Optional<String[]> parse(String binding) {
        String[] parts = binding == null ? new String[0] : binding.split(" ", -1);
        return parts.length == 2 && parts[0].startsWith("req_") && isHash(parts[1]) ? Optional.of(parts) : Optional.empty();
    }

    private static boolean isHash(String s) {
        return s.length() == 64 && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }
}
