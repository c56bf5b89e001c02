package dev.clawdbot.core.notify;

/**
 * The one way anything in Clawdbot tells the operator something (e-mail, the admin Telegram chat). Callers hand
 * a notice over and go on: the implementation stores it durably before returning and delivers it later, with
 * de-duplication, rate limits and retries, so a caller never blocks on a mail server.
 */
@FunctionalInterface
public interface OperatorNotifier {

    /** Accepts {@code notice} for delivery; returns once it is stored. Never throws for a delivery problem. */
    void notify(OperatorNotice notice);

    /** A notifier that drops everything: for commands and tests that have no operator channel. */
    static OperatorNotifier none() {
        return notice -> { };
    }
}
