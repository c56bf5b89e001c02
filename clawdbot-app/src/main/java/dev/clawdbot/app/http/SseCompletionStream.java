package dev.clawdbot.app.http;

import dev.clawdbot.core.chat.ChatError;
import dev.clawdbot.core.chat.Reply;
import dev.clawdbot.core.chat.ReplyListener;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streamed completion. The chat service's callbacks only enqueue; the request's own (virtual) thread
 * writes the SSE frames, so a slow or vanished client never blocks the agent. A client that disconnects is
 * noticed at the next write (a keepalive comment every {@link #KEEPALIVE}); the turn itself still finishes
 * and is committed by the gateway, its remaining callbacks are dropped.
 */
final class SseCompletionStream {
    static final Duration KEEPALIVE = Duration.ofSeconds(15);
    private static final Logger LOG = LoggerFactory.getLogger(SseCompletionStream.class);

    private sealed interface Item {
    }

    private record Delta(String text) implements Item {
    }

    private record Tool(String name) implements Item {
    }

    private record Discarded() implements Item {
    }

    private record Done(Reply reply) implements Item {
    }

    private record Failed(ChatError error) implements Item {
    }

    private final Context ctx;
    private final ChunkWriter chunks;
    private final boolean includeUsage;
    private final Duration timeout;
    private final Runnable onDisconnect;
    private final BlockingQueue<Item> queue = new LinkedBlockingQueue<>();
    private volatile boolean clientGone;

    SseCompletionStream(Context ctx, ChunkWriter chunks, boolean includeUsage, Duration timeout, Runnable onDisconnect) {
        this.ctx = ctx;
        this.chunks = chunks;
        this.includeUsage = includeUsage;
        this.timeout = timeout;
        this.onDisconnect = onDisconnect;
    }

    void run(Consumer<ReplyListener> submit) {
        ctx.status(200);
        ctx.res().setContentType("text/event-stream;charset=utf-8");
        ctx.res().setHeader("X-Accel-Buffering", "no");
        try {
            OutputStream out = ctx.res().getOutputStream();
            submit.accept(new Listener());
            data(out, chunks.role());
            pump(out);
        } catch (IOException e) {
            clientGone = true;
            queue.clear();
            onDisconnect.run();
            LOG.debug("client closed a completion stream: {}", e.toString());
        } catch (InterruptedException e) {
            clientGone = true;
            Thread.currentThread().interrupt();
        }
    }

    private void pump(OutputStream out) throws IOException, InterruptedException {
        StreamedText shown = new StreamedText();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                data(out, ChunkWriter.error(new ChatError("timeout",
                        "The agent did not answer within " + timeout.toSeconds() + " s (http.replyTimeout).")));
                data(out, "[DONE]");
                return;
            }
            Item item = queue.poll(Math.min(left, KEEPALIVE.toNanos()), TimeUnit.NANOSECONDS);
            switch (item) {
                case null -> comment(out, "keepalive");
                case Delta d -> {
                    shown.append(d.text());
                    data(out, chunks.content(d.text()));
                }
                case Tool t -> comment(out, "tool " + t.name());
                case Discarded ignored -> {
                    // SSE cannot take text back: the retried attempt starts after a blank line instead.
                    if (shown.any()) data(out, chunks.content("\n\n"));
                    shown.reset();
                }
                case Done done -> {
                    String rest = shown.remainder(ChatCompletions.replyText(done.reply()));
                    if (!rest.isEmpty()) data(out, chunks.content(rest));
                    data(out, chunks.finish(done.reply()));
                    if (includeUsage) data(out, chunks.usage(done.reply()));
                    data(out, "[DONE]");
                    return;
                }
                case Failed f -> {
                    data(out, ChunkWriter.error(f.error()));
                    data(out, "[DONE]");
                    return;
                }
            }
        }
    }

    private static void data(OutputStream out, String payload) throws IOException {
        out.write(("data: " + payload + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** SSE comment lines keep proxies from idling out and are ignored by every client. */
    private static void comment(OutputStream out, String text) throws IOException {
        out.write((": " + text.replace('\r', ' ').replace('\n', ' ') + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private final class Listener implements ReplyListener {
        private void offer(Item item) {
            if (!clientGone) queue.add(item);
        }

        @Override
        public void onDelta(String text) {
            if (text != null && !text.isEmpty()) offer(new Delta(text));
        }

        @Override
        public void onToolStarted(String toolName) {
            offer(new Tool(toolName));
        }

        /** A retried model attempt: what was streamed so far no longer counts. */
        @Override
        public void onAttemptDiscarded(String reason) {
            offer(new Discarded());
        }

        @Override
        public void onComplete(Reply reply) {
            offer(new Done(reply));
        }

        @Override
        public void onError(ChatError error) {
            offer(new Failed(error));
        }
    }
}
