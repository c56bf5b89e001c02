package dev.clawdbot.core.notify;

/**
 * One way to reach the operator (e-mail, the admin Telegram chat), implemented by the module that owns the
 * transport. {@link #send} delivers synchronously and throws when it did not; the notifier retries with back-off.
 */
public interface NoticeChannel {

    /** A short, stable name: the outbox queue is {@code notify.<name>}. */
    String name();

    /** Delivers {@code notice}; throws if the transport did not accept it. Runs on the channel's worker thread. */
    void send(OperatorNotice notice) throws Exception;
}
