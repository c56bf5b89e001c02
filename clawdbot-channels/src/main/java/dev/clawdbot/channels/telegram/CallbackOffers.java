package dev.clawdbot.channels.telegram;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.clawdbot.channels.Approvals;
import dev.clawdbot.channels.ChannelEvents;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.guard.ContentGuard;
import dev.clawdbot.core.guard.ContentSource;
import dev.clawdbot.core.storage.Database;
import dev.clawdbot.core.storage.JdbcRunner;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Inline-keyboard offers. callback_data is {@code o:<offer>:<index>:<mac>} where the MAC (HMAC-SHA256,
 * key derived from the bot token, truncated to 96 bits) covers bot, chat, offer and index; the stored
 * offer also pins the chat and message, its binding and expiry, and the answer is written with a
 * compare-and-set so it is single use. An answer to a bound offer is handed to the {@link AnswerHandler}
 * and then marked applied; one recorded but not applied (a crash in between) is handed over again by
 * {@link #resumeUnapplied}, so a press is acted on even across a restart.
 */
public final class CallbackOffers implements Approvals {

    /** What happened to one callback, for the router to report. */
    enum Outcome { ACCEPTED, NOT_AN_OFFER, BAD_SIGNATURE, WRONG_MESSAGE, ALREADY_ANSWERED, EXPIRED }

    /** An outcome with the text the presser is shown. */
    record Result(Outcome outcome, String reply) {
    }

    static final int MAX_BINDING = 512;
    private static final ContentSource QUESTION_SOURCE = new ContentSource("broker", "approval-question");

    private final JdbcRunner jdbc;
    private final Clock clock;
    private final EventSink events;
    private final String bot;
    private final byte[] key;
    private final OutboundQueue out;
    private final BotApiClient api;
    private final ContentGuard guard;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, CompletableFuture<Answer>> waiting = new ConcurrentHashMap<>();
    private volatile AnswerHandler answerHandler;
    private volatile ReplyHandler replyHandler;

    /** @param guard screens each question before it is sent, as every text leaving through a bot is */
    public CallbackOffers(Database db, Clock clock, EventSink events, String bot, String botToken, BotApiClient api, OutboundQueue out,
                          ContentGuard guard) {
        this.guard = Objects.requireNonNull(guard, "guard");
        this.jdbc = new JdbcRunner(db);
        this.clock = clock;
        this.events = events;
        this.bot = bot;
        this.key = hmac(botToken.getBytes(StandardCharsets.UTF_8), "clawdbot-callback-v1".getBytes(StandardCharsets.UTF_8));
        this.api = api;
        this.out = out;
    }

    @Override
    public Offer ask(long chatId, String question, List<String> options) {
        return ask(chatId, question, options, null, null);
    }

    @Override
    public Offer ask(long chatId, String question, List<String> options, String binding, Instant expiresAt) {
        if (options == null || options.isEmpty() || options.size() > 8) throw new IllegalArgumentException("an offer needs 1 to 8 options, got " + (options == null ? 0 : options.size()));
        for (String o : options) if (o == null || o.isBlank() || o.length() > 64) throw new IllegalArgumentException("option text must be 1 to 64 characters: " + o);
        if (binding != null && (binding.isEmpty() || binding.length() > MAX_BINDING)) throw new IllegalArgumentException("an offer's binding must be 1 to " + MAX_BINDING + " characters");
        String offerId = HexFormat.of().formatHex(randomBytes(6));
        ObjectNode markup = BotApiClient.JSON.createObjectNode();
        ArrayNode rows = markup.putArray("inline_keyboard");
        for (int i = 0; i < options.size(); i++) {
            rows.addArray().addObject().put("text", options.get(i)).put("callback_data", callbackData(chatId, offerId, i));
        }
        ArrayNode opts = BotApiClient.JSON.createArrayNode();
        options.forEach(opts::add);
        jdbc.execute("INSERT INTO telegram_offer (offer_id, bot, chat_id, options, created_at, binding, expires_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
                offerId, bot, chatId, opts.toString(), clock.instant().toString(), binding, expiresAt == null ? null : expiresAt.toEpochMilli());
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        waiting.put(offerId, answer);
        String shown = guard.screenOutput(question, QUESTION_SOURCE);
        long messageId = out.submit(chatId, () -> api.sendMessage(chatId, shown, null, markup)).join();
        jdbc.execute("UPDATE telegram_offer SET message_id = ? WHERE offer_id = ?", messageId, offerId);
        events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_OFFER_SENT, "telegram", "offer", offerId, "chat", chatId, "options", options.size(),
                "bound", binding != null));
        return new Offer(offerId, answer);
    }

    @Override
    public Optional<Answer> answerOf(String offerId) {
        return jdbc.queryOne("SELECT answer, answered_by, answered_at, binding FROM telegram_offer WHERE offer_id = ? AND answer IS NOT NULL",
                rs -> new Answer(offerId, rs.getString(1), rs.getLong(2), Instant.parse(rs.getString(3)), rs.getString(4)), offerId);
    }

    @Override
    public void onAnswer(AnswerHandler handler) {
        this.answerHandler = handler;
    }

    @Override
    public void onReply(ReplyHandler handler) {
        this.replyHandler = handler;
    }

    ReplyHandler replyHandler() {
        return replyHandler;
    }

    /** The binding of the bound offer sent as message {@code messageId} in {@code chatId}, for replies to it. */
    Optional<String> bindingOfMessage(long chatId, long messageId) {
        return jdbc.queryOne("SELECT binding FROM telegram_offer WHERE bot = ? AND chat_id = ? AND message_id = ? AND binding IS NOT NULL",
                rs -> rs.getString(1), bot, chatId, messageId);
    }

    /** Verifies and records one callback from an already allowlisted sender. */
    Outcome handle(Inbound cb) {
        return press(cb).outcome();
    }

    /** Verifies and records one callback from an already allowlisted sender, and acts on it when the offer is bound. */
    Result press(Inbound cb) {
        String[] parts = cb.callbackData() == null ? new String[0] : cb.callbackData().split(":", -1);
        if (parts.length != 4 || !parts[0].equals("o") || !(parts[2].length() == 1 && parts[2].charAt(0) >= '0' && parts[2].charAt(0) <= '9')) return new Result(Outcome.NOT_AN_OFFER, "This button is not valid.");
        String offerId = parts[1];
        int index = Integer.parseInt(parts[2]);
        byte[] expected = callbackData(cb.chatId(), offerId, index).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, cb.callbackData().getBytes(StandardCharsets.US_ASCII))) return new Result(Outcome.BAD_SIGNATURE, "This button is not valid.");
        Instant now = clock.instant();
        Optional<Stored> stored = load(offerId);
        if (stored.isEmpty()) return new Result(Outcome.NOT_AN_OFFER, "This button is not valid.");
        Stored s = stored.get();
        if (s.chatId() != cb.chatId() || s.messageId() != cb.messageId() || index >= s.options().size()) return new Result(Outcome.WRONG_MESSAGE, "This button is not valid.");
        if (s.answer() != null) return new Result(Outcome.ALREADY_ANSWERED, "This was already answered: " + s.answer() + ".");
        if (s.expiresAt() != null && !now.isBefore(s.expiresAt())) {
            removeKeyboard(cb);
            return new Result(Outcome.EXPIRED, "This question expired at " + s.expiresAt() + "; nothing was decided.");
        }
        String option = s.options().get(index);
        int updated = jdbc.execute("UPDATE telegram_offer SET answer = ?, answered_by = ?, answered_at = ? WHERE offer_id = ? AND answer IS NULL",
                option, cb.userId(), now.toString(), offerId);
        if (updated != 1) return new Result(Outcome.ALREADY_ANSWERED, "This was already answered.");
        events.emit(Event.of(now, ChannelEvents.TELEGRAM_OFFER_ANSWERED, "telegram:" + cb.userId(), "offer", offerId, "option", index));
        removeKeyboard(cb);
        Answer answer = new Answer(offerId, option, cb.userId(), now, s.binding());
        CompletableFuture<Answer> f = waiting.remove(offerId);
        if (f != null) f.complete(answer);
        if (s.binding() == null) return new Result(Outcome.ACCEPTED, "Recorded.");
        String reply = apply(answer);
        return new Result(Outcome.ACCEPTED, reply != null ? reply : "Recorded, but it could not be acted on yet; it will be at the next start.");
    }

    /** Hands every recorded but not yet applied answer of a bound offer to the handler; returns how many were applied. */
    public int resumeUnapplied() {
        if (answerHandler == null) return 0;
        List<Answer> pending = jdbc.query("SELECT offer_id, answer, answered_by, answered_at, binding FROM telegram_offer"
                        + " WHERE bot = ? AND answer IS NOT NULL AND binding IS NOT NULL AND applied_at IS NULL ORDER BY answered_at",
                rs -> new Answer(rs.getString(1), rs.getString(2), rs.getLong(3), Instant.parse(rs.getString(4)), rs.getString(5)), bot);
        int applied = 0;
        for (Answer a : pending) if (apply(a) != null) applied++;
        return applied;
    }

    /** Runs the handler and marks the answer applied; null when there is no handler yet or it failed (retried on the next start). */
    private String apply(Answer answer) {
        AnswerHandler h = answerHandler;
        if (h == null) return null;
        String reply;
        try {
            reply = h.onAnswer(answer);
        } catch (RuntimeException e) {
            events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_OFFER_APPLY_FAILED, "telegram:" + answer.answeredBy(), "offer", answer.offerId(),
                    "error", e.getClass().getSimpleName()));
            return null;
        }
        jdbc.execute("UPDATE telegram_offer SET applied_at = ? WHERE offer_id = ? AND applied_at IS NULL", clock.instant().toString(), answer.offerId());
        return reply == null || reply.isBlank() ? "Recorded." : reply;
    }

    private record Stored(long chatId, long messageId, List<String> options, String answer, String binding, Instant expiresAt) {
    }

    private Optional<Stored> load(String offerId) {
        return jdbc.queryOne("SELECT chat_id, message_id, options, answer, binding, expires_at_ms FROM telegram_offer WHERE offer_id = ? AND bot = ?", rs -> {
            List<String> opts = new ArrayList<>();
            try {
                BotApiClient.JSON.readTree(rs.getString(3)).forEach(n -> opts.add(n.asText()));
            } catch (java.io.IOException e) {
                throw new java.sql.SQLException("offer " + offerId + " has malformed options", e);
            }
            long expires = rs.getLong(6);
            Instant expiresAt = rs.wasNull() ? null : Instant.ofEpochMilli(expires);
            return new Stored(rs.getLong(1), rs.getLong(2), opts, rs.getString(4), rs.getString(5), expiresAt);
        }, offerId, bot);
    }

    private void removeKeyboard(Inbound cb) {
        out.submit(cb.chatId(), () -> {
            api.removeKeyboard(cb.chatId(), cb.messageId());
            return null;
        }).exceptionally(e -> null);
    }

    private String callbackData(long chatId, String offerId, int index) {
        byte[] mac = hmac(key, (bot + "|" + chatId + "|" + offerId + "|" + index).getBytes(StandardCharsets.UTF_8));
        return "o:" + offerId + ":" + index + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(mac, 12));
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
