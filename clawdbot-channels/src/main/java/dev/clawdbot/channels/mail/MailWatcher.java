package dev.clawdbot.channels.mail;

import dev.clawdbot.channels.MailConfig;
import dev.clawdbot.channels.OperatorChannel;
import dev.clawdbot.core.Timers;
import dev.clawdbot.core.UntrustedText;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.guard.ContentGuard;
import dev.clawdbot.core.guard.ContentSource;
import dev.clawdbot.core.guard.GuardVerdict;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.mail.ImapIdle;
import dev.clawdbot.mail.MailEvents;
import jakarta.mail.FetchProfile;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches every configured folder with IMAP IDLE (re-issued before the server's 29-minute limit,
 * reconnecting with exponential backoff) and pushes a short, guard-scanned, untrusted-wrapped summary of
 * each new message to the operator. Messages already in a folder when it is first watched are recorded,
 * not announced.
 */
public final class MailWatcher implements AutoCloseable {
    static final int SCAN_WINDOW = 200;
    private static final String BASELINE = "<baseline>";

    private final MailConfig config;
    private final NotifiedStore store;
    private final ContentGuard guard;
    private final OperatorChannel operator;
    private final EventSink events;
    private final Clock clock;
    private final QuietHours quiet;
    private final ScheduledExecutorService timers = Timers.daemon("mail-timers");
    private final List<Thread> threads = new ArrayList<>();
    private final java.util.Set<Store> open = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    public MailWatcher(MailConfig config, Database db, ContentGuard guard, OperatorChannel operator, EventSink events, Clock clock) {
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
        for (MailConfig.Mailbox box : config.mailboxes()) {
            for (String folder : box.folders()) {
                threads.add(Thread.ofPlatform().daemon().name("mail-" + box.name() + "-" + folder).start(() -> watch(box, folder)));
            }
        }
    }

    private void watch(MailConfig.Mailbox box, String folderName) {
        long backoffMs = Math.min(1000, config.maxBackoff().toMillis());
        while (running) {
            Store imap = null;
            Folder folder = null;
            try {
                imap = MailSessions.connect(box, clock);
                open.add(imap);
                folder = imap.getFolder(folderName);
                folder.open(Folder.READ_ONLY);
                backoffMs = Math.min(1000, config.maxBackoff().toMillis());
                int known = scan(box, folderName, folder);
                events.emit(Event.of(clock.instant(), MailEvents.MAIL_WATCH_CONNECTED, "mail", "mailbox", box.name(), "folder", folderName));
                while (running && folder.isOpen()) {
                    if (!ImapIdle.awaitChange(folder, known, timers, config.reidleInterval(), config.pollInterval())) {
                        events.emit(Event.of(clock.instant(), MailEvents.MAIL_WATCH_IDLE_ENDED, "mail", "folder", folder.getFullName()));
                    }
                    known = scan(box, folderName, folder);
                    flushSafely();
                }
            } catch (MessagingException | RuntimeException e) {
                if (!running) break;
                events.emit(Event.of(clock.instant(), MailEvents.MAIL_WATCH_RECONNECT, "mail", "mailbox", box.name(), "folder", folderName,
                        "error", MailSessions.redact(box, e), "retryInMs", backoffMs));
                LockSupport.parkNanos(backoffMs * 1_000_000L);
                backoffMs = Math.min(backoffMs * 2, config.maxBackoff().toMillis());
            } finally {
                if (imap != null) open.remove(imap);
                closeQuietly(folder, imap);
            }
        }
    }

