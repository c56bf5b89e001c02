package dev.clawdbot.channels.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clawdbot.channels.BehavioursFile;
import dev.clawdbot.channels.ChannelEvents;
import dev.clawdbot.channels.TelegramConfig;
import dev.clawdbot.channels.VoiceConfig;
import dev.clawdbot.channels.voice.VoiceService;
import dev.clawdbot.core.chat.Caller;
import dev.clawdbot.core.chat.ChatService;
import dev.clawdbot.core.chat.InboundMessage;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.guard.ContentGuard;
import dev.clawdbot.core.guard.ContentSource;
import dev.clawdbot.core.guard.GuardVerdict;

import java.io.IOException;
import java.time.Clock;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The user bot's gate. Every update's own sender is checked against the allowlist (config plus approved
 * pairings) before anything else; groups must be allowlisted and must address the bot; text and
 * transcripts pass the guard; only then does a message reach the {@link ChatService}.
 */
public final class UserRouter implements UpdateHandler {
    private final TelegramConfig config;
    private final BotIdentity identity;
    private final UpdateStore store;
    private final PairingStore pairing;
    private final CallbackOffers offers;
    private final ContentGuard guard;
    private final ChatService chat;
    private final Replies replies;
    private final VoiceService voice;
    private final BehavioursFile behaviours;
    private final EventSink events;
    private final Clock clock;

    public UserRouter(TelegramConfig config, BotIdentity identity, UpdateStore store, PairingStore pairing, CallbackOffers offers,
                      ContentGuard guard, ChatService chat, Replies replies, VoiceService voice, BehavioursFile behaviours,
                      EventSink events, Clock clock) {
        this.config = config;
        this.identity = identity;
        this.store = store;
        this.pairing = pairing;
        this.offers = offers;
        this.guard = guard;
        this.chat = chat;
        this.replies = replies;
        this.voice = voice;
        this.behaviours = behaviours;
        this.events = events;
        this.clock = clock;
    }

    Set<Long> allowed() {
        Set<Long> s = new HashSet<>(config.allowFrom());
        s.addAll(pairing.approvedUsers(store.bot()));
        return s;
    }

    @Override
    public void handle(UpdateStore.InboxRow row) {
        JsonNode json;
        try {
            json = BotApiClient.JSON.readTree(row.payload());
        } catch (IOException e) {
            store.transition(row.id(), InboxStatus.PENDING, InboxStatus.FAILED);
            return;
        }
        Inbound in = Inbound.parse(json, identity.botId(), identity.username());
        if (in.isGroup() && identity.username().isEmpty() && learnUsername()) in = Inbound.parse(json, identity.botId(), identity.username());
        store.transition(row.id(), InboxStatus.PENDING, InboxStatus.fromWire(route(in, row)));
    }

