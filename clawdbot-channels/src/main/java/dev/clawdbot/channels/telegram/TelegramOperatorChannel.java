package dev.clawdbot.channels.telegram;

import dev.clawdbot.core.approval.ApprovalAnswers;
import dev.clawdbot.core.approval.ApprovalMessage;
import dev.clawdbot.core.approval.ApprovalQuestion;
import dev.clawdbot.core.approval.OperatorAnswer;

import java.net.URI;
import java.util.List;

/**
 * The operator channel on Telegram, through the admin bot: an approval question with Approve / Deny buttons in each
 * admin-allowlisted operator's private chat. The admin bot proves the answer (admin allowlist, a signature bound to
 * this offer and message, before expiry, first press only, also after a restart) and this class hands it to
 * {@link ApprovalAnswers} with the question's binding (request id and exact-action hash), so a request changed after
 * the question cannot be approved by the old buttons. A plain-language reply to the question goes the same way.
 */
public final class TelegramOperatorChannel implements dev.clawdbot.core.approval.OperatorChannel {

    /** Telegram refuses messages over 4096 characters. */
    private static final int MAX_MESSAGE = 4000;

    private final AdminBot bot;

    /** {@code answers} is the broker; it may be created after this channel, so it is only called on an answer. */
    public TelegramOperatorChannel(AdminBot bot, ApprovalAnswers answers) {
        this.bot = bot;
        bot.approvals().onAnswer(a -> answers.answer(new OperatorAnswer.Choice(a.binding(), "telegram:" + a.answeredBy(), "Telegram", a.option())));
        bot.approvals().onReply((operator, binding, text) -> answers.answer(new OperatorAnswer.Reply(binding, "telegram:" + operator, "Telegram", text)));
    }

    @Override
    public String name() {
        return "telegram";
    }

    @Override
    public void send(ApprovalMessage message) {
        switch (message) {
            case ApprovalMessage.AskApproval a -> ask(a.question(), "Approval needed", a.approveLink(), a.pageCode());
            case ApprovalMessage.Reminder r -> ask(r.question(), "Reminder: still waiting for you", r.approveLink(), r.pageCode());
            case ApprovalMessage.FollowUp f -> tell("Request " + f.request().id() + ": " + f.text());
            case ApprovalMessage.Outcome o -> tell("Request " + o.request().id() + " is " + o.state()
                    + (o.quotedResult() == null ? "" : ". Result (command output, untrusted):\n" + o.quotedResult()));
        }
    }

    private void tell(String text) {
        for (long chat : bot.operatorChats()) bot.operatorChat(chat).send(text);
    }

    private void ask(ApprovalQuestion q, String heading, URI link, String pageCode) {
        String id = q.request().id();
        String tail = "\nOr reply to this message in plain words (\"yes, but only on web1\", \"why root?\")."
                + (link == null ? "" : "\nOr review and approve in a browser: " + link + "\nThe page asks for this page code: " + pageCode);
        String body = (heading + ":\n" + q.textOnly().text()).strip();
        // A question that cannot show every content in full or as a diff offers no Approve button: the operator
        // approves only what was shown (request show, the link page, e-mail).
        int room = MAX_MESSAGE - tail.length();
        List<String> options = q.options();
        if (body.length() > room) {
            body = body.substring(0, room - 160) + "\n… (too long for Telegram; review it with clawdbot request show " + id
                    + " and approve there or by e-mail; here you can only deny or reply)";
            options = List.of(ApprovalQuestion.DENY);
        } else if (!q.textOnly().complete()) {
            body = body + "\nSome content is too long to show here; review it with clawdbot request show " + id
                    + " --full and approve there or by e-mail; here you can only deny or reply.";
            options = List.of(ApprovalQuestion.DENY);
        }
        String text = body + tail;
        for (long chat : bot.operatorChats()) bot.approvals().ask(chat, text, options, q.request().binding(), q.request().expiresAt());
    }
}
