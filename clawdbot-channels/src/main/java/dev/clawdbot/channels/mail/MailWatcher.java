package dev.clawdbot.channels.mail;

import dev.clawdbot.channels.MailConfig;
import dev.clawdbot.channels.OperatorChat;
import dev.clawdbot.core.Timers;
import dev.clawdbot.core.UntrustedText;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.guard.ContentGuard;
import dev.clawdbot.core.guard.ContentSource;
import dev.clawdbot.core.guard.GuardVerdict;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.mail.FolderWatch;
import dev.clawdbot.mail.MailEvents;
import dev.clawdbot.mail.MailException;
import dev.clawdbot.mail.MailFolder;
import dev.clawdbot.mail.ReceivedMail;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Watches every configured folder with a {@link FolderWatch} (IMAP IDLE re-issued before the server's 29-minute
 * limit, reconnecting with exponential backoff) and pushes a short, guard-scanned, untrusted-wrapped summary of
 * each new message to the operator. Messages already in a folder when it is first watched are recorded,
 * not announced.
 */
public final class MailWatcher implements AutoCloseable {
    static final int SCAN_WINDOW = 200;
    private static final String BASELINE = "<baseline>";

    private final MailConfig config;
    private final NotifiedStore store;
    private final ContentGuard guard;
    private final OperatorChat operator;
    private final EventSink events;
    private final Clock clock;
    private final QuietHours quiet;
    private final ScheduledExecutorService timers = Timers.daemon("mail-timers");
    private final List<FolderWatch> watches = new ArrayList<>();
    private volatile boolean running;

    public MailWatcher(MailConfig config, Database db, ContentGuard guard, OperatorChat operator, EventSink events, Clock clock) {
        this.config = config;
        this.store = new NotifiedStore(db, clock);
        this.guard = guard;
        this.operator = operator;
        this.events = events;
        this.clock = clock;
        this.quiet = QuietHours.of(config);
    }

    public synchronized void start() {
        if (running) return;
        running = true;
        int recovered = store.recoverSending();
        if (recovered > 0) events.emit(Event.of(clock.instant(), MailEvents.MAIL_NOTIFY_RECOVERED, "mail", "notices", recovered));
        timers.scheduleWithFixedDelay(this::flushSafely, 0, 30, TimeUnit.SECONDS);
        FolderWatch.Timing timing = new FolderWatch.Timing(config.reidleInterval(), config.pollInterval(), config.maxBackoff());
        for (MailConfig.Mailbox box : config.mailboxes()) {
            for (String folder : box.folders()) {
                watches.add(FolderWatch.start("mail-" + box.name() + "-" + folder, box.imap(), folder, false, timing, timers, clock,
                        f -> {
                            scan(box, folder, f);
                            flushSafely();
                        }, new FolderWatch.Listener() {
                            @Override
                            public void connected() {
                                events.emit(Event.of(clock.instant(), MailEvents.MAIL_WATCH_CONNECTED, "mail", "mailbox", box.name(), "folder", folder));
                            }

                            @Override
                            public void idleEnded(String fullName) {
                                events.emit(Event.of(clock.instant(), MailEvents.MAIL_WATCH_IDLE_ENDED, "mail", "folder", fullName));
                            }

                            @Override
                            public void reconnecting(MailException error, long retryInMs) {
                                events.emit(Event.of(clock.instant(), MailEvents.MAIL_WATCH_RECONNECT, "mail", "mailbox", box.name(), "folder", folder,
                                        "error", error.describe(), "retryInMs", retryInMs));
                            }
                        }));
            }
        }
    }

    /** Records and announces what is new among the folder's last {@link #SCAN_WINDOW} messages. */
    private void scan(MailConfig.Mailbox box, String folderName, MailFolder folder) throws MailException {
        boolean baseline = !store.known(box.name(), BASELINE + folderName);
        for (ReceivedMail m : folder.latest(SCAN_WINDOW)) {
            String id = messageId(m, box.name(), folderName);
            if (baseline) {
                store.claim(box.name(), folderName, id, "", NotifyStatus.BASELINE);
                continue;
            }
            if (store.known(box.name(), id)) continue;
            String sender = m.fromAddress();
            if (!senderWanted(sender)) {
                store.claim(box.name(), folderName, id, "", NotifyStatus.FILTERED);
                continue;
            }
            String summary = summarize(box, folderName, m, sender);
            boolean hold = quiet != null && quiet.isQuiet(clock.instant());
            if (store.claim(box.name(), folderName, id, summary, hold ? NotifyStatus.HELD : NotifyStatus.PENDING)) {
                events.emit(Event.of(clock.instant(), MailEvents.MAIL_MESSAGE_NEW, "mail", "mailbox", box.name(), "folder", folderName, "held", hold));
                if (!hold) deliver(box.name(), id, summary, NotifyStatus.PENDING);
            }
        }
        if (baseline) store.claim(box.name(), folderName, BASELINE + folderName, "", NotifyStatus.BASELINE);
    }