    /** Returns the message count this pass was based on. */
    private int scan(MailConfig.Mailbox box, String folderName, Folder folder) throws MessagingException {
        boolean baseline = !store.known(box.name(), BASELINE + folderName);
        int count = folder.getMessageCount();
        Message[] messages = count == 0 ? new Message[0] : folder.getMessages(Math.max(1, count - SCAN_WINDOW + 1), count);
        FetchProfile fp = new FetchProfile();
        fp.add(FetchProfile.Item.ENVELOPE);
        fp.add("Message-ID");
        folder.fetch(messages, fp);
        for (Message m : messages) {
            String id = messageId(m, box.name(), folderName);
            if (baseline) {
                store.claim(box.name(), folderName, id, "", "baseline");
                continue;
            }
            if (store.known(box.name(), id)) continue;
            String sender = MailText.fromAddress(m);
            if (!senderWanted(sender)) {
                store.claim(box.name(), folderName, id, "", "filtered");
                continue;
            }
            String summary = summarize(box, folderName, m, sender);
            boolean hold = quiet != null && quiet.isQuiet(clock.instant());
            if (store.claim(box.name(), folderName, id, summary, hold ? "held" : "pending")) {
                events.emit(Event.of(clock.instant(), MailEvents.MAIL_MESSAGE_NEW, "mail", "mailbox", box.name(), "folder", folderName, "held", hold));
                if (!hold) deliver(box.name(), id, summary, "pending");
            }
        }
        if (baseline) store.claim(box.name(), folderName, BASELINE + folderName, "", "baseline");
        return count;
    }

    private boolean senderWanted(String sender) {
        if (config.ignoreSenders().stream().anyMatch(s -> matches(sender, s))) return false;
        return config.notifySenders().isEmpty() || config.notifySenders().stream().anyMatch(s -> matches(sender, s));
    }

    static boolean matches(String address, String rule) {
        return rule.startsWith("@") ? address.endsWith(rule) : address.equals(rule);
    }

    private String summarize(MailConfig.Mailbox box, String folderName, Message m, String sender) throws MessagingException {
        String from = MailText.from(m);
        String subject = m.getSubject() == null ? "(no subject)" : m.getSubject();
        String preview;
        try {
            preview = MailText.preview(MailText.body(m), config.previewLines());
        } catch (java.io.IOException e) {
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

    private static String messageId(Message m, String box, String folder) throws MessagingException {
        String[] h = m.getHeader("Message-ID");
        if (h != null && h.length > 0 && !h[0].isBlank()) return h[0].trim();
        // No Message-ID: the envelope stands in, stable across restarts.
        return "<no-id:" + box + "/" + folder + "/" + m.getSentDate() + "/" + MailText.from(m) + "/" + m.getSubject() + ">";
    }

    /** Sends a notice unless another thread (the flush timer, another folder's scan) took it first. */
    private void deliver(String mailbox, String id, String summary, String from) {
        if (!store.transition(mailbox, id, from, "sending")) return;
        try {
            operator.send(summary);
        } catch (RuntimeException e) {
            store.transition(mailbox, id, "sending", "pending");
            events.emit(Event.of(clock.instant(), MailEvents.MAIL_NOTIFY_FAILED, "mail", "mailbox", mailbox, "error", e.getClass().getSimpleName()));
            return;
        }
        store.transition(mailbox, id, "sending", "sent");
    }

    /** Sends what was claimed but not delivered (a crash, a failed send) and, outside quiet hours, what was held. */
    synchronized void flush() {
        for (NotifiedStore.Row r : store.withStatus("pending")) deliver(r.mailbox(), r.messageId(), r.summary(), "pending");
        if (quiet != null && quiet.isQuiet(clock.instant())) return;
        for (NotifiedStore.Row r : store.withStatus("held")) deliver(r.mailbox(), r.messageId(), r.summary(), "held");
    }

    private void flushSafely() {
        try {
            flush();
        } catch (RuntimeException e) {
            events.emit(Event.of(clock.instant(), MailEvents.MAIL_NOTIFY_FAILED, "mail", "error", e.getClass().getSimpleName()));
        }
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

    @Override
    public synchronized void close() {
        running = false;
        timers.shutdownNow();
        for (Thread t : threads) t.interrupt();
        // A thread blocked in IDLE wakes up only when its connection closes.
        for (Store s : open) closeQuietly(null, s);
    }
}
