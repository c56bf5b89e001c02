package dev.clawdbot.channels;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Questions with inline-keyboard buttons, for the broker's approvals. An answer counts only when it comes
 * from an allowlisted sender, carries a valid signature over exactly this offer and option, arrives on the
 * very message that offered it, before the offer expires, and is the first one: a second press, a replayed
 * or forged callback, or a press from a stranger completes nothing. Offers and their bindings are stored,
 * so a button pressed after a restart still works, exactly once.
 */
public interface Approvals {

    /** The verified answer: the option text as offered, the Telegram user id who chose it, and the offer's binding (or null). */
    record Answer(String offerId, String option, long answeredBy, Instant answeredAt, String binding) {
        public Answer(String offerId, String option, long answeredBy, Instant answeredAt) {
            this(offerId, option, answeredBy, answeredAt, null);
        }
    }

    /** A sent question; {@code answer} completes once, with the first verified answer (only within this process). */
    record Offer(String offerId, CompletableFuture<Answer> answer) {
    }

    /**
     * Acts on a verified answer to a bound offer, also one sent before a restart; returns the short text the
     * presser sees (at most 200 characters are shown). Called at least once per answer: it must be idempotent.
     */
    @FunctionalInterface
    interface AnswerHandler {
        String onAnswer(Answer answer);
    }

    /**
     * Acts on a free-text reply (Telegram {@code reply_to_message}) from an allowlisted operator to a bound offer's
     * message; returns the text sent back to the operator.
     */
    @FunctionalInterface
    interface ReplyHandler {
        String onReply(long operator, String binding, String text) throws Exception;
    }

    /** Sends {@code question} to {@code chatId} with one button per option (1 to 8 options, each up to 64 characters). */
    Offer ask(long chatId, String question, List<String> options);

    /**
     * Like {@link #ask(long, String, List)}, bound to {@code binding} (at most 512 characters, handed to the
     * handlers) and valid until {@code expiresAt} (null: no expiry).
     */
    Offer ask(long chatId, String question, List<String> options, String binding, Instant expiresAt);

    /** The recorded answer of an offer, also after a restart. */
    Optional<Answer> answerOf(String offerId);

    /** Sets who acts on answers to bound offers. */
    void onAnswer(AnswerHandler handler);

    /** Sets who acts on replies to bound offers' messages. */
    void onReply(ReplyHandler handler);
}
