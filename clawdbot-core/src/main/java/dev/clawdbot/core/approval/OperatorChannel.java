package dev.clawdbot.core.approval;

/**
 * A way to put approval questions to the operator and tell them how requests went: the admin bot's chat (Telegram,
 * in the channels module) and e-mail (the broker's own mailbox). The broker sends; it never learns how a channel
 * renders. Decisions come back through {@link ApprovalAnswers} (or the broker's own mail reader) after the channel
 * has proven the operator's identity its own way (allowlisted sender plus an unforgeable check).
 */
public interface OperatorChannel {

    /** Short name for logs and events ({@code telegram}, {@code email}). */
    String name();

    /** Delivers one message; throws when it could not, so the broker keeps the request's notice pending. */
    void send(ApprovalMessage message) throws Exception;
}