    /** Mentions need the bot's username; if getMe failed at start, it is retried when a group message needs it. */
    private boolean learnUsername() {
        try {
            identity.username(replies.api().getMeUsername());
            return !identity.username().isEmpty();
        } catch (TelegramApiException e) {
            events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_GETME_FAILED, store.bot(), "code", e.errorCode()));
            return false;
        }
    }

    private String route(Inbound in, UpdateStore.InboxRow row) {
        if (in.kind() == Inbound.Kind.OTHER) return "ignored";
        if (in.userId() == 0) return reject(in, "no human sender");
        if (in.isGroup()) {
            if (!config.allowGroups().contains(in.chatId())) return reject(in, "group not allowlisted");
            if (in.kind() != Inbound.Kind.CALLBACK_QUERY && !in.mentionsBot() && !in.repliesToBot()) return "ignored";
        } else if (!"private".equals(in.chatType())) {
            return reject(in, "chat type " + in.chatType());
        }
        if (!allowed().contains(in.userId())) {
            if (in.kind() == Inbound.Kind.CALLBACK_QUERY) replies.answerCallback(in.callbackId(), "Not allowed.");
            else if (config.pairing() && in.kind() == Inbound.Kind.MESSAGE && !in.isGroup()) offerPairing(in);
            return reject(in, "sender not allowlisted");
        }
        if (in.kind() == Inbound.Kind.CALLBACK_QUERY) return callback(in);
        return message(in, row);
    }

    private String reject(Inbound in, String reason) {
        events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_SENDER_REJECTED, "telegram:" + in.userId(),
                "kind", in.kind().name().toLowerCase(Locale.ROOT), "chat", in.chatId(), "reason", reason));
        return "rejected";
    }

    private void offerPairing(Inbound in) {
        Optional<String> code = pairing.request(store.bot(), in.userId(), in.chatId(), in.displayName());
        if (code.isPresent()) {
            events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_PAIRING_REQUESTED, "telegram:" + in.userId(), "chat", in.chatId()));
            replies.plain(in.chatId(), "This bot only talks to people the operator approved. Your pairing code is "
                    + code.get() + " (valid for one hour). Ask the operator to run: clawdbot pairing approve " + code.get());
        } else {
            replies.plain(in.chatId(), "This bot only talks to people the operator approved, and too many pairing requests are waiting. Try again later.");
        }
    }

    private String callback(Inbound in) {
        CallbackOffers.Outcome outcome = offers.handle(in);
        if (outcome != CallbackOffers.Outcome.ACCEPTED) {
            events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_CALLBACK_REJECTED, 8, "telegram:" + in.userId(),
                    "chat", in.chatId(), "reason", outcome.name().toLowerCase(Locale.ROOT)));
        }
        replies.answerCallback(in.callbackId(), switch (outcome) {
            case ACCEPTED -> "Recorded.";
            case ALREADY_ANSWERED -> "This was already answered.";
            default -> "This button is not valid.";
        });
        return outcome == CallbackOffers.Outcome.ACCEPTED ? "done" : "rejected";
    }

    private String message(Inbound in, UpdateStore.InboxRow row) {
        String text = in.text();
        boolean fromVoice = false;
        if (in.voiceFileId() != null) {
            if (voice == null || !voice.canTranscribe()) {
                replies.plain(in.chatId(), "Voice notes are not enabled here; please type your message.");
                return "done";
            }
            try {
                byte[] audio = replies.api().downloadFile(in.voiceFileId(), voice.config().maxVoiceBytes());
                text = voice.transcribe(audio, "voice.ogg");
                fromVoice = true;
            } catch (RuntimeException e) {
                events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_VOICE_FAILED, "telegram:" + in.userId(), "error", e.getClass().getSimpleName()));
                replies.plain(in.chatId(), "I could not transcribe that voice note; please try again or type it.");
                return "failed";
            }
            if (text.isBlank()) {
                replies.plain(in.chatId(), "I heard nothing in that voice note.");
                return "done";
            }
        }
        if (text == null || text.isBlank()) return "ignored";
        if (!fromVoice && text.startsWith("/voice")) return voiceCommand(in, text);
        if (in.kind() == Inbound.Kind.EDITED_MESSAGE) text = "(edited message) " + text;
        ContentSource source = new ContentSource(fromVoice ? "voice" : "chat", "telegram:" + in.userId());
        GuardVerdict verdict = guard.screen(text, source);
        if (!verdict.allowed()) {
            events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_MESSAGE_BLOCKED, "telegram:" + in.userId(),
                    "chat", in.chatId(), "source", source.kind(), "flagged", String.join(",", verdict.flagged()), "chars", text.length()));
            replies.plain(in.chatId(), "Your message was blocked by the content guard and was not passed on.");
            return "blocked";
        }
        InboundMessage msg = new InboundMessage(config.agent(), new Caller("telegram", Long.toString(in.userId()), in.displayName()),
                verdict.sanitized() == null ? text : verdict.sanitized(), clock.instant(), fromVoice, idempotencyKey(row));
        if (!store.transition(row.id(), InboxStatus.PENDING, InboxStatus.SUBMITTED)) return "submitted";
        events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_MESSAGE_ACCEPTED, "telegram:" + in.userId(),
                "chat", in.chatId(), "voice", fromVoice, "chars", msg.text().length()));
        try {
            chat.submit(msg, replies.listener(in.chatId(), fromVoice, source, () -> store.transition(row.id(), InboxStatus.SUBMITTED, InboxStatus.DONE)));
        } catch (RuntimeException e) {
            store.transition(row.id(), InboxStatus.SUBMITTED, InboxStatus.FAILED);
            events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_UPDATE_FAILED, "telegram:" + in.userId(), "updateId", row.updateId(),
                    "error", e.getClass().getSimpleName()));
            replies.plain(in.chatId(), "Sorry, I could not take that message right now; please try again.");
        }
        return "submitted";
    }

    /** Stable across restarts and unique per bot, so a resubmitted update is recognised by the gateway. */
    private String idempotencyKey(UpdateStore.InboxRow row) {
        return "telegram:" + identity.botId() + ":" + row.updateId();
    }

    /** The command and an optional bot name; the text is the sender's, so RE2/J ({@code \\S} spelled as Java's). */
    private static final com.google.re2j.Pattern VOICE = com.google.re2j.Pattern.compile("^/voice(@[^ \\t\\n\\x0B\\f\\r]+)?");

    private String voiceCommand(Inbound in, String text) {
        String arg = VOICE.matcher(text).replaceFirst("").trim().toLowerCase(Locale.ROOT);
        VoiceConfig.ReplyMode mode = switch (arg) {
            case "always", "on" -> VoiceConfig.ReplyMode.ALWAYS;
            case "spoken", "auto", "when spoken" -> VoiceConfig.ReplyMode.WHEN_SPOKEN;
            case "never", "off" -> VoiceConfig.ReplyMode.NEVER;
            default -> null;
        };
        if (mode == null || behaviours == null) {
            replies.plain(in.chatId(), mode == null ? "Usage: /voice always | spoken | never" : "Voice preferences are not enabled here.");
            return "done";
        }
        behaviours.setVoiceReplies(mode);
        events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_BEHAVIOUR_LEARNED, "telegram:" + in.userId(), "behaviour", "voice replies", "value", mode.name()));
        replies.plain(in.chatId(), "Noted: voice replies " + switch (mode) {
            case ALWAYS -> "always.";
            case WHEN_SPOKEN -> "when you speak to me.";
            case NEVER -> "never.";
        });
        return "done";
    }

    @Override
    public void interrupted(UpdateStore.InboxRow row) {
        try {
            Inbound in = Inbound.parse(BotApiClient.JSON.readTree(row.payload()), identity.botId(), identity.username());
            if (in.chatId() != 0) replies.plain(in.chatId(), "I was restarted several times while working on one of your messages and gave up on it; please send it again if it still matters.");
        } catch (IOException | RuntimeException e) {
            events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_UPDATE_FAILED, 5, "telegram", "updateId", row.updateId(), "error", e.getClass().getSimpleName()));
        }
    }
}