    private boolean senderWanted(String sender) {
        if (config.ignoreSenders().stream().anyMatch(s -> matches(sender, s))) return false;
        return config.notifySenders().isEmpty() || config.notifySenders().stream().anyMatch(s -> matches(sender, s));
    }

    static boolean matches(String address, String rule) {
        return rule.startsWith("@") ? address.endsWith(rule) : address.equals(rule);
    }

    private String summarize(MailConfig.Mailbox box, String folderName, ReceivedMail m, String sender) throws MailException {
        String from = m.from();
        String subject = m.subject() == null ? "(no subject)" : m.subject();
        String preview;
        try {
            preview = MailText.preview(m.text(), config.previewLines());
        } catch (MailException e) {
            preview = "(the body could not be read)";
        }
        ContentSource source = new ContentSource("email", sender);
        String block = "From: " + from + "\nSubject: " + subject + (preview.isEmpty() ? "" : "\n" + preview);
        GuardVerdict verdict = guard.screen(block, source);
        if (!verdict.allowed()) {
            events.emit(Event.of(clock.instant(), MailEvents.MAIL_MESSAGE_FLAGGED, "mail", "mailbox", box.name(), "folder", folderName,
                    "flagged", String.join(",", verdict.flagged())));
            block = "From: " + from + "\nSubject: " + subject + "\n(preview withheld: the guard flagged this message)";
        } else if (verdict.sanitized() != null) {
            block = verdict.sanitized();
        }
        // The summary goes to the operator, not to a model: secrets stay redacted, PII placeholders become the text again.
        // A human reads it, so the sender's words are a quoted block (every line escaped and marked), not model markers.
        block = guard.screenOutput(block, source);
        StringBuilder notice = new StringBuilder("New mail in ").append(box.name()).append('/').append(folderName)
                .append(" (the sender's words, unverified):");
        for (String line : UntrustedText.lines(block)) notice.append("\n| ").append(line);
        return notice.toString();
    }

    private static String messageId(ReceivedMail m, String box, String folder) throws MailException {
        String h = m.header("Message-ID");
        if (h != null && !h.isBlank()) return h.trim();
        // No Message-ID: the envelope stands in, stable across restarts.
        return "<no-id:" + box + "/" + folder + "/" + sentDate(m) + "/" + m.from() + "/" + m.subject() + ">";
    }

    /** The Date header as {@link Date} prints it, so the stand-in ids of messages recorded so far stay the same. */
    private static String sentDate(ReceivedMail m) throws MailException {
        Instant d = m.sentDate();
        return d == null ? "null" : Date.from(d).toString();
    }

    /** Sends a notice unless another thread (the flush timer, another folder's scan) took it first. */
    private void deliver(String mailbox, String id, String summary, NotifyStatus from) {
        if (!store.transition(mailbox, id, from, NotifyStatus.SENDING)) return;
        try {
            operator.send(summary);
        } catch (RuntimeException e) {
            store.transition(mailbox, id, NotifyStatus.SENDING, NotifyStatus.PENDING);
            events.emit(Event.of(clock.instant(), MailEvents.MAIL_NOTIFY_FAILED, "mail", "mailbox", mailbox, "error", e.getClass().getSimpleName()));
            return;
        }
        store.transition(mailbox, id, NotifyStatus.SENDING, NotifyStatus.SENT);
    }

    /** Sends what was claimed but not delivered (a crash, a failed send) and, outside quiet hours, what was held. */
    synchronized void flush() {
        for (NotifiedStore.Row r : store.withStatus(NotifyStatus.PENDING)) deliver(r.mailbox(), r.messageId(), r.summary(), NotifyStatus.PENDING);
        if (quiet != null && quiet.isQuiet(clock.instant())) return;
        for (NotifiedStore.Row r : store.withStatus(NotifyStatus.HELD)) deliver(r.mailbox(), r.messageId(), r.summary(), NotifyStatus.HELD);
    }

    private void flushSafely() {
        try {
            flush();
        } catch (RuntimeException e) {
            events.emit(Event.of(clock.instant(), MailEvents.MAIL_NOTIFY_FAILED, "mail", "error", e.getClass().getSimpleName()));
        }
    }

    @Override
    public synchronized void close() {
        running = false;
        for (FolderWatch w : watches) w.close();
        timers.shutdownNow();
    }
}
