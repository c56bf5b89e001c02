package dev.clawdbot.broker.email;

import dev.clawdbot.broker.BrokerEvents;
import dev.clawdbot.broker.OperatorEmailConfig;
import dev.clawdbot.broker.RequestBroker;
import dev.clawdbot.broker.request.RequestState;
import dev.clawdbot.broker.request.RequestView;
import dev.clawdbot.core.UntrustedText;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.mail.MailException;
import dev.clawdbot.mail.ReceivedMail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/**
 * Answers an operator's mail that the broker could not act on (refused, late, expired, unclear, for no known
 * request), saying why and how to go on, so no mail is a dead end. Answers go only to allowlisted operator
 * addresses (a spoofed From reaches the real operator, never the spoofer) and never to automatic mail (no loops).
 * While the request is open the answer carries its one-time code, so a reply to the answer is itself answerable.
 */
final class RefusalAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(RefusalAnswers.class);

    private final OperatorEmailConfig config;
    private final EmailOperatorChannel mail;
    private final RequestBroker broker;
    private final EventSink events;
    private final Clock clock;

    RefusalAnswers(OperatorEmailConfig config, RequestBroker broker, EventSink events, Clock clock) {
        this.config = config;
        this.mail = new EmailOperatorChannel(config, clock);
        this.broker = broker;
        this.events = events;
        this.clock = clock;
    }

    void answer(ReceivedMail m, String sender, String requestId, String why) {
        if (sender == null || !config.operators().contains(sender)) return;
        try {
            String auto = m.header("Auto-Submitted");
            if (auto != null && !auto.strip().toLowerCase(Locale.ROOT).equals("no")) return;
            String theirs = m.subject() == null ? "(no subject)" : UntrustedText.inline(m.subject());
            if (theirs.length() > 200) theirs = theirs.substring(0, 200) + "…";
            Optional<RequestView> r = requestId == null ? Optional.empty() : broker.find(requestId);
            StringBuilder body = new StringBuilder("Your mail \"").append(theirs).append("\" was not acted on: ").append(why).append(".\n\n");
            String subject;
            if (r.isPresent()) {
                RequestView v = r.get();
                subject = "[clawdbot " + v.token() + "] Not acted on: " + UntrustedText.inline(v.request().summary());
                if (RequestState.OPEN_FOR_OPERATOR.contains(v.state())) {
                    body.append("Request ").append(v.id()).append(" is still waiting for your decision (actions hash ").append(v.actionHash())
                            .append(").\nReply to this mail in plain words (\"yes\", \"no\", a question) and keep this one-time code in your reply: ")
                            .append(broker.replyCode(v.id())).append('\n');
                } else {
                    body.append("Request ").append(v.id()).append(" is ").append(v.state().wire())
                            .append("; it can no longer be decided by mail. The requester can file it again if it is still needed.\n");
                }
            } else {
                subject = "Not acted on: " + theirs;
                body.append("Reply to the approval mail of the request you mean (its subject carries [clawdbot CB-...]),\n")
                        .append("or see the open requests with: clawdbot request list --state awaiting_operator\n");
            }
            String id = m.header("Message-ID");
            mail.reply(sender, subject, id == null ? null : id.strip(), body.toString());
            events.emit(Event.of(clock.instant(), BrokerEvents.BROKER_EMAIL_ANSWERED, "broker", "requestId", requestId == null ? "" : requestId,
                    "reason", why.length() > 200 ? why.substring(0, 200) : why));
        } catch (MailException | RuntimeException e) {
            LOG.warn("could not answer an operator mail that was not acted on: {}", e.toString());
        }
    }
}
