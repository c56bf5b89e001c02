package dev.clawdbot.channels;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Questions with inline-keyboard buttons, for the broker's approvals. An answer counts only when it comes
 * from an allowlisted sender, carries a valid signature over exactly this offer and option, arrives on the
 * very message that offered it, and is the first one: a second press, a replayed or forged callback, or
 * a press from a stranger completes nothing.
 */
public interface Approvals {

    /** The verified answer: the option text as offered, and the Telegram user id who chose it. */
    record Answer(String offerId, String option, long answeredBy, Instant answeredAt) {
    }

    /** A sent question; {@code answer} completes once, with the first verified answer. */
    record Offer(String offerId, CompletableFuture<Answer> answer) {
    }

    /** Sends {@code question} to {@code chatId} with one button per option (1 to 8 options, each up to 64 characters). */
    Offer ask(long chatId, String question, List<String> options);

    /** The recorded answer of an offer, also after a restart. */
    Optional<Answer> answerOf(String offerId);
}
