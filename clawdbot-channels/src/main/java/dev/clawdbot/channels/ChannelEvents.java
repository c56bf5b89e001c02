package dev.clawdbot.channels;

import dev.clawdbot.core.events.EventCatalogue;
import dev.clawdbot.core.events.EventType;

/**
 * The channels module's event types, as listed in {@code docs/events.md}. A new event: add a constant here
 * ({@code module.what} becomes {@code MODULE_WHAT}) and a row there; emit it with
 * {@code Event.of(clock.instant(), ChannelEvents.MODULE_WHAT, actor, k, v...)}.
 */
public final class ChannelEvents implements EventCatalogue {

    public static final EventType TELEGRAM_RATE_LIMITED =
            EventType.of("telegram.rate_limited", 4, "chat", "retryAfterSeconds");
    public static final EventType TELEGRAM_PAIRING_REVOKED =
            EventType.of("telegram.pairing.revoked", 6, "userId", "bots");
    public static final EventType TELEGRAM_PAIRING_APPROVED =
            EventType.of("telegram.pairing.approved", 6, "userId", "bot");
    public static final EventType TELEGRAM_MODE = EventType.of("telegram.mode", 3, "mode");
    public static final EventType TELEGRAM_UPDATE_RESUBMITTED =
            EventType.of("telegram.update.resubmitted", 4, "updateId");
    public static final EventType TELEGRAM_UPDATE_INTERRUPTED =
            EventType.of("telegram.update.interrupted", 5, "updateId");
    public static final EventType TELEGRAM_POLL_FAILED =
            EventType.of("telegram.poll.failed", 4, "code", "retryInMs", "error").orLevels(6, 10);
    public static final EventType TELEGRAM_WEBHOOK_REJECTED =
            EventType.of("telegram.webhook.rejected", 8, "reason", "bytes").orLevels(4);
    public static final EventType TELEGRAM_WEBHOOK_FAILED = EventType.of("telegram.webhook.failed", 6, "error");
    public static final EventType TELEGRAM_INBOX_PRUNED = EventType.of("telegram.inbox.pruned", 1, "rows");
    public static final EventType TELEGRAM_DISPATCH_FAILED = EventType.of("telegram.dispatch.failed", 6, "error");
    public static final EventType TELEGRAM_UPDATE_FAILED =
            EventType.of("telegram.update.failed", 6, "updateId", "error").orLevels(5);
    public static final EventType TELEGRAM_FORMAT_FALLBACK =
            EventType.of("telegram.format.fallback", 4, "chat", "chunk");
    public static final EventType TELEGRAM_SEND_FAILED =
            EventType.of("telegram.send.failed", 4, "method", "code", "chat", "error").orLevels(5);
    public static final EventType TELEGRAM_VOICE_SENT = EventType.of("telegram.voice.sent", 2, "chat", "chars");
    public static final EventType TELEGRAM_VOICE_FAILED = EventType.of("telegram.voice.failed", 5, "chat", "error");
    public static final EventType TELEGRAM_GETME_FAILED = EventType.of("telegram.getme.failed", 5, "code").orLevels(10);
    public static final EventType TELEGRAM_SENDER_REJECTED =
            EventType.of("telegram.sender.rejected", 5, "kind", "chat", "reason");
    public static final EventType TELEGRAM_PAIRING_REQUESTED = EventType.of("telegram.pairing.requested", 6, "chat");
    public static final EventType TELEGRAM_CALLBACK_REJECTED =
            EventType.of("telegram.callback.rejected", 10, "chat", "reason").orLevels(8);
    public static final EventType TELEGRAM_MESSAGE_BLOCKED =
            EventType.of("telegram.message.blocked", 10, "chat", "source", "flagged", "chars");
    public static final EventType TELEGRAM_MESSAGE_ACCEPTED =
            EventType.of("telegram.message.accepted", 2, "chat", "voice", "chars");
    public static final EventType TELEGRAM_BEHAVIOUR_LEARNED =
            EventType.of("telegram.behaviour.learned", 3, "behaviour", "value");
    public static final EventType TELEGRAM_ADMIN_REJECTED =
            EventType.of("telegram.admin.rejected", 8, "kind", "chat").orLevels(10);
    public static final EventType TELEGRAM_ADMIN_COMMAND = EventType.of("telegram.admin.command", 3, "command");
    public static final EventType TELEGRAM_OFFER_SENT =
            EventType.of("telegram.offer.sent", 3, "offer", "chat", "options", "bound");
    public static final EventType TELEGRAM_OFFER_ANSWERED =
            EventType.of("telegram.offer.answered", 3, "offer", "option");
    public static final EventType TELEGRAM_OFFER_APPLY_FAILED =
            EventType.of("telegram.offer.apply_failed", 8, "offer", "error");
}
