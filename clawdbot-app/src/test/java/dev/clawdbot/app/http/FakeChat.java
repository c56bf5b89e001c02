package dev.clawdbot.app.http;

import dev.clawdbot.core.chat.ChatService;
import dev.clawdbot.core.chat.InboundMessage;
import dev.clawdbot.core.chat.ReplyListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * A chat service whose reply is scripted per test. Like the real one, {@code submit} returns at once and the
 * listener is called from another thread.
 */
final class FakeChat implements ChatService {
    final List<InboundMessage> received = new CopyOnWriteArrayList<>();
    private volatile BiConsumer<InboundMessage, ReplyListener> script;
    private final java.util.concurrent.atomic.AtomicBoolean failNext = new java.util.concurrent.atomic.AtomicBoolean();

    FakeChat(BiConsumer<InboundMessage, ReplyListener> script) {
        this.script = script;
    }

    void script(BiConsumer<InboundMessage, ReplyListener> newScript) {
        this.script = newScript;
    }

    /** The next submit throws, as a saturated or shut-down chat service would. */
    void failNextSubmit() {
        failNext.set(true);
    }

    @Override
    public void submit(InboundMessage message, ReplyListener listener) {
        if (failNext.getAndSet(false)) throw new java.util.concurrent.RejectedExecutionException("queue full");
        received.add(message);
        BiConsumer<InboundMessage, ReplyListener> s = script;
        Thread.ofVirtual().name("fake-chat").start(() -> s.accept(message, listener));
    }

    InboundMessage last() {
        return received.getLast();
    }

    /** A retried model attempt, as the agent gateway reports it. */
    static void discardAttempt(ReplyListener listener) {
        listener.onAttemptDiscarded("stream truncated");
    }
}
