package dev.clawdbot.broker;

/**
 * A way to reach the operator (e-mail here; Telegram inline buttons from the channels module). Channels
 * only deliver notices; decisions come back through {@link RequestBroker}'s methods after the channel has
 * proven the operator's identity its own way (allowlisted sender plus an unforgeable check).
 */
public interface OperatorChannel {

    String name();

    void send(OperatorNotice notice) throws Exception;
}
