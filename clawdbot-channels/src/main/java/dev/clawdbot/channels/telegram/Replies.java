package dev.clawdbot.channels.telegram;

import dev.clawdbot.channels.ChannelEvents;
import dev.clawdbot.core.Timers;
import dev.clawdbot.channels.BehavioursFile;
import dev.clawdbot.channels.TelegramConfig;
import dev.clawdbot.channels.VoiceConfig;
import dev.clawdbot.channels.voice.VoiceService;
import dev.clawdbot.core.chat.ChatError;
import dev.clawdbot.core.chat.Reply;
import dev.clawdbot.core.chat.ReplyListener;
import dev.clawdbot.core.events.Event;
import dev.clawdbot.core.events.EventSink;
import dev.clawdbot.core.guard.ContentGuard;
import dev.clawdbot.core.guard.ContentSource;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Everything that leaves the user bot: formatted text (with a plain-text retry when Telegram rejects the
 * entities), voice notes, callback answers, the typing indicator while the agent works, and optional
 * live editing of one message while a reply streams. Sends go through the rate-limited queue.
 * Every text passes {@link ContentGuard#screenOutput} first (secrets redacted, PII placeholders restored): replies,
 * live-edited partial text, text spoken as voice, and plain notices (mail summaries, admin output) alike.
 */
public final class Replies implements AutoCloseable {
    /** Where plain notices are screened from: not tied to one sender, so no PII placeholders of a chat are restored. */
    static final ContentSource NOTICE = new ContentSource("chat", "telegram:bot");

    private final TelegramConfig config;
    private final BotApiClient api;
    private final ContentGuard guard;
    private final OutboundQueue queue;
    private final TelegramFormat format;
    private final VoiceService voice;
    private final BehavioursFile behaviours;
    private final EventSink events;
    private final Clock clock;
    private final ScheduledExecutorService typing = Timers.daemon("telegram-typing");
    private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();

    /** @param guard screens every outgoing text */
    public Replies(TelegramConfig config, BotApiClient api, ContentGuard guard, OutboundQueue queue, VoiceService voice,
                   BehavioursFile behaviours, EventSink events, Clock clock) {
        this.config = config;
        this.api = api;
        this.guard = Objects.requireNonNull(guard, "guard");
        this.queue = queue;
        this.format = new TelegramFormat(config.parseMode());
        this.voice = voice;
        this.behaviours = behaviours;
        this.events = events;
        this.clock = clock;
    }

    BotApiClient api() {
        return api;
    }

    String screen(String text, ContentSource source) {
        return text == null ? text : guard.screenOutput(text, source);
    }

    /** Sends plain text (no parse mode), split if long, after screening it. */
    public CompletableFuture<Void> plain(long chatId, String text) {
        return plain(chatId, text, NOTICE);
    }

    CompletableFuture<Void> plain(long chatId, String text, ContentSource source) {
        return plainScreened(chatId, screen(text, source));
    }

    private CompletableFuture<Void> plainScreened(long chatId, String text) {
        CompletableFuture<?> last = CompletableFuture.completedFuture(null);
        for (String chunk : format.plain(text)) last = queue.submit(chatId, () -> api.sendMessage(chatId, chunk, null, null));
        return last.thenApply(x -> null);
    }

    /** Sends already screened Markdown formatted; if Telegram rejects the entities, the rest goes as plain text. */
    private void formatted(long chatId, String markdown) {
        List<String> chunks = format.render(markdown);
        for (int i = 0; i < chunks.size(); i++) {
            String chunk = chunks.get(i);
            try {
                queue.submit(chatId, () -> api.sendMessage(chatId, chunk, format.parseModeName(), null)).join();
            } catch (java.util.concurrent.CompletionException e) {
                if (e.getCause() instanceof TelegramApiException t && t.isEntityError()) {
                    events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_FORMAT_FALLBACK, "telegram", "chat", chatId, "chunk", i));
                    plainScreened(chatId, String.join("\n\n", format.plain(stripTags(String.join("\n\n", chunks.subList(i, chunks.size())))))).join();
                    return;
                }
                throw e;
            }
        }
    }

    /** The rendered reply is model output: RE2/J. */
    private static final com.google.re2j.Pattern TAG = com.google.re2j.Pattern.compile("<[^>]+>");
    /** Java's {@code .} does not match line terminators; RE2/J's excludes only \\n, so the others are listed. */
    private static final com.google.re2j.Pattern ESCAPE = com.google.re2j.Pattern.compile("\\\\([^\\n\\r\\x{85}\\x{2028}\\x{2029}])");

    private String stripTags(String rendered) {
        if (config.parseMode() == TelegramConfig.ParseMode.HTML) {
            return TAG.matcher(rendered).replaceAll("").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
        }
        return ESCAPE.matcher(rendered).replaceAll("$1");
    }

    public void answerCallback(String callbackId, String text) {
        try {
            api.answerCallbackQuery(callbackId, text);
        } catch (TelegramApiException e) {
            events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_SEND_FAILED, "telegram", "method", "answerCallbackQuery", "code", e.errorCode()));
        }
    }

    boolean wantsVoice(boolean fromVoice) {
        if (voice == null) return false;
        VoiceConfig.ReplyMode mode = behaviours == null ? voice.config().replyMode()
                : behaviours.voiceReplies().orElse(voice.config().replyMode());
        return mode == VoiceConfig.ReplyMode.ALWAYS || mode == VoiceConfig.ReplyMode.WHEN_SPOKEN && fromVoice;
    }

    /**
     * The listener for one agent reply to {@code chatId}; {@code done} runs once the reply is out (or failed).
     * {@code source} is where the user's message was screened from, so that its PII placeholders are restored.
     */
    public ReplyListener listener(long chatId, boolean fromVoice, ContentSource source, Runnable done) {
        String action = fromVoice ? "record_voice" : "typing";
        Runnable show = () -> {
            // The indicator bypasses the queue; during flood control it waits like everything else.
            if (queue.paused()) return;
            try {
                api.sendChatAction(chatId, action);
            } catch (TelegramApiException e) {
                // cosmetic, but a 429 here is flood control for the whole bot as well
                if (e.isRateLimited()) queue.pause(Duration.ofSeconds(Math.max(1, e.retryAfterSeconds())).toNanos());
            } catch (RuntimeException ignored) {
                // the indicator is cosmetic; a failure must not disturb the reply
            }
        };
        // Shown at once, then repeated: Telegram clears the indicator after about five seconds.
        show.run();
        long every = config.typingInterval().toMillis();
        ScheduledFuture<?> indicator = typing.scheduleAtFixedRate(show, every, every, TimeUnit.MILLISECONDS);
        return new ReplyListener() {
            private final StringBuilder streamed = new StringBuilder();
            private CompletableFuture<Long> liveMessage;
            private long lastEditNanos;
            private volatile boolean editInFlight;

            @Override
            public void onDelta(String text) {
                if (!config.liveEdit() || wantsVoice(fromVoice)) return;
                streamed.append(text);
                String snapshot = truncate(screen(settled(streamed), source));
                if (snapshot.isBlank()) return;
                if (liveMessage == null) {
                    liveMessage = queue.submit(chatId, () -> api.sendMessage(chatId, snapshot, null, null));
                    lastEditNanos = System.nanoTime();
                    return;
                }
                if (editInFlight || System.nanoTime() - lastEditNanos < config.editInterval().toNanos()) return;
                editInFlight = true;
                lastEditNanos = System.nanoTime();
                liveMessage.thenCompose(id -> queue.submit(chatId, () -> {
                    api.editMessageText(chatId, id, snapshot, null, null);
                    return null;
                })).whenComplete((r, e) -> editInFlight = false);
            }

            @Override
            public void onAttemptDiscarded(String reason) {
                streamed.setLength(0);
            }

            @Override
            public void onComplete(Reply reply) {
                indicator.cancel(false);
                CompletableFuture<Long> live = liveMessage;
                work.execute(() -> {
                    try {
                        deliver(chatId, reply.text() == null ? "" : screen(reply.text(), source), fromVoice, live);
                    } catch (RuntimeException e) {
                        events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_SEND_FAILED, 5, "telegram", "chat", chatId, "error", e.getClass().getSimpleName()));
                    } finally {
                        done.run();
                    }
                });
            }

            @Override
            public void onError(ChatError error) {
                indicator.cancel(false);
                work.execute(() -> {
                    try {
                        plain(chatId, "Sorry, I could not answer: " + error.message(), source).join();
                    } catch (RuntimeException e) {
                        events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_SEND_FAILED, 5, "telegram", "chat", chatId, "error", e.getClass().getSimpleName()));
                    } finally {
                        done.run();
                    }
                });
            }
        };
    }

    private void deliver(long chatId, String text, boolean fromVoice, CompletableFuture<Long> live) {
        if (text.isBlank()) return;
        if (wantsVoice(fromVoice)) {
            try {
                for (byte[] ogg : voice.speakOgg(text)) queue.submit(chatId, () -> api.sendVoice(chatId, ogg, null)).join();
                events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_VOICE_SENT, "telegram", "chat", chatId, "chars", text.length()));
                return;
            } catch (RuntimeException e) {
                events.emit(Event.of(clock.instant(), ChannelEvents.TELEGRAM_VOICE_FAILED, "telegram", "chat", chatId, "error", e.getClass().getSimpleName()));
            }
        }
        if (live != null) {
            // The streamed message becomes the first chunk of the final, formatted reply.
            List<String> chunks = format.render(text);
            long id = live.join();
            try {
                queue.submit(chatId, () -> {
                    api.editMessageText(chatId, id, chunks.get(0), format.parseModeName(), null);
                    return null;
                }).join();
            } catch (java.util.concurrent.CompletionException e) {
                List<String> plain = format.plain(text);
                queue.submit(chatId, () -> {
                    api.editMessageText(chatId, id, plain.get(0), null, null);
                    return null;
                }).join();
                for (String p : plain.subList(1, plain.size())) queue.submit(chatId, () -> api.sendMessage(chatId, p, null, null)).join();
                return;
            }
            for (String c : chunks.subList(1, chunks.size())) queue.submit(chatId, () -> api.sendMessage(chatId, c, format.parseModeName(), null)).join();
            return;
        }
        formatted(chatId, text);
    }

    /**
     * The streamed text up to its last whitespace: a token still arriving (half an API key, say) is not shown
     * until it is complete, so the screen sees whole tokens only.
     */
    static String settled(CharSequence streamed) {
        for (int i = streamed.length() - 1; i >= 0; i--) {
            if (Character.isWhitespace(streamed.charAt(i))) return streamed.subSequence(0, i).toString();
        }
        return "";
    }

    private static String truncate(String s) {
        return s.length() <= TelegramFormat.LIMIT ? s : s.substring(0, TelegramFormat.LIMIT - 1) + "…";
    }

    public int queueDepth() {
        return queue.depth();
    }

    @Override
    public void close() {
        typing.shutdownNow();
        work.shutdown();
    }
}
