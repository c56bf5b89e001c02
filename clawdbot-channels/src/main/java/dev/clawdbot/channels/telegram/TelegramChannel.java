package dev.clawdbot.channels.telegram;

import dev.clawdbot.channels.Approvals;
import dev.clawdbot.channels.BehavioursFile;
import dev.clawdbot.channels.ChannelEvents;
import dev.clawdbot.channels.OperatorChat;
import dev.clawdbot.channels.TelegramConfig;
import dev.clawdbot.channels.voice.VoiceService;
import dev.clawdbot.core.chat.ChatService;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.guard.ContentGuard;
import dev.clawdbot.core.storage.Database;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The user bot: Telegram in (polling or webhook), allowlist and pairing, guard, {@link ChatService}, and
 * replies out (text or voice). Construct, {@link #start()}, and mount {@link #webhookHandler()} when the
 * mode is WEBHOOK; {@link #approvals()} serves the broker; {@link #notify} pushes operator notices.
 */
public final class TelegramChannel implements AutoCloseable {
    private final TelegramConfig config;
    private final BotApiClient api;
    private final BotIdentity identity;
    private final OutboundQueue queue;
    private final Replies replies;
    private final CallbackOffers offers;
    private final BotRuntime runtime;
    private final EventSink events;
    private final Clock clock;

    /**
     * @param voice      null disables voice notes in and out
     * @param behaviours the agent's behaviours file, where {@code /voice} stores the preference; may be null
     */
    public TelegramChannel(TelegramConfig config, Database db, ChatService chat, ContentGuard guard, VoiceService voice,
                           BehavioursFile behaviours, EventSink events, Clock clock) {
        Objects.requireNonNull(config, "config");
        if (!config.enabled()) throw new IllegalArgumentException("telegram.botToken is not set (or TELEGRAM_BOT_TOKEN)");
        this.config = config;
        this.events = events;
        this.clock = clock;
        this.api = new BotApiClient(config.apiBaseUrl(), config.botToken(), Duration.ofSeconds(30));
        this.identity = new BotIdentity(config.botToken(), null);
        this.queue = new OutboundQueue(config.perChatInterval(), config.globalPerSecond(), events, clock, identity.storeKey());
        PairingStore pairing = new PairingStore(db, clock);
        UpdateStore store = new UpdateStore(db, clock, identity.storeKey());
        this.replies = new Replies(config, api, Objects.requireNonNull(guard, "guard"), queue, voice, behaviours, events, clock);
        this.offers = new CallbackOffers(db, clock, events, identity.storeKey(), config.botToken(), api, queue, guard);
        UserRouter router = new UserRouter(config, identity, store, pairing, offers, Objects.requireNonNull(guard, "guard"),
                Objects.requireNonNull(chat, "chat"), replies, voice, behaviours, events, clock);
        this.runtime = new BotRuntime(identity.storeKey(), config, api, store, router, events, clock);
    }

    /** Learns the bot's username (for mentions), switches Telegram to the configured mode and starts. */
    public void start() {
        try {
            identity.username(api.getMeUsername());
        } catch (TelegramApiException e) {
            events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_GETME_FAILED, e.errorCode() == 401 ? 10 : 5, identity.storeKey(), "code", e.errorCode()));
        }
        runtime.start();
    }

    public WebhookHandler webhookHandler() {
        return new WebhookHandler(runtime);
    }

    public Approvals approvals() {
        return offers;
    }

    /** Sends the operator (or any chat) a plain-text notice through the rate-limited queue. */
    public CompletableFuture<Void> notify(long chatId, String text) {
        return replies.plain(chatId, text);
    }

    /** Operator notices (mail notify) into {@code chatId}; {@code send} returns once Telegram accepted the message. */
    public OperatorChat operatorChat(long chatId) {
        return text -> notify(chatId, text).join();
    }

    /** Accepted updates not yet handed on, and messages waiting to be sent. */
    public int inboxDepth() {
        return runtime.pendingCount();
    }

    public int outboundDepth() {
        return queue.depth();
    }

    public TelegramConfig config() {
        return config;
    }

    @Override
    public void close() {
        runtime.close();
        replies.close();
        queue.close();
    }
}
