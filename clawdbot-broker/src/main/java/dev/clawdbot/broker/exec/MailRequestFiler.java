package dev.clawdbot.broker.exec;

import dev.clawdbot.broker.request.HostChangeRequest;
import dev.clawdbot.broker.request.ProposedAction;
import dev.clawdbot.broker.spool.SpoolIntake;
import dev.clawdbot.core.events.EventSink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a mail the user agent may not send on its own into a broker request with one {@code mail} action,
 * written into the spool like any other request: the operator sees the exact recipients, subject and body,
 * and approval sends exactly that mail once. The requester is the agent that receives the outcome as a
 * bridge note; who asked (the chat caller) goes into the rationale.
 */
public final class MailRequestFiler {

    private final SpoolIntake spool;
    private final String defaultAgent;

    /** @param defaultAgent receives the outcome when the filing agent is not known */
    public MailRequestFiler(Path spoolDir, String defaultAgent, Clock clock) {
        this.spool = new SpoolIntake(spoolDir, EventSink.NONE, clock);
        this.defaultAgent = defaultAgent;
    }

    /**
     * Files the request; returns the spool file name. {@code to} is a comma-separated address list. Invalid
     * mail (an address that does not parse, a subject with a line break) is refused with IllegalArgumentException.
     * {@code agent} is the requester that gets the outcome as a bridge note (the default agent when null).
     */
    public String file(String agent, String requestedBy, String to, String subject, String body) {
        List<String> recipients = Arrays.stream(to == null ? new String[0] : to.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        ProposedAction.Mail mail = ProposedAction.mail(recipients, null, subject, body == null ? "" : body);
        String summary = "Send e-mail to " + String.join(", ", mail.to());
        if (summary.length() > 200) summary = summary.substring(0, 196) + " ...";
        String who = requestedBy == null || requestedBy.isBlank() ? "the agent" : requestedBy.replaceAll("[\\r\\n]", " ");
        HostChangeRequest r = new HostChangeRequest(agent == null || agent.isBlank() ? defaultAgent : agent, summary,
                "mail_send by " + who + ": these recipients are not on mail.sendAllowed, so the operator decides.", List.of(mail), null);
        try {
            return spool.submit(r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot file the mail request in the broker spool: " + e.getMessage(), e);
        }
    }
}
