package dev.clawdbot.channels.telegram;

import dev.clawdbot.channels.AdminAgent;
import dev.clawdbot.channels.AdminStatus;
import dev.clawdbot.channels.Approvals;
import dev.clawdbot.channels.OperatorChat;
import dev.clawdbot.channels.TelegramConfig;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.guard.ContentGuard;
import dev.clawdbot.core.storage.Database;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The operator's admin bot: a second token with its own allowlist (no pairing, private chats only). It
 * answers {@code /status} and {@code /health} with the figures {@link AdminStatus} provides, carries the
 * broker's approval questions ({@link #approvals()}: buttons and replies are accepted from its allowlist
 * only) and, with an {@link AdminAgent}, runs other text from an operator as an admin-agent task.
 */
public final class AdminBot implements AutoCloseable {
    private final BotRuntime runtime;
    private final Replies replies;
    private final OutboundQueue queue;
    private final CallbackOffers offers;
    private final List<Long> operators;

    public AdminBot(TelegramConfig config, Database db, AdminStatus status, ContentGuard guard, EventSink events, Clock clock) {
        this(config, db, status, null, guard, events, clock);
    }

    /**
     * @param agent runs free-text requests as admin-agent tasks; null answers them with a refusal
     * @param guard screens everything the bot sends (run output, approval questions): secrets never reach Telegram
     */
    public AdminBot(TelegramConfig config, Database db, AdminStatus status, AdminAgent agent, ContentGuard guard, EventSink events, Clock clock) {
        Objects.requireNonNull(guard, "guard");
        Objects.requireNonNull(config, "config");
        if (!config.enabled()) throw new IllegalArgumentException("adminBot.botToken is not set");
        if (config.allowFrom().isEmpty()) throw new IllegalArgumentException("adminBot.allowFrom must list at least one operator user id");
        if (config.pairing()) throw new IllegalArgumentException("adminBot.pairing is not supported: the admin allowlist comes from the config only");
        BotApiClient api = new BotApiClient(config.apiBaseUrl(), config.botToken(), Duration.ofSeconds(30));
        BotIdentity identity = new BotIdentity(config.botToken(), null);
        this.operators = List.copyOf(config.allowFrom());
        this.queue = new OutboundQueue(config.perChatInterval(), config.globalPerSecond(), events, clock, "admin-" + identity.storeKey());
        this.replies = new Replies(config, api, guard, queue, null, null, events, clock);
        this.offers = new CallbackOffers(db, clock, events, "admin-" + identity.storeKey(), config.botToken(), api, queue, guard);
        UpdateStore store = new UpdateStore(db, clock, identity.storeKey());
        this.runtime = new BotRuntime("admin-" + identity.storeKey(), config, api, store,
                new AdminRouter(config, identity, store, Objects.requireNonNull(status, "status"), agent, offers, replies, events, clock), events, clock);
    }

    /** Approval questions with buttons, sent by this bot; only its allowlisted operators can answer them. */
    public Approvals approvals() {
        return offers;
    }

    /**
     * The operators' private chats, where approvals go: in a private chat the chat id is the user's id, so these
     * are exactly {@code adminBot.allowFrom}.
     */
    public List<Long> operatorChats() {
        return operators;
    }

    /** Plain notices to one operator's private chat with this bot. */
    public OperatorChat operatorChat(long chatId) {
        if (!operators.contains(chatId)) throw new IllegalArgumentException("chat " + chatId + " is not on adminBot.allowFrom");
        return text -> replies.plain(chatId, text).join();
    }

    /** Starts receiving updates, after handing over any button press recorded but not acted on before a restart. */
    public void start() {
        offers.resumeUnapplied();
        runtime.start();
    }

    public WebhookHandler webhookHandler() {
        return new WebhookHandler(runtime);
    }

    @Override
    public void close() {
        runtime.close();
        replies.close();
        queue.close();
    }
}
