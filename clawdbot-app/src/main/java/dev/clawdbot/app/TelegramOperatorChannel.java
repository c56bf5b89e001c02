package dev.clawdbot.app;

import dev.clawdbot.broker.Decision;
import dev.clawdbot.broker.OperatorChannel;
import dev.clawdbot.broker.OperatorNotice;
import dev.clawdbot.broker.ProposedAction;
import dev.clawdbot.broker.RequestBroker;
import dev.clawdbot.broker.RequestView;
import dev.clawdbot.channels.Approvals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The broker's operator channel on Telegram: an approval question with Approve / Deny buttons in the
 * operator's chat. The channels module proves the answer (allowlisted sender, a signature bound to this
 * offer and message, first press only); this class turns it into a decision bound to the exact-action hash
 * the operator was shown, so a request changed after the question cannot be approved by the old buttons.
 */
final class TelegramOperatorChannel implements OperatorChannel {

    private static final Logger LOG = LoggerFactory.getLogger(TelegramOperatorChannel.class);
    static final String APPROVE = "Approve";
    static final String DENY = "Deny";

    private final Approvals approvals;
    private final Consumer<String> text;
    private final long chatId;
    private final Supplier<RequestBroker> broker;

    TelegramOperatorChannel(Approvals approvals, Consumer<String> text, long chatId, Supplier<RequestBroker> broker) {
        this.approvals = approvals;
        this.text = text;
        this.chatId = chatId;
        this.broker = broker;
    }

    @Override
    public String name() {
        return "telegram";
    }

    @Override
    public void send(OperatorNotice notice) {
        switch (notice) {
            case OperatorNotice.AskApproval a -> ask(a.request(), "Approval needed", a.approveLink());
            case OperatorNotice.Reminder r -> ask(r.request(), "Reminder: still waiting for you", r.approveLink());
            case OperatorNotice.FollowUp f -> text.accept("Request " + f.request().id() + ": " + f.text());
            case OperatorNotice.Outcome o -> text.accept("Request " + o.request().id() + " is " + o.request().state().toString().toLowerCase(java.util.Locale.ROOT)
                    + (o.request().result() == null ? "" : ": " + o.request().result()));
        }
    }

    private void ask(RequestView r, String heading, java.net.URI link) {
        String q = question(r, heading) + (link == null ? "" : "\nOr review and approve in a browser: " + link);
        Approvals.Offer offer = approvals.ask(chatId, q, List.of(APPROVE, DENY));
        String hash = r.actionHash();
        offer.answer().thenAccept(answer -> {
            String actor = "telegram:" + answer.answeredBy();
            Decision d = APPROVE.equals(answer.option())
                    ? broker.get().approve(r.id(), actor, hash)
                    : broker.get().deny(r.id(), actor, "denied on Telegram");
            LOG.info("request {}: {} by {} -> {}", r.id(), answer.option(), actor, d);
        });
    }

    static String question(RequestView r, String heading) {
        StringBuilder sb = new StringBuilder();
        sb.append(heading).append(": request ").append(r.id()).append(" from ").append(r.request().requester())
                .append(" (risk ").append(r.risk()).append(")\n")
                .append(r.request().summary()).append('\n');
        if (r.request().rationale() != null) sb.append("Why: ").append(r.request().rationale()).append('\n');
        sb.append("Exact actions (hash ").append(r.actionHash(), 0, Math.min(12, r.actionHash().length())).append("):\n");
        for (ProposedAction a : r.actions()) sb.append("- ").append(a.describe()).append('\n');
        if (r.assessment() != null) sb.append("Assessment: ").append(r.assessment());
        return sb.toString().strip();
    }
}
