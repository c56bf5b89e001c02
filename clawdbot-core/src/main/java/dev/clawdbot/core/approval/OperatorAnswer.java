package dev.clawdbot.core.approval;

/**
 * An operator's answer to an approval question, after the channel proved who gave it: {@code binding} is the
 * question's {@link ApprovalMessage.Request#binding()} as the channel kept it, {@code operator} the proven,
 * channel-qualified identity ({@code telegram:42}); {@code channel} names the channel in the request's history
 * ("denied on Telegram").
 */
public sealed interface OperatorAnswer {

    String binding();

    String operator();

    String channel();

    /** One of the question's options, pressed. */
    record Choice(String binding, String operator, String channel, String option) implements OperatorAnswer {
    }

    /** Plain words in reply to the question ("yes, but only on web1", "why root?"). */
    record Reply(String binding, String operator, String channel, String text) implements OperatorAnswer {
    }
}
