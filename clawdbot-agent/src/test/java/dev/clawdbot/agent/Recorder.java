package dev.clawdbot.agent;

import dev.clawdbot.core.chat.ChatError;
import dev.clawdbot.core.chat.ReplyListener;
import dev.clawdbot.core.chat.Reply;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A reply listener that records deltas and its single outcome. */
final class Recorder implements ReplyListener {

    final StringBuilder deltas = new StringBuilder();
    final List<String> tools = Collections.synchronizedList(new ArrayList<>());
    final List<String> discards = Collections.synchronizedList(new ArrayList<>());
    final CompletableFuture<Reply> reply = new CompletableFuture<>();
    final CompletableFuture<ChatError> error = new CompletableFuture<>();

    @Override
    public synchronized void onDelta(String text) {
        deltas.append(text);
    }

    @Override
    public void onToolStarted(String toolName) {
        tools.add(toolName);
    }

    @Override
    public synchronized void onAttemptDiscarded(String reason) {
        discards.add(reason);
        deltas.setLength(0);
    }

    @Override
    public void onComplete(Reply r) {
        if (error.isDone() || !reply.complete(r)) throw new AssertionError("second outcome: " + r);
    }

    @Override
    public void onError(ChatError e) {
        if (reply.isDone() || !error.complete(e)) throw new AssertionError("second outcome: " + e);
    }

    boolean done() {
        return reply.isDone() || error.isDone();
    }

    Reply awaitReply() {
        try {
            return reply.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no reply; error was " + error.getNow(null), e);
        }
    }

    ChatError awaitError() {
        try {
            return error.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("no error; reply was " + reply.getNow(null), e);
        }
    }
}
