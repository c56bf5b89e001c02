package dev.clawdbot.agent;

import dev.clawdbot.core.chat.ReplyListener;

/**
 * A {@link ReplyListener} that also wants to know when streamed text was provisional: the model attempt that
 * produced it failed and was retried or failed over. After {@link #onAttemptDiscarded} the listener forgets all
 * text it has received for this reply; the gateway then re-sends, as one delta, the text of the turn's earlier
 * steps that still stands, and streaming goes on. Channels that edit a message in place implement this.
 */
public interface ReplyResetListener extends ReplyListener {
    void onAttemptDiscarded(String reason);
}
