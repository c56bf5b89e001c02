package dev.clawdbot.core.chat;

/**
 * The gateway's entry point for every channel. Messages for one session are handled one at a time, in
 * order; {@code submit} returns at once and the listener is called as the reply is produced.
 */
public interface ChatService {
    void submit(InboundMessage message, ReplyListener listener);
}
