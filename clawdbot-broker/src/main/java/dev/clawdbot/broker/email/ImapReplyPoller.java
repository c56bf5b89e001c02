package dev.clawdbot.broker.email;

import dev.clawdbot.broker.BrokerEvents;
import dev.clawdbot.broker.Decision;
import dev.clawdbot.broker.OperatorEmailConfig;
import dev.clawdbot.broker.RequestBroker;
import dev.clawdbot.broker.RequestView;
import dev.clawdbot.broker.spool.RequestCodec;
import dev.clawdbot.core.text.HtmlText;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.Timers;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.mail.ImapIdle;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.search.FlagTerm;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watches the operator mailbox over IMAP for replies: IDLE, re-issued every {@code reidleInterval} (below the
 * servers' 29-minute limit), reconnecting with exponential backoff up to {@code maxBackoff}, and polling every
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
    private final Set<Store> open = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private ScheduledExecutorService timers;
    private Thread watcher;

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
        watcher = Thread.ofPlatform().daemon().name("broker-imap").start(this::watch);
    }

    private void watch() {
        long backoffMs = Math.min(1000, config.maxBackoff().toMillis());
        while (running) {
            Store store = null;
            Folder folder = null;
            try {
                store = connect();
                open.add(store);
                folder = store.getFolder(config.folder());
                folder.open(Folder.READ_WRITE);
                backoffMs = Math.min(1000, config.maxBackoff().toMillis());
                int known = folder.getMessageCount();
                process(folder);
                events.emit(Event.of(clock.instant(), BrokerEvents.BROKER_EMAIL_WATCHING, "broker", "folder", config.folder()));
                while (running && folder.isOpen()) {
                    ImapIdle.awaitChange(folder, known, timers, config.reidleInterval(), config.pollInterval());
                    known = folder.getMessageCount();
                    process(folder);
                }
            } catch (MessagingException | RuntimeException e) {
                if (!running) break;
                events.emit(Event.of(clock.instant(), BrokerEvents.BROKER_EMAIL_RECONNECT, "broker", "error", e.getClass().getSimpleName(), "retryInMs", backoffMs));
                LOG.warn("IMAP watch of {} failed, retrying in {} ms: {}", config.imapHost(), backoffMs, e.getMessage());
                LockSupport.parkNanos(backoffMs * 1_000_000L);
                backoffMs = Math.min(backoffMs * 2, config.maxBackoff().toMillis());
            } finally {
                if (store != null) open.remove(store);
                closeQuietly(folder, store);
            }
        }
    }

    private Store connect() throws MessagingException {
        Store store = MailSessions.imap(config).getStore(MailSessions.protocol(config));
        store.connect(config.imapHost(), config.imapPort(), config.username(), config.password());
        return store;
    }

    private static void closeQuietly(Folder folder, Store store) {
        try {
            if (folder != null && folder.isOpen()) folder.close(false);
        } catch (MessagingException | RuntimeException ignored) {
            // closing a broken connection
        }
        try {
            if (store != null) store.close();
        } catch (MessagingException | RuntimeException ignored) {
            // closing a broken connection
        }
    }

    /** Connects once, reads every unseen message, marks it seen, and returns how many were accepted (replies and commands). */
    public int pollOnce() throws MessagingException {
        Store store = connect();
        try {
            Folder folder = store.getFolder(config.folder());
            folder.open(Folder.READ_WRITE);
            try {
                return process(folder);
            } finally {
                folder.close(false);
            }
        } finally {
            store.close();
        }
    }

    private int process(Folder folder) throws MessagingException {
        int accepted = 0;
        for (Message m : folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false))) {
            try {
                if (handle(m)) accepted++;
            } catch (MessagingException | IOException e) {
                reject(null, "unreadable message: " + e.getClass().getSimpleName(), "");
            } catch (RuntimeException e) {
                // A broker or database failure: leave the message unseen so the next pass retries it.
                LOG.warn("operator reply not processed, will retry: {}", e.toString());
                continue;
            }
            m.setFlag(Flags.Flag.SEEN, true);
        }
        return accepted;
    }

    /** The single From address, lower-cased; null when there is not exactly one. */
    static String singleSender(Message m) throws MessagingException {
        Address[] from = m.getFrom();
        if (from == null || from.length != 1 || !(from[0] instanceof InternetAddress ia) || ia.getAddress() == null) return null;
        return ia.getAddress().toLowerCase(Locale.ROOT);
    }

    private boolean handle(Message m) throws MessagingException, IOException {
        String sender = singleSender(m);
        if (sender == null) return reject(null, "no single From address", "");
        if (commands != null && commands.isCommand(m)) return commands.handle(m, sender);
        if (!config.operators().contains(sender)) return reject(null, "sender not allowlisted", sender);

        Set<String> referenced = new HashSet<>();
        for (String h : List.of("In-Reply-To", "References")) {
            String[] vs = m.getHeader(h);
            if (vs == null) continue;
            for (String v : vs) {
                Matcher rm = REF.matcher(v);
                while (rm.find()) referenced.add(rm.group(1));
            }
        }
        Matcher tm = TOKEN.matcher(m.getSubject() == null ? "" : m.getSubject());
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

        String raw = text(m);
        String messageKey = m.getHeader("Message-ID") != null ? "email:" + m.getHeader("Message-ID")[0].strip()
                : "email-body:" + RequestCodec.sha256(sender + "\n" + m.getSubject() + "\n" + raw);
        String[] ar = m.getHeader("Authentication-Results");
        String auth = AuthenticationResults.verify(ar == null ? List.of() : Arrays.asList(ar), new HashSet<>(config.trustedAuthservIds()),
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
    private boolean refuse(Message m, String requestId, String reason, String sender) {
        reject(requestId, reason, sender);
        answers.answer(m, sender, requestId, reason);
        return false;
    }

    private boolean reject(String requestId, String reason, String sender) {
        events.emit(Event.of(clock.instant(), BrokerEvents.BROKER_APPROVAL_REJECTED, sender.isEmpty() ? "email" : "email:" + sender,
                "requestId", requestId == null ? "" : requestId, "channel", "email", "reason", reason));
        return false;
    }

    /** The plain text of a message: its text/plain part, else its HTML with tags removed. */
    static String text(Part p) throws MessagingException, IOException {
        if (p.isMimeType("text/plain")) return String.valueOf(p.getContent());
        if (p.isMimeType("text/html")) return HtmlText.text(String.valueOf(p.getContent()));
        if (p.isMimeType("multipart/*")) {
            Multipart mp = (Multipart) p.getContent();
            String html = null;
            for (int i = 0; i < mp.getCount(); i++) {
                BodyPart bp = mp.getBodyPart(i);
                if (bp.isMimeType("text/plain")) return String.valueOf(bp.getContent());
                if (html == null && (bp.isMimeType("text/html") || bp.isMimeType("multipart/*"))) html = text(bp);
            }
            return html == null ? "" : html;
        }
        return "";
    }

    @Override
    public synchronized void close() {
        running = false;
        if (timers != null) timers.shutdownNow();
        if (watcher != null) watcher.interrupt();
        // A thread blocked in IDLE wakes up only when its connection closes.
        for (Store s : open) closeQuietly(null, s);
        if (commands != null) commands.close();
        timers = null;
        watcher = null;
    }
}
