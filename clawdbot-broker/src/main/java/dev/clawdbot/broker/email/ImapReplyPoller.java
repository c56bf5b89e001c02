package dev.clawdbot.broker.email;

import dev.clawdbot.broker.BrokerEvents;
import dev.clawdbot.broker.Decision;
import dev.clawdbot.broker.OperatorEmailConfig;
import dev.clawdbot.broker.RequestBroker;
import dev.clawdbot.broker.request.RequestView;
import dev.clawdbot.broker.request.RequestCodec;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.Timers;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.mail.FolderWatch;
import dev.clawdbot.mail.MailException;
import dev.clawdbot.mail.MailFolder;
import dev.clawdbot.mail.ReceivedMail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watches the operator mailbox over IMAP for replies with a {@link FolderWatch}: IDLE, re-issued every
 * {@code reidleInterval} (below the servers' 29-minute limit), reconnecting with exponential backoff up to {@code maxBackoff}, and polling every
 * {@code pollInterval} when the server has no IDLE. Mail to the command address goes to {@link OperatorCommands}.
 * A reply counts only when (1) its single From address is
 * allowlisted, (2) it names exactly one request (subject token and In-Reply-To/References must agree), (3) its
 * Message-ID was not seen before, and (4) it carries proof content cannot forge: an aligned DKIM/DMARC/SPF pass
 * in the topmost Authentication-Results header from a trusted receiving server, or the request's unused
 * one-time code. Only then is the text, quotes and signature stripped, handed to the broker to interpret.
 */
public final class ImapReplyPoller implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ImapReplyPoller.class);
    private static final Pattern TOKEN = Pattern.compile("\\[clawdbot (CB-[0-9A-F]{10})]");
    private static final Pattern REF = Pattern.compile("<(req_[0-9a-f]{16})(?:\\.[a-z]+\\.\\d+)?@" + Pattern.quote(EmailOperatorChannel.MSGID_DOMAIN) + ">");

    private final OperatorEmailConfig config;
    private final RequestBroker broker;
    private final OperatorCommands commands;
    private final RefusalAnswers answers;
    private final EventSink events;
    private final Clock clock;
    private boolean running;
    private ScheduledExecutorService timers;
    private FolderWatch watcher;

    public ImapReplyPoller(OperatorEmailConfig config, RequestBroker broker, EventSink events, Clock clock) {
        this(config, broker, null, events, clock);
    }

    /** @param commands handles mail to the command address; null: such mail is treated like any other */
    public ImapReplyPoller(OperatorEmailConfig config, RequestBroker broker, OperatorCommands commands, EventSink events, Clock clock) {
        this.config = config;
        this.broker = broker;
        this.commands = commands;
        this.events = events;
        this.clock = clock;
        this.answers = new RefusalAnswers(config, broker, events, clock);
    }

    /** Starts the watcher thread: connect, read what is unseen, then IDLE (or poll) and read again, until {@link #close}. */
    public synchronized void start() {
        if (running) return;
        running = true;
        timers = Timers.daemon("broker-imap-timer");
        FolderWatch.Timing timing = new FolderWatch.Timing(config.reidleInterval(), config.pollInterval(), config.maxBackoff());
        watcher = FolderWatch.start("broker-imap", config.imapSettings(), config.folder(), true, timing, timers, clock, this::process, new FolderWatch.Listener() {
            @Override
            public void connected() {
                events.emit(Event.of(clock.instant(), BrokerEvents.BROKER_EMAIL_WATCHING, "broker", "folder", config.folder()));
            }

            @Override
            public void reconnecting(MailException error, long retryInMs) {
                events.emit(Event.of(clock.instant(), BrokerEvents.BROKER_EMAIL_RECONNECT, "broker", "error", error.kind(), "retryInMs", retryInMs));
                LOG.warn("IMAP watch of {} failed, retrying in {} ms: {}", config.imapHost(), retryInMs, error.getMessage());
            }
        });
    }

    /** Connects once, reads every unseen message, marks it seen, and returns how many were accepted (replies and commands). */
    public int pollOnce() throws MailException {
        try (MailFolder folder = MailFolder.open(config.imapSettings(), config.folder(), true, clock)
                .orElseThrow(() -> new MailException("no folder " + config.folder()))) {
            return process(folder);
        }
    }

    private int process(MailFolder folder) throws MailException {
        int accepted = 0;
        for (ReceivedMail m : folder.unseen()) {
            try {
                if (handle(m)) accepted++;
            } catch (MailException e) {
                reject(null, "unreadable message: " + e.kind(), "");
            } catch (RuntimeException e) {
                // A broker or database failure: leave the message unseen so the next pass retries it.
                LOG.warn("operator reply not processed, will retry: {}", e.toString());
                continue;
            }
            m.markSeen();
        }
        return accepted;
    }

    private boolean handle(ReceivedMail m) throws MailException {
        String sender = m.singleSender();
        if (sender == null) return reject(null, "no single From address", "");
        if (commands != null && commands.isCommand(m)) return commands.handle(m, sender);
        if (!config.operators().contains(sender)) return reject(null, "sender not allowlisted", sender);

        Set<String> referenced = new HashSet<>();
        for (String h : List.of("In-Reply-To", "References")) {
            for (String v : m.headers(h)) {
                Matcher rm = REF.matcher(v);
                while (rm.find()) referenced.add(rm.group(1));
            }
        }
        Matcher tm = TOKEN.matcher(m.subject() == null ? "" : m.subject());
        RequestView byToken = tm.find() ? broker.find(tm.group(1)).orElse(null) : null;
        if (referenced.size() > 1) return refuse(m, null, "reply references several requests", sender);
        String id;
        if (byToken != null && !referenced.isEmpty() && !referenced.contains(byToken.id())) {
            return refuse(m, byToken.id(), "subject token and In-Reply-To name different requests", sender);
        } else if (byToken != null) {
            id = byToken.id();
        } else if (!referenced.isEmpty()) {
            id = referenced.iterator().next();
        } else {
            return refuse(m, null, "no request token or reference", sender);
        }
        if (broker.find(id).isEmpty()) return refuse(m, id, "unknown request", sender);

        String raw = m.text();
        String messageKey = m.header("Message-ID") != null ? "email:" + m.header("Message-ID").strip()
                : "email-body:" + RequestCodec.sha256(sender + "\n" + m.subject() + "\n" + raw);
        String auth = AuthenticationResults.verify(m.headers("Authentication-Results"), new HashSet<>(config.trustedAuthservIds()),
                sender.substring(sender.indexOf('@') + 1));
        boolean code = broker.codeValid(id, raw);
        if (!auth.equals("pass") && !code) return refuse(m, id, "no proof of the operator: " + auth + "; and no valid one-time code", sender);
        if (broker.seenBefore(messageKey)) return refuse(m, id, "replayed message", sender);
        String reply = ReplyText.strip(raw);
        Decision d = broker.operatorReply(id, "email:" + sender, reply);
        // Remembered after acting: if the broker failed above, the message stays unseen and is retried.
        broker.firstSighting(messageKey, id);
        events.emit(Event.of(clock.instant(), BrokerEvents.BROKER_EMAIL_REPLY, "email:" + sender, "requestId", id,
                "proof", auth.equals("pass") ? "authentication-results" : "one-time-code", "accepted", d.accepted(),
                "state", d.state() == null ? "" : d.state().wire()));
        if (!d.accepted() && !RequestBroker.ASKED_TO_CLARIFY.equals(d.message())) answers.answer(m, sender, id, d.message());
        return d.accepted();
    }

    /** Refuses, and tells an allowlisted operator why (a spoofed From reaches the real operator only). */
    private boolean refuse(ReceivedMail m, String requestId, String reason, String sender) {
        reject(requestId, reason, sender);
        answers.answer(m, sender, requestId, reason);
        return false;
    }

    private boolean reject(String requestId, String reason, String sender) {
        events.emit(Event.of(clock.instant(), BrokerEvents.BROKER_APPROVAL_REJECTED, sender.isEmpty() ? "email" : "email:" + sender,
                "requestId", requestId == null ? "" : requestId, "channel", "email", "reason", reason));
        return false;
    }

    @Override
    public synchronized void close() {
        running = false;
        if (watcher != null) watcher.close();
        if (timers != null) timers.shutdownNow();
        if (commands != null) commands.close();
        timers = null;
        watcher = null;
    }
}
