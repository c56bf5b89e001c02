package dev.clawdbot.mail;

import dev.clawdbot.core.events.EventCatalogue;
import dev.clawdbot.core.events.EventType;

/**
 * The mail module's event types, as listed in {@code docs/events.md}. A new event: add a constant here
 * ({@code module.what} becomes {@code MODULE_WHAT}) and a row there; emit it with
 * {@code Event.of(clock.instant(), MailEvents.MODULE_WHAT, actor, k, v...)}.
 */
public final class MailEvents implements EventCatalogue {

    public static final EventType MAIL_SEND_REQUESTED = EventType.of("mail.send.requested", 5, "recipients", "request");
    public static final EventType MAIL_SENT = EventType.of("mail.sent", 3, "recipients");
    public static final EventType MAIL_NOTIFY_RECOVERED = EventType.of("mail.notify.recovered", 4, "notices");
    public static final EventType MAIL_WATCH_CONNECTED = EventType.of("mail.watch.connected", 2, "mailbox", "folder");
    public static final EventType MAIL_WATCH_IDLE_ENDED = EventType.of("mail.watch.idle_ended", 0, "folder");
    public static final EventType MAIL_WATCH_RECONNECT =
            EventType.of("mail.watch.reconnect", 4, "mailbox", "folder", "error", "retryInMs");
    public static final EventType MAIL_MESSAGE_NEW = EventType.of("mail.message.new", 2, "mailbox", "folder", "held");
    public static final EventType MAIL_MESSAGE_FLAGGED =
            EventType.of("mail.message.flagged", 10, "mailbox", "folder", "flagged");
    public static final EventType MAIL_NOTIFY_FAILED = EventType.of("mail.notify.failed", 5, "mailbox", "error");
}
