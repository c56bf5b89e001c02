package dev.clawdbot.channels;

import dev.clawdbot.core.chat.ChatService;
import dev.clawdbot.core.chat.InboundMessage;
import dev.clawdbot.core.chat.Reply;
import dev.clawdbot.core.chat.ReplyListener;
import dev.clawdbot.core.guard.ContentGuard;
import dev.clawdbot.core.guard.ContentSource;
import dev.clawdbot.core.guard.GuardVerdict;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Test doubles for the gateway side: a scripted ChatService, a keyword guard, an event recorder. */
public final class Harness {
    public static final String TOKEN = "123456:TEST-secret_token_value";

    /** An admin status with nothing to report. */
    public static final AdminStatus NO_STATUS = new AdminStatus() {
        @Override
        public Map<String, String> status() {
            return Map.of();
        }

        @Override
        public Map<String, String> health() {
            return Map.of();
        }
    };

    private Harness() {
    }

    /** Records every message and answers with {@code script(text)}. */
    public static final class ScriptedChat implements ChatService {
        public final List<InboundMessage> received = new CopyOnWriteArrayList<>();
        private volatile Function<InboundMessage, String> script = m -> "echo: " + m.text();

        /** While true, messages are recorded but never answered, like an agent still at work when the process dies. */
        public volatile boolean hold;

        public void script(Function<InboundMessage, String> s) {
            this.script = s;
        }

        @Override
        public void submit(InboundMessage message, ReplyListener listener) {
            received.add(message);
            if (hold) return;
            String text = script.apply(message);
            listener.onComplete(new Reply("telegram:" + message.caller().peer(), text, "scripted", false, 1, 1));
        }
    }

    /**
     * A gateway honouring the idempotency contract: a completed turn is committed under the message's key, and a
     * message whose key is committed gets the committed reply again without a model run. {@code die} simulates the
     * process dying at one point of the turn: the listener is then never called.
     */
    public static final class IdempotentChat implements ChatService {
        public enum Die { NEVER, BEFORE_COMMIT, AFTER_COMMIT }

        public final Map<String, Reply> committed = new ConcurrentHashMap<>();
        public final AtomicInteger modelRuns = new AtomicInteger();
        public final List<InboundMessage> received = new CopyOnWriteArrayList<>();
        public volatile Die die = Die.NEVER;

        @Override
        public void submit(InboundMessage m, ReplyListener listener) {
            received.add(m);
            Reply replay = m.idempotencyKey() == null ? null : committed.get(m.idempotencyKey());
            if (replay != null) {
                listener.onComplete(replay);
                return;
            }
            if (die == Die.BEFORE_COMMIT) return;
            modelRuns.incrementAndGet();
            Reply reply = new Reply("telegram:" + m.caller().peer(), "answer to " + m.text(), "m", false, 1, 1);
            if (m.idempotencyKey() != null) committed.put(m.idempotencyKey(), reply);
            if (die == Die.AFTER_COMMIT) return;
            listener.onComplete(reply);
        }
    }

    /**
     * Blocks text containing "ignore previous instructions"; wraps untrusted content in visible markers. On output it
     * redacts fake API keys ({@code sk-...}) and restores the e-mail placeholders it handed out for the same source,
     * like the real guard's vault; placeholders are only handed out while {@link #piiPlaceholders} is set.
     */
    public static final class KeywordGuard implements ContentGuard {
        static final Pattern FAKE_KEY = Pattern.compile("sk-[A-Za-z0-9_-]{16,}");
        static final Pattern EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+");

        public final List<ContentSource> screened = new CopyOnWriteArrayList<>();
        public final List<ContentSource> outputScreened = new CopyOnWriteArrayList<>();
        public volatile boolean piiPlaceholders;
        private final Map<ContentSource, Map<String, String>> vault = new ConcurrentHashMap<>();

        @Override
        public GuardVerdict screen(String text, ContentSource source) {
            screened.add(source);
            if (text.toLowerCase().contains("ignore previous instructions")) {
                return new GuardVerdict(false, text, Map.of("injection", 0.99), List.of("injection"));
            }
            if (!piiPlaceholders) return GuardVerdict.pass(text);
            Map<String, String> mine = vault.computeIfAbsent(source, s -> new ConcurrentHashMap<>());
            return GuardVerdict.pass(EMAIL.matcher(text).replaceAll(m -> {
                String placeholder = "[EMAIL_" + (mine.size() + 1) + "]";
                mine.put(placeholder, m.group());
                return Matcher.quoteReplacement(placeholder);
            }));
        }

        @Override
        public String screenOutput(String text, ContentSource source) {
            outputScreened.add(source);
            String out = FAKE_KEY.matcher(text).replaceAll("[REDACTED_API_KEY]");
            for (Map.Entry<String, String> e : vault.getOrDefault(source, Map.of()).entrySet()) out = out.replace(e.getKey(), e.getValue());
            return out;
        }

        @Override
        public String wrapUntrusted(String content, ContentSource source) {
            return "<<untrusted " + source.kind() + ">>" + content + "<</untrusted>>";
        }
    }
}
