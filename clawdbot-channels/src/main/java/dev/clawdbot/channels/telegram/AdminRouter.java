package dev.clawdbot.channels.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import dev.clawdbot.channels.AdminAgent;
import dev.clawdbot.channels.AdminStatus;
import dev.clawdbot.channels.Approvals;
import dev.clawdbot.channels.ChannelEvents;
import dev.clawdbot.channels.TelegramConfig;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;

import java.io.IOException;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The admin bot's gate: private chats only, its own allowlist from config (no pairing). {@code /status} and
 * {@code /health} are answered at once; a button press is checked by {@link CallbackOffers} (signature, message,
 * expiry, first press only) and acted on by its handler; a reply to an approval question goes to the offers'
 * reply handler (the broker's reply interpreter); other text from an allowlisted operator starts an admin-agent
 * run (when one is wired) whose final answer is sent back. A run is started at most once per update: the update
 * is marked done before the run, so a crash never repeats a host task.
 */
public final class AdminRouter implements UpdateHandler {
    static final String REFUSAL = "Only /status and /health are available here: admin-agent runs need the broker (a 'broker:' section in clawdbot.yaml).";

    private final TelegramConfig config;
    private final BotIdentity identity;
    private final UpdateStore store;
    private final AdminStatus status;
    private final AdminAgent agent;
    private final CallbackOffers offers;
    private final Replies replies;
    private final EventSink events;
    private final Clock clock;

    public AdminRouter(TelegramConfig config, BotIdentity identity, UpdateStore store, AdminStatus status, AdminAgent agent,
                       CallbackOffers offers, Replies replies, EventSink events, Clock clock) {
        this.agent = agent;
        this.offers = offers;
        this.config = config;
        this.identity = identity;
        this.store = store;
        this.status = status;
        this.replies = replies;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public void handle(UpdateStore.InboxRow row) {
        Inbound in;
        long replyTo;
        try {
            JsonNode update = BotApiClient.JSON.readTree(row.payload());
            in = Inbound.parse(update, identity.botId(), identity.username());
            replyTo = update.path("message").path("reply_to_message").path("message_id").asLong(0);
        } catch (IOException e) {
            store.transition(row.id(), InboxStatus.PENDING, InboxStatus.FAILED);
            return;
        }
        store.transition(row.id(), InboxStatus.PENDING, InboxStatus.fromWire(route(in, replyTo)));
    }

    private String route(Inbound in, long replyTo) {
        if (in.kind() == Inbound.Kind.OTHER) return "ignored";
        if (in.userId() == 0 || !"private".equals(in.chatType()) || !config.allowFrom().contains(in.userId())) {
            // A button pressed by someone not on the allowlist is an attempt to answer an approval: pushed (level 10).
            events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_ADMIN_REJECTED, in.kind() == Inbound.Kind.CALLBACK_QUERY ? 10 : 8, "telegram:" + in.userId(),
                    "kind", in.kind().name().toLowerCase(Locale.ROOT), "chat", in.chatId()));
            if (in.kind() == Inbound.Kind.CALLBACK_QUERY) replies.answerCallback(in.callbackId(), "Not allowed.");
            return "rejected";
        }
        if (in.kind() == Inbound.Kind.CALLBACK_QUERY) return callback(in);
        String text = in.text() == null ? "" : in.text().trim();
        Optional<String> binding = replyTo == 0 || text.isEmpty() || in.kind() != Inbound.Kind.MESSAGE
                ? Optional.empty() : offers.bindingOfMessage(in.chatId(), replyTo);
        if (binding.isPresent()) return approvalReply(in, binding.get(), text);
        String command = beforeAt(dev.clawdbot.core.text.PlainText.splitWhitespace(text, 2)[0].toLowerCase(Locale.ROOT));
        events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_ADMIN_COMMAND, "telegram:" + in.userId(), "command",
                command.startsWith("/") && command.length() <= 32 ? command : "(text)"));
        switch (command) {
            case "/status" -> replies.plain(in.chatId(), render("Status", safely(status::status)));
            case "/health" -> replies.plain(in.chatId(), render("Health", safely(status::health)));
            default -> {
                if (agent == null || text.isEmpty()) {
                    replies.plain(in.chatId(), REFUSAL);
                } else {
                    replies.plain(in.chatId(), "Working on it (admin agent).");
                    startRun(in.chatId(), "telegram:" + in.userId(), text);
                }
            }
        }
        return "done";
    }

    private String callback(Inbound in) {
        CallbackOffers.Result r = offers.press(in);
        if (r.outcome() != CallbackOffers.Outcome.ACCEPTED) {
            // A forged or misplaced approval button is a spoofing attempt (level 10, pushed); a late or second press is not.
            boolean spoofed = switch (r.outcome()) {
                case NOT_AN_OFFER, BAD_SIGNATURE, WRONG_MESSAGE -> true;
                default -> false;
            };
            events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_CALLBACK_REJECTED, spoofed ? 10 : 8, "telegram:" + in.userId(),
                    "chat", in.chatId(), "reason", r.outcome().name().toLowerCase(Locale.ROOT)));
        }
        String reply = r.reply();
        replies.answerCallback(in.callbackId(), reply.length() > 200 ? reply.substring(0, 197) + "..." : reply);
        return r.outcome() == CallbackOffers.Outcome.ACCEPTED ? "done" : "rejected";
    }

    /** A plain-language answer to an approval question: the reply handler interprets it (it may call a model, so off this thread). */
    private String approvalReply(Inbound in, String binding, String text) {
        Approvals.ReplyHandler handler = offers.replyHandler();
        events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_ADMIN_COMMAND, "telegram:" + in.userId(), "command", "(reply)"));
        if (handler == null) {
            replies.plain(in.chatId(), "Replies to approval questions are not wired here; use the buttons.");
            return "done";
        }
        Thread.ofVirtual().name("admin-bot-reply").start(() -> {
            String answer;
            try {
                answer = handler.onReply(in.userId(), binding, text);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answer = "Your reply was interrupted; please send it again.";
            } catch (Exception e) {
                answer = "Your reply could not be processed: " + e.getMessage();
            }
            replies.plain(in.chatId(), answer == null || answer.isBlank() ? "Recorded." : answer);
        });
        return "done";
    }

    private void startRun(long chatId, String operator, String text) {
        Thread.ofVirtual().name("admin-bot-run").start(() -> {
            String answer;
            try {
                answer = agent.run(operator, text);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answer = "The admin run was interrupted.";
            } catch (Exception e) {
                answer = "The admin run failed: " + e.getMessage();
            }
            replies.plain(chatId, answer == null || answer.isBlank() ? "(the admin agent gave no answer)" : answer);
        });
    }

    private static Map<String, String> safely(java.util.function.Supplier<Map<String, String>> s) {
        try {
            return s.get();
        } catch (RuntimeException e) {
            return Map.of("error", "the figures could not be collected: " + e.getClass().getSimpleName());
        }
    }

    static String render(String title, Map<String, String> figures) {
        StringBuilder sb = new StringBuilder(title).append('\n');
        figures.forEach((k, v) -> sb.append("• ").append(k).append(": ").append(v).append('\n'));
        return sb.toString().strip();
    }

    @Override
    public void interrupted(UpdateStore.InboxRow row) {
        // Admin commands are answered synchronously; nothing is ever left in flight.
    }

    /** The command without its {@code @botname}: {@code replaceFirst("@.*$", "")} for a token without line breaks. */
    static String beforeAt(String command) {
        int at = command.indexOf('@');
        return at < 0 ? command : command.substring(0, at);
    }
}
