package dev.clawdbot.broker.email;

import dev.clawdbot.broker.BrokerEvents;
import dev.clawdbot.broker.OperatorEmailConfig;
import dev.clawdbot.broker.RequestBroker;
import dev.clawdbot.broker.admin.AdminRunner;
import dev.clawdbot.broker.request.RequestCodec;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.guard.ContentGuard;
import dev.clawdbot.core.guard.ContentSource;
import dev.clawdbot.core.guard.GuardVerdict;
import dev.clawdbot.mail.MailException;
import dev.clawdbot.mail.ReceivedMail;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Operator e-mail to the command address starts an admin-agent run (trigger {@code operator-email}). It counts
 * only from an allowlisted operator address AND with an aligned DKIM/DMARC/SPF pass in the topmost
 * Authentication-Results header of a trusted receiving server (the approvals' check; commands have no one-time
 * code, so that header is the only proof). A Message-ID is acted on once, recorded before the run so a crash never
 * repeats a host task. The command text is screened by the content guard; the run's answer is screened as output
 * and mailed back to the operator, threaded under the command; the full transcript is kept under the run id.
 */
public final class OperatorCommands implements AutoCloseable {

    /** Runs one admin-agent task and keeps its transcript (the broker services' {@code runAdmin} with {@code operator-email}). */
    @FunctionalInterface
    public interface Runner {
        AdminRunner.AdminRun run(String input) throws InterruptedException;
    }

    private static final int MAX_COMMAND = 8_000;

    private final OperatorEmailConfig config;
    private final RequestBroker broker;
    private final Runner runner;
    private final ContentGuard guard;
    private final EmailOperatorChannel mailer;
    private final EventSink events;
    private final Clock clock;
    private final ExecutorService runs = Executors.newVirtualThreadPerTaskExecutor();

    public OperatorCommands(OperatorEmailConfig config, RequestBroker broker, Runner runner, ContentGuard guard, EventSink events, Clock clock) {
        if (config.commandAddress() == null) throw new IllegalArgumentException("broker.email.commandAddress is not set");
        this.config = config;
        this.broker = broker;
        this.runner = runner;
        this.guard = Objects.requireNonNull(guard, "the content guard screens operator commands and their answers");
        this.mailer = new EmailOperatorChannel(config, clock);
        this.events = events;
        this.clock = clock;
    }

    /** True when the message is addressed (To, Cc, Delivered-To, X-Original-To) to the command address. */
    boolean isCommand(ReceivedMail m) throws MailException {
        for (String a : m.recipients()) if (config.commandAddress().equalsIgnoreCase(a)) return true;
        for (String h : List.of("Delivered-To", "X-Original-To")) {
            for (String v : m.headers(h)) if (v.strip().replaceAll("^<|>$", "").equalsIgnoreCase(config.commandAddress())) return true;
        }
        return false;
    }

    /** Checks the sender's proof and starts the run; true when a run was started. */
    boolean handle(ReceivedMail m, String sender) throws MailException {
        if (!config.operators().contains(sender)) return reject("sender not allowlisted", sender);
        String auth = AuthenticationResults.verify(m.headers("Authentication-Results"), new HashSet<>(config.trustedAuthservIds()),
                sender.substring(sender.indexOf('@') + 1));
        if (!auth.equals("pass")) return reject("no proof of the operator: " + auth, sender);
        String subject = m.subject() == null ? "" : m.subject().strip();
        String text = ReplyText.strip(m.text()).strip();
        String messageId = m.header("Message-ID") == null ? null : m.header("Message-ID").strip();
        String key = "email-command:" + (messageId != null ? messageId : RequestCodec.sha256(sender + "\n" + subject + "\n" + text));
        if (text.isEmpty() && subject.isEmpty()) return reject("empty command", sender);
        if (text.length() > MAX_COMMAND) return reject("command longer than " + MAX_COMMAND + " characters", sender);
        // Recorded before the run: a replay, or a crash during the run, never starts it again.
        if (!broker.firstSighting(key, "")) return reject("replayed message", sender);
        String command = subject.isEmpty() ? text : text.isEmpty() ? subject : subject + "\n\n" + text;
        ContentSource source = new ContentSource("email", sender);
        GuardVerdict verdict = guard.screen(command, source);
        String replySubject = subject.toLowerCase(Locale.ROOT).startsWith("re:") ? subject : "Re: " + (subject.isEmpty() ? "your command" : subject);
        if (!verdict.allowed()) {
            reject("refused by the content guard", sender);
            mailQuietly(sender, replySubject, messageId, "Your command was refused by the content guard (" + String.join(", ", verdict.flagged())
                    + "); nothing was run.\n");
            return false;
        }
        events.emit(Event.of(clock.instant(), BrokerEvents.BROKER_EMAIL_COMMAND, "email:" + sender, "proof", "authentication-results"));
        String input = "The operator (" + sender + ", proven by DKIM/SPF) asks by e-mail:\n" + verdict.sanitized();
        runs.execute(() -> runAndReply(sender, replySubject, messageId, input));
        return true;
    }

    private void runAndReply(String sender, String subject, String inReplyTo, String input) {
        String body;
        try {
            AdminRunner.AdminRun run = runner.run(input);
            String answer = guard.screenOutput(run.finalText() == null || run.finalText().isBlank() ? "(the admin agent gave no answer)" : run.finalText(),
                    new ContentSource("email", sender));
            body = answer.strip() + "\n\n-- \nAdmin run " + run.runId() + " (" + run.stop() + ", " + run.steps() + " step(s)); transcript: clawdbot request show "
                    + run.runId() + "\n";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            body = "The admin run was interrupted (the broker is shutting down); it was not restarted. Send the command again if it is still needed.\n";
        } catch (RuntimeException e) {
            body = "The admin run failed: " + e.getClass().getSimpleName() + ". Nothing else was attempted.\n";
        }
        mailQuietly(sender, subject, inReplyTo, body);
    }

    private void mailQuietly(String to, String subject, String inReplyTo, String body) {
        try {
            mailer.reply(to, subject, inReplyTo, body);
            events.emit(Event.of(clock.instant(), BrokerEvents.BROKER_EMAIL_COMMAND_ANSWERED, "broker", "to", to));
        } catch (MailException | RuntimeException e) {
            events.emit(Event.of(clock.instant(), BrokerEvents.BROKER_NOTIFY_FAILED, 7, "broker", "target", "operator-command", "error", e.getClass().getSimpleName()));
        }
    }

    private boolean reject(String reason, String sender) {
        events.emit(Event.of(clock.instant(), BrokerEvents.BROKER_APPROVAL_REJECTED, "email:" + sender, "requestId", "", "channel", "email-command", "reason", reason));
        return false;
    }

    @Override
    public void close() {
        runs.shutdownNow();
    }
}
