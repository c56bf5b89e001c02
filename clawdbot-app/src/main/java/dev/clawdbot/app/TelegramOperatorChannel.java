package dev.clawdbot.app;

import dev.clawdbot.broker.Decision;
import dev.clawdbot.broker.OperatorChannel;
import dev.clawdbot.broker.OperatorNotice;
import dev.clawdbot.broker.RequestBroker;
import dev.clawdbot.broker.RequestView;
import dev.clawdbot.broker.render.ApprovalText;
import dev.clawdbot.broker.render.CurrentFiles;
import dev.clawdbot.channels.AdminBot;
import dev.clawdbot.channels.Approvals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The broker's operator channel on Telegram, through the admin bot: an approval question with Approve / Deny
 * buttons in each admin-allowlisted operator's private chat. The channels module proves the answer (admin
 * allowlist, a signature bound to this offer and message, before expiry, first press only, also after a
 * restart); this class turns it into a decision bound to the exact-action hash the operator was shown, so a
 * request changed after the question cannot be approved by the old buttons. A plain-language reply to the
 * question goes to the broker's reply interpreter, like an e-mail reply.
 */
final class TelegramOperatorChannel implements OperatorChannel {

    private static final Logger LOG = LoggerFactory.getLogger(TelegramOperatorChannel.class);
    static final String APPROVE = "Approve";
    static final String DENY = "Deny";
    private static final int MAX_MESSAGE = 4000;

    private final AdminBot bot;
    private final Supplier<RequestBroker> broker;

    TelegramOperatorChannel(AdminBot bot, Supplier<RequestBroker> broker) {
        this.bot = bot;
        this.broker = broker;
        bot.approvals().onAnswer(this::onAnswer);
        bot.approvals().onReply((operator, binding, text) -> onReply("telegram:" + operator, binding, text));
    }

    @Override
    public String name() {
        return "telegram";
    }

    @Override
    public void send(OperatorNotice notice) {
        switch (notice) {
            case OperatorNotice.AskApproval a -> ask(a.request(), "Approval needed", a.approveLink(), a.pageCode());
            case OperatorNotice.Reminder r -> ask(r.request(), "Reminder: still waiting for you", r.approveLink(), r.pageCode());
            case OperatorNotice.FollowUp f -> tell("Request " + f.request().id() + ": " + f.text());
            case OperatorNotice.Outcome o -> tell("Request " + o.request().id() + " is " + o.request().state().toString().toLowerCase(Locale.ROOT)
                    + (o.request().result() == null ? "" : ". Result (command output, untrusted):\n" + String.join("\n", ApprovalText.quote(o.request().result()))));
        }
    }

    private void tell(String text) {
        for (long chat : bot.operatorChats()) bot.operatorChannel(chat).send(text);
    }

    private void ask(RequestView r, String heading, java.net.URI link, String pageCode) {
        String tail = "\nOr reply to this message in plain words (\"yes, but only on web1\", \"why root?\")."
                + (link == null ? "" : "\nOr review and approve in a browser: " + link + "\nThe page asks for this page code: " + pageCode);
        String body = question(r, heading);
        // Telegram refuses messages over 4096 characters. A question that cannot show every content in full or as
        // a diff offers no Approve button: the operator approves only what was shown (request show, the link page, e-mail).
        int room = MAX_MESSAGE - tail.length();
        List<String> options = List.of(APPROVE, DENY);
        boolean complete = ApprovalText.allShown(ApprovalText.blocks(r.actions(), CurrentFiles.LOCAL), ApprovalText.Long.DIFF_OR_OMIT);
        if (body.length() > room) {
            body = body.substring(0, room - 160) + "\n… (too long for Telegram; review it with clawdbot request show " + r.id()
                    + " and approve there or by e-mail; here you can only deny or reply)";
            options = List.of(DENY);
        } else if (!complete) {
            body = body + "\nSome content is too long to show here; review it with clawdbot request show " + r.id()
                    + " --full and approve there or by e-mail; here you can only deny or reply.";
            options = List.of(DENY);
        }
        String q = body + tail;
        for (long chat : bot.operatorChats()) bot.approvals().ask(chat, q, options, binding(r), r.expiresAt());
    }

    /** What a button or reply is bound to: the request id and the full hash of the actions shown. */
    static String binding(RequestView r) {
        return r.id() + " " + r.actionHash();
    }

    private String onAnswer(Approvals.Answer answer) {
        Optional<String[]> b = parse(answer.binding());
        if (b.isEmpty()) return "This button does not belong to a broker request.";
        String id = b.get()[0];
        String actor = "telegram:" + answer.answeredBy();
        Decision d = APPROVE.equals(answer.option())
                ? broker.get().approve(id, actor, b.get()[1])
                : broker.get().deny(id, actor, "denied on Telegram");
        LOG.info("request {}: {} by {} -> {}", id, answer.option(), actor, d.message());
        return d.message();
    }

    private String onReply(String actor, String binding, String text) {
        Optional<String[]> b = parse(binding);
        if (b.isEmpty()) return "That message does not belong to a broker request.";
        String id = b.get()[0];
        Optional<RequestView> r = broker.get().find(id);
        if (r.isEmpty() || !r.get().actionHash().equals(b.get()[1])) return "Request " + id + " no longer matches the question you replied to.";
        Decision d = broker.get().operatorReply(id, actor, text);
        return d.newRequestId() == null ? d.message() : d.message() + " (" + d.newRequestId() + ")";
    }

    private static Optional<String[]> parse(String binding) {
        String[] parts = binding == null ? new String[0] : binding.split(" ", -1);
        return parts.length == 2 && parts[0].startsWith("req_") && parts[1].matches("[0-9a-f]{64}") ? Optional.of(parts) : Optional.empty();
    }

    static String question(RequestView r, String heading) {
        return (heading + ":\n" + ApprovalText.plain(r, CurrentFiles.LOCAL, ApprovalText.Long.DIFF_OR_OMIT)).strip();
    }
}
